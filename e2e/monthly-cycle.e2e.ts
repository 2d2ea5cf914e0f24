import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets, type DatabaseTarget } from '../server/test/databases.ts';
import { browserUnavailable, launchBrowser } from './support/browser.ts';
import { startCaseApp, type RunningCaseApp } from './support/case-network.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { MEETING_NETWORK, meetingSeed } from './support/meeting-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { expectHeading, flashText, htmlLang, settled } from './support/pages.ts';
import { assertTaken, DESKTOP, PHONE, post, signedIn, type Person } from './support/people.ts';

/*
 * Issue 12 "Tests": the monthly cycle in the browser, in Dutch and in French, axe on every screen.
 * The coordinator plans a meeting of the minors table and builds its agenda (a case with an open
 * agreement comes first); two key figures attest; the coordinator starts the meeting; the minute
 * taker attests, opens the case in meeting mode and records a note and a decision; the coordinator
 * makes the plan (an objective, an agreement of the police) and closes the meeting; the police
 * officer finds the agreement in "our agreements" and marks it done; the next meeting's agenda
 * starts with the case whose agreement of the welfare centre is still open. All of it fictional.
 */

const unavailable = browserUnavailable();
const TEXTS = {
  note: 'Fictief: de jongere is twee keer gezien aan het station; de school meldt minder verzuim.',
  decision: 'Fictief: de tafel volgt de casus verder op; de politie spreekt de jongere aan.',
  objective: 'Fictief: de jongere houdt afstand van de dealers aan het station.',
  agreement: 'Fictief: de wijkagent spreekt de jongere en de ouders aan.',
  agreementDue: '2027-02-15',
};

async function clickButton(page: Page, name: string, path: RegExp, what: string): Promise<void> {
  await assertTaken(await post(page, () => page.getByRole('button', { name, exact: true }).click(), path), what);
}

const mainText = async (page: Page): Promise<string> => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

/** The agenda's items as shown on the meeting page: the case each links to and the line's text. */
async function agendaOf(page: Page): Promise<{ href: string; text: string }[]> {
  return page
    .locator('main ol.agenda-list > li')
    .evaluateAll((items) =>
      items.map((item) => ({ href: item.querySelector('a')?.getAttribute('href') ?? '', text: (item.textContent ?? '').replace(/\s+/g, ' ') })),
    );
}

/** The coordinator opens the table's meetings page and plans the first proposal not yet planned; answers the meeting's path. */
async function planNextMeeting(person: Person, app: RunningCaseApp, tableId: string, t: Translate, label: string): Promise<string> {
  const { page, audit } = person;
  await page.goto(`${app.url}/tables/${tableId}/meetings`);
  await expectHeading(page, t('meetings.table_title', { table: MEETING_NETWORK.table.name }));
  await audit.check(`table meetings (${label})`);
  const proposal = page.locator('main ul.proposal-list button[type="submit"]').first();
  await assertTaken(await post(page, () => proposal.click(), new RegExp(`^/tables/${tableId}/meetings$`)), `the ${label} is planned`);
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  await settled(page);
  assert.equal(await flashText(page), t('flash.meeting_planned'), `the coordinator is told the ${label} is planned`);
  return new URL(page.url()).pathname;
}

/** Confirms the meeting's confidentiality statement on the meeting page. */
async function attest(person: Person, meetingPath: string, t: Translate, who: string): Promise<void> {
  const { page, audit } = person;
  await page.locator('#attestation-heading').waitFor();
  await audit.check(`meeting page before attesting (${who})`);
  await clickButton(page, t('meetings.attestation_confirm'), new RegExp(`^${meetingPath}/attestation$`), `${who} attests`);
  assert.equal(await flashText(page), t('flash.meeting_attested'), `${who} is told the statement is confirmed`);
  await page.locator('#agenda-heading').waitFor();
  await audit.check(`meeting page after attesting (${who})`);
}

/** Start or close: opens the disclosure and confirms. */
async function takeStep(person: Person, meetingPath: string, t: Translate, step: 'start' | 'close'): Promise<void> {
  const { page, audit } = person;
  await page.locator('section.meeting-course summary', { hasText: t(`meetings.course.${step}`) }).click();
  await audit.check(`meeting page, ${step} disclosure open`);
  await clickButton(page, t(`meetings.course.${step}_confirm`), new RegExp(`^${meetingPath}/${step}$`), `the meeting is ${step}ed`);
  assert.equal(
    await flashText(page),
    t(step === 'start' ? 'flash.meeting_started' : 'flash.meeting_closed'),
    `the coordinator is told of the ${step}`,
  );
  assert.ok(
    (await mainText(page)).includes(t(`meetings.status.${step === 'start' ? 'in_progress' : 'closed'}`)),
    `after the ${step} the meeting's status is shown`,
  );
  await audit.check(`meeting page after the ${step}`);
}

async function journey(browser: Browser, target: DatabaseTarget, locale: Locale): Promise<void> {
  const t = messagesFor(locale);
  const { seed, people } = meetingSeed(locale);
  const app = await startCaseApp(target, locale, seed);
  const opened: Person[] = [];
  try {
    const caseAgenda = (meetingPath: string, caseId: string) => `${meetingPath}/cases/${caseId}`;

    // 1. The coordinator saves the table's rhythm, plans the first proposal, attests and builds the agenda.
    const coordinator = await signedIn(browser, app, app.coordinator, locale, t);
    opened.push(coordinator);
    const cp = coordinator.page;
    await cp.goto(`${app.url}/tables/${people.tableId}/meetings`);
    await expectHeading(cp, t('meetings.table_title', { table: MEETING_NETWORK.table.name }));
    await coordinator.audit.check('table meetings without a rhythm');
    await cp.locator('#field-rrule').fill('FREQ=MONTHLY;BYDAY=1MO');
    await cp.locator('#field-localStartTime').fill('09:00');
    await cp.locator('#field-durationMinutes').fill('120');
    await clickButton(cp, t('meetings.schedule_save'), new RegExp(`^/tables/${people.tableId}/schedule$`), 'the rhythm is saved');
    assert.equal(await flashText(cp), t('flash.meeting_schedule_saved'), 'the coordinator is told the rhythm is saved');
    assert.ok((await cp.locator('main ul.proposal-list li').count()) > 1, 'the rhythm proposes coming meetings');
    const meetingPath = await planNextMeeting(coordinator, app, people.tableId, t, 'first meeting');
    await expectHeading(cp, t('meetings.meeting_title', { table: MEETING_NETWORK.table.name }));
    await attest(coordinator, meetingPath, t, 'the coordinator');
    await clickButton(cp, t('meetings.agenda_build'), new RegExp(`^${meetingPath}/agenda/build$`), 'the agenda is built');
    assert.equal(await flashText(cp), t('flash.meeting_agenda_changed'), 'the coordinator is told the agenda changed');
    const agenda = await agendaOf(cp);
    assert.deepEqual(
      agenda.map((item) => item.href),
      [caseAgenda(meetingPath, people.withAgreementCaseId), caseAgenda(meetingPath, people.freshCaseId)],
      'both open cases are on the agenda, the one with an open agreement first',
    );
    assert.ok(agenda[0]!.text.includes(t('meetings.agenda_reason.agreements')), 'the first case is there for its open agreements');
    assert.ok(agenda[1]!.text.includes(t('meetings.agenda_reason.new_referral')), 'the second as a new referral');
    await cp.setViewportSize(PHONE);
    await assertNoSidewaysScroll(cp, 'the meeting page with its agenda at 390 px');
    await coordinator.audit.check('meeting page at 390 px');
    await cp.setViewportSize(DESKTOP);

    // 2. Two key figures (the police officer and the welfare centre's social worker) attest.
    const officer = await signedIn(browser, app, people.officer, locale, t);
    opened.push(officer);
    const welfare = await signedIn(browser, app, app.guest, locale, t);
    opened.push(welfare);
    for (const [person, who] of [
      [officer, 'the police officer'],
      [welfare, 'the social worker'],
    ] as const) {
      await person.page.goto(`${app.url}${meetingPath}`);
      await expectHeading(person.page, t('meetings.meeting_title', { table: MEETING_NETWORK.table.name }));
      await attest(person, meetingPath, t, who);
      assert.equal((await agendaOf(person.page)).length, 2, `${who} sees the agenda after attesting`);
    }

    // 3. The coordinator starts the meeting.
    await cp.reload();
    await settled(cp);
    await takeStep(coordinator, meetingPath, t, 'start');

    // 4. The minute taker attests, opens the first case in meeting mode and records a note and a decision.
    const minuteTaker = await signedIn(browser, app, people.minuteTaker, locale, t);
    opened.push(minuteTaker);
    const mp = minuteTaker.page;
    await mp.goto(`${app.url}${meetingPath}`);
    await expectHeading(mp, t('meetings.meeting_title', { table: MEETING_NETWORK.table.name }));
    await attest(minuteTaker, meetingPath, t, 'the minute taker');
    const firstCase = mp.locator(`main ol.agenda-list a[href="${caseAgenda(meetingPath, people.withAgreementCaseId)}"]`);
    const reference = ((await firstCase.textContent()) ?? '').trim();
    await firstCase.click();
    await expectHeading(mp, t('minutes.case_title', { reference }));
    await minuteTaker.audit.check('meeting mode');
    const casePath = caseAgenda(meetingPath, people.withAgreementCaseId);
    await mp.locator('#field-note-text').fill(TEXTS.note);
    await clickButton(mp, t('minutes.add_note'), new RegExp(`^${casePath}/notes$`), 'the note is recorded');
    assert.equal(await flashText(mp), t('flash.minutes_note_added'), 'the minute taker is told the note was added');
    await mp.locator('#field-decision-text').fill(TEXTS.decision);
    await clickButton(mp, t('minutes.add_decision'), new RegExp(`^${casePath}/decisions$`), 'the decision is recorded');
    assert.equal(await flashText(mp), t('flash.minutes_decision_added'), 'the minute taker is told the decision was added');
    const entries = ((await mp.locator('section[aria-labelledby="entries-heading"]').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.ok(entries.includes(TEXTS.note) && entries.includes(TEXTS.decision), 'the minutes of the case show the note and the decision');
    await mp.setViewportSize(PHONE);
    await assertNoSidewaysScroll(mp, 'meeting mode at 390 px');
    await minuteTaker.audit.check('meeting mode with a note and a decision, at 390 px');
    await mp.setViewportSize(DESKTOP);

    // 5. The coordinator makes the plan on the plan tab: an objective and an agreement of the police.
    const planPath = `/cases/${people.withAgreementCaseId}/plan`;
    await cp.goto(`${app.url}${planPath}`);
    await expectHeading(cp, reference);
    await coordinator.audit.check('plan tab');
    await cp.locator('#field-objective-title').fill(TEXTS.objective);
    await clickButton(cp, t('plans.add_objective'), new RegExp(`^${planPath}/objectives$`), 'the objective is added');
    assert.equal(await flashText(cp), t('flash.plan_saved'), 'the coordinator is told the plan was saved');
    await cp.locator('#field-agreement-objectiveId').selectOption({ label: TEXTS.objective });
    await cp.locator('#field-agreement-organisationId').selectOption(people.policeOrganisationId);
    await cp.locator('#field-agreement-description').fill(TEXTS.agreement);
    await cp.locator('#field-agreement-dueDate').fill(TEXTS.agreementDue);
    await clickButton(cp, t('plans.add_agreement'), new RegExp(`^${planPath}/agreements$`), 'the agreement is added');
    assert.equal(await flashText(cp), t('flash.plan_saved'), 'the coordinator is told the plan was saved again');
    assert.ok((await mainText(cp)).includes(TEXTS.agreement), 'the plan shows the police’s agreement');
    await coordinator.audit.check('plan tab with an objective and an agreement');

    // 6. The coordinator reads the minutes and closes the meeting.
    await cp.goto(`${app.url}${meetingPath}/minutes`);
    await expectHeading(cp, t('minutes.title'));
    const minutes = await mainText(cp);
    assert.ok(minutes.includes(TEXTS.note) && minutes.includes(TEXTS.decision), 'the minutes hold the note and the decision');
    await coordinator.audit.check('minutes while the meeting runs');
    await cp.goto(`${app.url}${meetingPath}`);
    await expectHeading(cp, t('meetings.meeting_title', { table: MEETING_NETWORK.table.name }));
    await takeStep(coordinator, meetingPath, t, 'close');

    // 7. The police officer finds the agreement in "our agreements" and marks it done on the plan.
    const op = officer.page;
    await op.goto(`${app.url}/agreements`);
    await expectHeading(op, t('plans.our_agreements'));
    assert.ok((await mainText(op)).includes(TEXTS.agreement), 'the police see their own agreement among their action points');
    assert.ok(!(await mainText(op)).includes(MEETING_NETWORK.agreement), 'but not the welfare centre’s');
    await officer.audit.check('our agreements');
    await op.locator(`main a[href="${planPath}"]`).first().click();
    await expectHeading(op, reference);
    await officer.audit.check('plan tab for the police');
    const own = op.locator('main li', { hasText: TEXTS.agreement });
    await assertTaken(
      await post(op, () => own.getByRole('button', { name: t('plans.mark_done'), exact: true }).click(), /^\/agreements\/[^/]+\/status$/),
      'the agreement is marked done',
    );
    await settled(op);
    assert.equal(await flashText(op), t('flash.agreement_updated'), 'the officer is told the agreement’s status is saved');
    assert.ok(
      ((await op.locator('main li', { hasText: TEXTS.agreement }).textContent()) ?? '').includes(t('plans.agreement_status.done')),
      'the agreement is shown as done',
    );
    await officer.audit.check('plan tab after marking done');
    await op.goto(`${app.url}/agreements`);
    await expectHeading(op, t('plans.our_agreements'));
    assert.ok(!(await mainText(op)).includes(TEXTS.agreement), 'a done agreement leaves "our agreements"');
    await officer.audit.check('our agreements after marking done');

    // 8. The next meeting: its agenda starts with the case whose agreement of the welfare centre is still open.
    const nextPath = await planNextMeeting(coordinator, app, people.tableId, t, 'next meeting');
    assert.notEqual(nextPath, meetingPath, 'the next meeting is another meeting');
    await attest(coordinator, nextPath, t, 'the coordinator (next meeting)');
    const next = await agendaOf(cp);
    assert.equal(next[0]?.href, caseAgenda(nextPath, people.withAgreementCaseId), 'the case with a still open agreement is first');
    assert.ok(next[0]!.text.includes(t('meetings.agenda_reason.agreements')), 'for its open agreements');
    await coordinator.audit.check('next meeting’s agenda');

    for (const person of opened) {
      assert.equal(await htmlLang(person.page), locale, 'the pages are in the journey’s language');
      assert.deepEqual(person.problems, [], 'no script errors or Content-Security-Policy violations');
    }
  } finally {
    for (const person of opened) await person.close();
    await app.stop();
  }
}

describe('the monthly cycle in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Dutch on SQLite, French on PostgreSQL when there is one (else on SQLite too), like the consult point's journey.
  const targets = databaseTargets();
  const plan: readonly (readonly [Locale, DatabaseTarget])[] = [
    ['nl', targets[0]!],
    ['fr', targets[1] ?? targets[0]!],
  ];
  for (const [locale, target] of plan) {
    test(`a meeting is planned, held, minuted and closed, its agreements followed up, in ${locale} on ${target.kind}`, () =>
      journey(browser, target, locale));
  }
});
