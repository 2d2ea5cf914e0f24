import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets, type DatabaseTarget } from '../server/test/databases.ts';
import { browserUnavailable, launchBrowser } from './support/browser.ts';
import { startCaseApp } from './support/case-network.ts';
import { CONSULT_NETWORK, consultSeed, type ConsultPeople } from './support/consult-network.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { expectHeading, flashText, htmlLang, settled, submit } from './support/pages.ts';
import { assertTaken, DESKTOP, PHONE, signedIn, type Person } from './support/people.ts';

/*
 * Issue 11 "Tests": the consult point's journey in the browser, in Dutch and in French, axe on every
 * screen. A teacher reports a concern anonymously; the coordinator screens it, asks the teacher a
 * question, reads the answer and decides it is a shared concern; a named network inquiry asks a
 * youth-care service, whose professional answers "known"; the coordinator refers the signal to the
 * minors table, opens the case and the PDF; a second signal about the same person finds the case.
 * Everything about the person is fictional.
 */

const unavailable = browserUnavailable();
/** A fictional minor (14 in 2026); the second signal names the same family name and birth date. */
const PERSON = { givenName: 'Mila', familyName: 'Fictief-Verhoeven', birthDate: '2012-05-14' };
const TEXTS = {
  description: 'Fictief: een leerling trekt zich terug in de klas en spreekt over nieuwe vrienden online.',
  observation: 'Fictief: zegt in de klas dat zijn nieuwe online vrienden de enigen zijn die hem begrijpen.',
  screeningRationale: 'Fictief: teruggetrokken gedrag en nieuwe online contacten; snel bekijken.',
  question: 'Fictief: sinds wanneer merkt u dit, en weten de ouders ervan?',
  answer: 'Fictief: sinds de herfstvakantie; de ouders zijn op de hoogte.',
  decisionRationale: 'Fictief: de zorg wordt gedeeld; meerdere diensten zijn nodig.',
  inquiryPurpose: 'Fictief: nagaan of de jongere al begeleiding krijgt voor we aanmelden.',
  referralSummary: 'Fictief: zorgen over terugtrekking en online contacten; de jeugdhulp kent de jongere.',
  secondDescription: 'Fictief: de jongere komt op de jeugdhulp en vertelt over nieuwe vrienden online.',
};

/** Follows a link of the main navigation (open on a wide screen). */
async function viaMenu(page: Page, label: string): Promise<void> {
  await page.locator('nav.main-nav a', { hasText: label }).first().click();
  await settled(page);
}

/** Opens one tab of the signal's page by its link in the tab list. */
async function openTab(page: Page, t: Translate, tab: string): Promise<void> {
  await page
    .getByRole('navigation', { name: t('signals.tabs_label'), exact: true })
    .getByRole('link', { name: t(`signals.tab.${tab}`), exact: true })
    .click();
  await page.locator('#signal-tabs a[aria-current="page"]', { hasText: t(`signals.tab.${tab}`) }).waitFor();
  await settled(page);
}

const mainText = async (page: Page): Promise<string> => (await page.locator('main').textContent()) ?? '';

/** The subject fields of a report form, filled with the fictional person. */
async function fillPerson(page: Page): Promise<void> {
  await page.locator('#field-subjectGivenName').fill(PERSON.givenName);
  await page.locator('#field-subjectFamilyName').fill(PERSON.familyName);
  await page.locator('#field-subjectBirthDate').fill(PERSON.birthDate);
}

/** A professional reports a concern through /signals/new (reached from "my signals"); answers the signal's path. */
async function reportConcern(person: Person, t: Translate, options: { anonymous: boolean; description: string; phone?: boolean }): Promise<string> {
  const { page, audit } = person;
  await viaMenu(page, t('nav.signals'));
  await expectHeading(page, t('signals.mine_title'));
  await audit.check('my signals');
  await page.locator('main a', { hasText: t('signals.new') }).click();
  await settled(page);
  await expectHeading(page, t('signals.new_title'));
  if (options.phone) {
    await page.setViewportSize(PHONE);
    await assertNoSidewaysScroll(page, 'the report form at 390 px');
  }
  await audit.check('report form');
  await page.locator('#field-kind-concern').check();
  await page.locator('#field-theme').selectOption('radicalisation');
  await page.locator('#field-description').fill(options.description);
  if (options.anonymous) await page.locator('#field-reporterAnonymous-yes').check();
  await fillPerson(page);
  await assertTaken(await submit(page, page.locator('main button[type="submit"]'), '/signals/new'), 'the report is taken');
  await page.waitForURL(/\/signals\/[0-9a-f-]{36}$/);
  await settled(page);
  assert.equal(await flashText(page), t('flash.signal_created'), 'the reporter is told the signal was sent');
  if (options.phone) {
    await assertNoSidewaysScroll(page, 'the reporter’s signal overview at 390 px');
    await page.setViewportSize(DESKTOP);
  }
  await audit.check('own signal after reporting');
  return new URL(page.url()).pathname;
}

async function journey(browser: Browser, target: DatabaseTarget, locale: Locale): Promise<void> {
  const t = messagesFor(locale);
  const { seed, people } = consultSeed(locale);
  const app = await startCaseApp(target, locale, seed);
  const opened: Person[] = [];
  try {
    const consult: ConsultPeople = people;

    // 1. The teacher reports anonymously, with the person named, and sees it as received in "my signals".
    const teacher = await signedIn(browser, app, consult.teacher, locale, t);
    opened.push(teacher);
    const signalPath = await reportConcern(teacher, t, { anonymous: true, description: TEXTS.description, phone: true });
    const heading = (await teacher.page.locator('main h1').textContent())?.trim() ?? '';
    await viaMenu(teacher.page, t('nav.signals'));
    await expectHeading(teacher.page, t('signals.mine_title'));
    const ownRow = teacher.page.locator('main tbody tr', { has: teacher.page.locator(`a[href="${signalPath}"]`) });
    assert.equal(await ownRow.count(), 1, 'the new signal is in "my signals"');
    assert.equal(
      (await ownRow.locator(`td[data-label="${t('signals.field.status')}"]`).textContent())?.trim(),
      t('signals.status.received'),
      'the teacher sees the signal as received',
    );
    const reference = (await ownRow.locator(`a[href="${signalPath}"]`).textContent())?.trim() ?? '';
    assert.equal(heading, t('signals.signal_title', { reference }), 'the signal’s page is headed by its reference');
    await teacher.audit.check('my signals with the new signal');

    // 2. The coordinator opens it: the reporter is anonymous; a screening gives category 4; a question on the messages tab.
    const coordinator = await signedIn(browser, app, app.coordinator, locale, t);
    opened.push(coordinator);
    const cp = coordinator.page;
    await viaMenu(cp, t('nav.signals'));
    await expectHeading(cp, t('signals.title'));
    await coordinator.audit.check('consult point overview');
    await cp.locator(`main a[href="${signalPath}"]`).click();
    await settled(cp);
    await expectHeading(cp, heading);
    const factsText = (await cp.locator('main dl.facts').first().textContent()) ?? '';
    assert.ok(factsText.includes(t('signals.reporter_anonymous')), 'the coordinator sees the reporter as anonymous');
    assert.ok(!(await mainText(cp)).includes(CONSULT_NETWORK.teacher.name), 'the anonymous teacher is not named to the coordinator');
    assert.ok(!(await mainText(cp)).includes(CONSULT_NETWORK.organisations.school.name), 'nor is the school');
    await cp.setViewportSize(PHONE);
    await assertNoSidewaysScroll(cp, 'the signal overview at 390 px');
    await coordinator.audit.check('signal overview at 390 px');
    await cp.setViewportSize(DESKTOP);

    await openTab(cp, t, 'screening');
    await coordinator.audit.check('screening tab');
    await cp.locator('#field-instrument').selectOption('observation');
    await cp.getByRole('button', { name: t('screening.form.choose'), exact: true }).click();
    await cp.waitForURL((url) => url.searchParams.get('instrument') === 'observation');
    await settled(cp);
    assert.equal(await cp.locator('#field-instrument').inputValue(), 'observation', 'the observation instrument is chosen');
    await coordinator.audit.check('screening tab, observation instrument');
    await cp.locator('#field-answers-behaviour-observation-0-fact').fill(TEXTS.observation);
    await cp.locator('#field-answers-behaviour-observation-0-factor-risk').check();
    await cp.locator('#field-judgement-wellbeingVulnerable-yes').check();
    await cp.locator('#field-judgement-radicalisationVulnerable-yes').check();
    await cp.locator('#field-judgement-urgency-high').check();
    await cp.locator('#field-judgement-rationale').fill(TEXTS.screeningRationale);
    // The form opens with an out-of-sight record button (Enter records); the visible one ends the form.
    const screened = await submit(cp, cp.getByRole('button', { name: t('screening.form.submit'), exact: true }).last(), `${signalPath}/screening`);
    await assertTaken(screened, 'the screening is recorded');
    await settled(cp);
    assert.equal(await flashText(cp), t('flash.screening_recorded'), 'the coordinator is told the screening was recorded');
    const category = (await cp.locator('main .screening-category').first().textContent())?.replace(/\s+/g, ' ').trim();
    assert.equal(
      category,
      `${t('screening.category.label', { category: 4 })} ${t('screening.category.4')}`,
      'both vulnerabilities judged: category 4',
    );
    await coordinator.audit.check('screening tab with the screening');

    await openTab(cp, t, 'messages');
    assert.ok(!(await mainText(cp)).includes(CONSULT_NETWORK.teacher.name), 'the messages tab does not name the anonymous teacher');
    await coordinator.audit.check('messages tab');
    await cp.locator('#field-message-body').fill(TEXTS.question);
    await assertTaken(
      await submit(cp, cp.locator('section[aria-labelledby="write-message"] button[type="submit"]'), `${signalPath}/messages`),
      'the question is sent',
    );
    await settled(cp);
    assert.equal(await flashText(cp), t('flash.signal_message_sent'), 'the coordinator is told the question was sent');
    await coordinator.audit.check('messages tab with the question');

    // 3. The teacher sees the question and answers it.
    const tp = teacher.page;
    await viaMenu(tp, t('nav.signals'));
    await expectHeading(tp, t('signals.mine_title'));
    await tp.locator(`main a[href="${signalPath}"]`).click();
    await settled(tp);
    await expectHeading(tp, heading);
    await teacher.audit.check('own signal, in consultation');
    await openTab(tp, t, 'messages');
    assert.ok((await mainText(tp)).includes(TEXTS.question), 'the teacher sees the coordinator’s question');
    await teacher.audit.check('teacher’s messages tab');
    await tp.locator('#field-message-body').fill(TEXTS.answer);
    await assertTaken(
      await submit(tp, tp.locator('section[aria-labelledby="write-message"] button[type="submit"]'), `${signalPath}/messages`),
      'the answer is sent',
    );
    await settled(tp);
    assert.equal(await flashText(tp), t('flash.signal_message_sent'), 'the teacher is told the answer was sent');
    await teacher.audit.check('teacher’s messages tab after answering');

    // 4. The coordinator reads the answer and decides "shared concern" on the overview tab.
    await cp.reload();
    await settled(cp);
    assert.ok((await mainText(cp)).includes(TEXTS.answer), 'the coordinator reads the teacher’s answer');
    await coordinator.audit.check('messages tab with the answer');
    await openTab(cp, t, 'overview');
    await cp.locator('#field-outcome-shared_concern').check();
    await cp.locator('#field-rationale').fill(TEXTS.decisionRationale);
    await assertTaken(
      await submit(cp, cp.getByRole('button', { name: t('signals.decide'), exact: true }), `${signalPath}/decision`),
      'the decision is recorded',
    );
    await settled(cp);
    assert.equal(await flashText(cp), t('flash.signal_decided'), 'the coordinator is told the decision was recorded');
    assert.ok((await mainText(cp)).includes(t('signals.outcome.shared_concern')), 'the overview shows the outcome');
    await coordinator.audit.check('signal overview after the decision');

    // 5. A named inquiry asks the youth-care service.
    await openTab(cp, t, 'inquiries');
    await coordinator.audit.check('inquiries tab');
    await cp.locator('#field-mode-named').check();
    await cp.locator(`#field-organisationIds-${consult.youthCareOrganisationId}`).check();
    await cp.locator('#field-purpose').fill(TEXTS.inquiryPurpose);
    await cp.locator('#field-legalBasis').selectOption('art_458ter');
    await assertTaken(
      await submit(cp, cp.getByRole('button', { name: t('inquiries.start_submit'), exact: true }), `${signalPath}/inquiries`),
      'the inquiry is started',
    );
    await settled(cp);
    assert.equal(await flashText(cp), t('flash.inquiry_started'), 'the coordinator is told the inquiry started');
    await coordinator.audit.check('inquiries tab with the inquiry');

    // 6. The youth-care professional opens the question, sees who, why and on what basis, and answers "known: yes".
    const youthCare = await signedIn(browser, app, consult.youthCare, locale, t);
    opened.push(youthCare);
    const yp = youthCare.page;
    await viaMenu(yp, t('nav.inquiries'));
    await expectHeading(yp, t('inquiries.title'));
    await youthCare.audit.check('inquiries list (youth care)');
    await yp.locator('main tbody a').first().click();
    await settled(yp);
    assert.match(new URL(yp.url()).pathname, /^\/inquiries\/[0-9a-f-]{36}$/, 'the question opens on its own page');
    const question = await mainText(yp);
    assert.ok(question.includes(`${PERSON.givenName} ${PERSON.familyName}`), 'the asked professional sees the person’s name');
    assert.ok(question.includes(TEXTS.inquiryPurpose), 'and the purpose');
    assert.ok(question.includes(t('cases.legal_basis.art_458ter')), 'and the legal basis');
    assert.ok(!question.includes(CONSULT_NETWORK.teacher.name), 'the anonymous reporter is not named to the asked organisation');
    await youthCare.audit.check('inquiry question (youth care)');
    await yp.locator('#field-known-yes').check();
    await assertTaken(
      await submit(yp, yp.getByRole('button', { name: t('inquiries.submit_answer'), exact: true }), new URL(yp.url()).pathname),
      'the answer is taken',
    );
    await settled(yp);
    assert.equal(await flashText(yp), t('flash.inquiry_answered'), 'the professional is told the answer went to the consult point');
    await youthCare.audit.check('inquiry question after answering');

    // 7. The coordinator sees the answer, refers to the minors table, opens the case and the PDF.
    await cp.reload();
    await settled(cp);
    const answerRow = cp.locator('main tbody tr', { hasText: CONSULT_NETWORK.organisations.youthCare.name });
    assert.equal(
      (await answerRow.locator('td').nth(1).textContent())?.trim(),
      t('inquiries.answer.yes'),
      'the coordinator sees the youth-care service answered "known: yes"',
    );
    await coordinator.audit.check('inquiries tab with the answer');
    await openTab(cp, t, 'referral');
    await coordinator.audit.check('referral tab');
    assert.equal(await cp.locator('#field-tableId').inputValue(), consult.minorsTableId, 'a 14-year-old is routed to the minors table');
    await cp.locator('#field-summary').fill(TEXTS.referralSummary);
    await assertTaken(
      await submit(cp, cp.getByRole('button', { name: t('referral.form.submit'), exact: true }), `${signalPath}/referral`),
      'the referral is made',
    );
    await settled(cp);
    assert.equal(await flashText(cp), t('flash.signal_referred'), 'the coordinator is told the case was opened');
    await coordinator.audit.check('referral tab after referring');
    const pdfHref = (await cp.locator('main a', { hasText: t('referral.done.pdf_link') }).getAttribute('href')) ?? '';
    const pdf = await cp.request.get(`${app.url}${pdfHref}`);
    assert.equal(pdf.status(), 200, 'the referral PDF opens');
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/, 'the PDF link answers application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-', 'and the body is a PDF');
    await cp.locator('main a', { hasText: t('referral.done.case_link') }).click();
    await cp.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await settled(cp);
    const casePath = new URL(cp.url()).pathname;
    const caseHeading = (await cp.locator('main h1').textContent())?.trim() ?? '';
    assert.ok(caseHeading.length > 0, 'the case page loads with its reference as heading');
    assert.ok((await mainText(cp)).includes(CONSULT_NETWORK.table.name), 'the case is on the minors table');
    await coordinator.audit.check('the new case');

    // 8. A second signal about the same person (the youth-care professional reports it, named) finds the case.
    const secondPath = await reportConcern(youthCare, t, { anonymous: false, description: TEXTS.secondDescription });
    await viaMenu(cp, t('nav.signals'));
    await expectHeading(cp, t('signals.title'));
    await cp.locator(`main a[href="${secondPath}"]`).click();
    await settled(cp);
    assert.ok(
      ((await cp.locator('main dl.facts').first().textContent()) ?? '').includes(CONSULT_NETWORK.youthCare.name),
      'a reporter who did not ask for anonymity is named to the coordinator',
    );
    await coordinator.audit.check('second signal overview');
    await cp.locator('#field-outcome-shared_concern').check();
    await cp.locator('#field-rationale').fill(TEXTS.decisionRationale);
    await assertTaken(
      await submit(cp, cp.getByRole('button', { name: t('signals.decide'), exact: true }), `${secondPath}/decision`),
      'the second signal is decided',
    );
    await settled(cp);
    await coordinator.audit.check('second signal overview after the decision');
    await openTab(cp, t, 'referral');
    const known = cp.locator('section[aria-labelledby="known-heading"]');
    await known.waitFor();
    const caseLink = known.locator(`a[href="${casePath}"]`);
    assert.equal(await caseLink.count(), 1, 'the second signal’s referral tab lists the case of the same person');
    const caseReference = (await caseLink.textContent())?.trim() ?? '';
    assert.equal(caseHeading, t('cases.case_title', { reference: caseReference }), 'by the case’s reference');
    assert.equal(await known.locator(`a[href="${signalPath}"]`).textContent(), reference, 'and the first signal, by its reference');
    await coordinator.audit.check('referral tab of the second signal: already known');

    for (const person of [teacher, coordinator, youthCare]) {
      assert.equal(await htmlLang(person.page), locale, 'the pages are in the journey’s language');
      assert.deepEqual(person.problems, [], 'no script errors or Content-Security-Policy violations');
    }
  } finally {
    for (const person of opened) await person.close();
    await app.stop();
  }
}

describe('the consult point in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Dutch on SQLite, French on PostgreSQL when there is one (else on SQLite too): one journey per language keeps the run short.
  const targets = databaseTargets();
  const plan: readonly (readonly [Locale, DatabaseTarget])[] = [
    ['nl', targets[0]!],
    ['fr', targets[1] ?? targets[0]!],
  ];
  for (const [locale, target] of plan) {
    test(`a concern goes from an anonymous report to a referral and is found again, in ${locale} on ${target.kind}`, () =>
      journey(browser, target, locale));
  }
});
