import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type ExtraSeed, type RunningCaseApp, type SeededPerson } from './support/case-network.ts';
import { directoryEntrySeed } from './support/directory-entry.ts';
import { meetingSeed, type MeetingPeople } from './support/meeting-network.ts';
import { messagesFor, type Translate } from './support/messages.ts';
import { languagePerDatabase } from './support/variants.ts';
import { signInWithCode } from './support/sign-in.ts';
import { setUpMinorsTable } from './support/tables.ts';
import { fieldError, flashText, settled, submit } from './support/pages.ts';

/**
 * The shell on a phone: at 320 and 390 px every page a person reaches from the navigation (and the
 * case page) fits the width — no sideways scrolling — the header stays small, and axe finds nothing.
 */

const unavailable = browserUnavailable();
const targets = databaseTargets();

/** Phone screens: the smallest still in use, and a common one. axe runs at 390. */
const SCREENS = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;
const AXE_WIDTH = 390;
/** The header may take at most this share of the screen's height (menu closed). */
const HEADER_SHARE = 0.2;

/** The signed-in people, and a visitor who is not signed in (the published social map). */
type Who = 'coordinator' | 'guest' | 'admin' | 'dpo' | 'visitor';

/** What the set-up left: the addresses of pages that have an id in them. */
interface Places {
  readonly tablePath: string;
  readonly casePath: string;
  /** The professional, a guest on the case. */
  readonly guestId: string;
  /** A signal the coordinator registered on the guest's behalf (in consultation, one screening recorded). */
  readonly signalPath: string;
  /** A second signal on the guest's behalf, a shared concern naming the person, with a named inquiry. */
  readonly sharedSignalPath: string;
  /** The named inquiry about the shared concern; the guest's organisation (welfare) is asked. */
  readonly inquiryId: string;
  /** The minors table of the monthly cycle (the guest a key figure), its cases and meetings, seeded before the start. */
  readonly meetings: MeetingPeople;
  /** An entry of the social map with contacts, opening hours and a place, seeded before the start (the coordinator curates it). */
  readonly servicePath: string;
}

interface PhonePage {
  readonly name: string;
  readonly path: string | ((places: Places) => string);
  readonly who: readonly Who[];
  /**
   * What the person does on the opened page before it is measured (a state only a form post
   * reaches, such as a refused form); it asserts that the state was reached.
   */
  readonly then?: (page: Page, t: Translate, places: Places) => Promise<void>;
}

/**
 * The edit form of the social map's entry refused: the first opening-hours line closes before it
 * opens; the error stands next to the closing time, in the sweep's language.
 */
async function closesBeforeOpens(page: Page, t: Translate, places: Places): Promise<void> {
  await page.locator('#field-service-hours-0-opens').fill('14:00');
  await page.locator('#field-service-hours-0-closes').fill('12:00');
  const refused = await submit(page, page.getByRole('button', { name: t('directory.save'), exact: true }), `${places.servicePath}/edit`);
  assert.equal(refused.status(), 400, 'the edit form with a line that closes before it opens is refused');
  await settled(page);
  assert.equal(
    await fieldError(page, 'service-hours-0-closes'),
    t('validation.closes_before_opens'),
    'the error stands next to the closing time, in the sweep’s language',
  );
}

/**
 * Every page of the sweep, and who opens it. Add new pages here (one line each): the sweep checks
 * that every link in a person's menu is on this list, so a new navigation entry cannot be missed.
 */
const PAGES: readonly PhonePage[] = [
  { name: 'home', path: '/', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'social map', path: '/directory', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'social map with filters', path: '/directory?theme=school_dropout&age=15&language=fr', who: ['coordinator'] },
  { name: 'social map print page', path: '/directory/print', who: ['coordinator'] },
  { name: 'social map new entry', path: '/directory/services/new', who: ['coordinator'] },
  { name: 'social map import', path: '/directory/import', who: ['coordinator'] },
  { name: 'social map entry', path: (places) => places.servicePath, who: ['coordinator', 'guest'] },
  { name: 'social map entry edit form', path: (places) => `${places.servicePath}/edit`, who: ['coordinator'] },
  {
    name: 'social map entry edit form refused (closes before it opens)',
    path: (places) => `${places.servicePath}/edit`,
    who: ['coordinator'],
    then: closesBeforeOpens,
  },
  { name: 'consult point', path: '/signals', who: ['coordinator', 'guest'] },
  { name: 'consult point with a filter', path: '/signals?status=received&theme=school_dropout', who: ['coordinator'] },
  { name: 'report a signal', path: '/signals/new', who: ['guest'] },
  { name: 'register a signal', path: '/signals/register', who: ['coordinator'] },
  { name: 'signal overview', path: (places) => places.signalPath, who: ['coordinator', 'guest'] },
  { name: 'signal messages', path: (places) => `${places.signalPath}/messages`, who: ['coordinator', 'guest'] },
  { name: 'public consult form setting', path: '/signals/consult-form', who: ['coordinator'] },
  { name: 'signal inquiries tab', path: (places) => `${places.signalPath}/inquiries`, who: ['coordinator'] },
  { name: 'signal screening tab', path: (places) => `${places.signalPath}/screening`, who: ['coordinator'] },
  { name: 'shared concern overview', path: (places) => places.sharedSignalPath, who: ['coordinator'] },
  { name: 'signal inquiries tab with an inquiry', path: (places) => `${places.sharedSignalPath}/inquiries`, who: ['coordinator'] },
  { name: 'signal referral tab', path: (places) => `${places.sharedSignalPath}/referral`, who: ['coordinator'] },
  { name: 'case list', path: '/cases', who: ['coordinator', 'guest'] },
  { name: 'case list with a filter', path: '/cases?status=open&sort=reference', who: ['coordinator'] },
  { name: 'new case form', path: '/cases/new', who: ['coordinator'] },
  { name: 'case overview', path: (places) => places.casePath, who: ['coordinator', 'guest'] },
  { name: 'case information', path: (places) => `${places.casePath}/information`, who: ['coordinator', 'guest'] },
  { name: 'case people and consents', path: (places) => `${places.casePath}/people`, who: ['coordinator', 'guest'] },
  { name: 'case history', path: (places) => `${places.casePath}/history`, who: ['coordinator', 'guest'] },
  { name: 'case management', path: (places) => `${places.casePath}/manage`, who: ['coordinator'] },
  { name: 'case plan of approach', path: (places) => `${places.casePath}/plan`, who: ['coordinator', 'guest'] },
  { name: 'our agreements', path: '/agreements', who: ['guest'] },
  { name: 'remove-participant confirmation', path: (places) => `${places.casePath}/participants/${places.guestId}/remove`, who: ['coordinator'] },
  { name: 'partner tables', path: '/tables', who: ['coordinator'] },
  { name: 'partner table', path: (places) => places.tablePath, who: ['coordinator'] },
  { name: 'meetings of a partner table', path: (places) => `${places.tablePath}/meetings`, who: ['coordinator'] },
  { name: 'partner table with the modalities to confirm', path: (places) => `/tables/${places.meetings.tableId}`, who: ['guest'] },
  { name: 'meetings of the cycle’s table', path: (places) => `/tables/${places.meetings.tableId}/meetings`, who: ['coordinator', 'guest'] },
  { name: 'running meeting: agenda and attendance', path: (places) => `/meetings/${places.meetings.runningMeetingId}`, who: ['coordinator'] },
  { name: 'running meeting: the attestation', path: (places) => `/meetings/${places.meetings.runningMeetingId}`, who: ['guest'] },
  {
    name: 'meeting mode',
    path: (places) => `/meetings/${places.meetings.runningMeetingId}/cases/${places.meetings.withAgreementCaseId}`,
    who: ['coordinator'],
  },
  { name: 'minutes', path: (places) => `/meetings/${places.meetings.runningMeetingId}/minutes`, who: ['coordinator'] },
  { name: 'pre-meeting inventory', path: (places) => `/meetings/${places.meetings.plannedMeetingId}/inventory`, who: ['guest'] },
  { name: 'feedback forms of a meeting', path: (places) => `/meetings/${places.meetings.runningMeetingId}/feedback-forms`, who: ['coordinator'] },
  {
    name: 'new feedback form',
    path: (places) => `/meetings/${places.meetings.runningMeetingId}/feedback-forms/new?caseId=${places.meetings.withAgreementCaseId}`,
    who: ['coordinator'],
  },
  { name: 'screening instruments', path: '/screening/instruments', who: ['coordinator', 'guest'] },
  { name: 'screening instrument', path: '/screening/instruments/observation', who: ['coordinator'] },
  { name: 'network inquiries', path: '/inquiries', who: ['coordinator', 'guest'] },
  { name: 'network inquiry question', path: (places) => `/inquiries/${places.inquiryId}`, who: ['guest'] },
  { name: 'client register', path: '/client-register', who: ['guest'] },
  { name: 'clear the client register', path: '/client-register/clear', who: ['guest'] },
  { name: 'organisations', path: '/admin/organisations', who: ['admin'] },
  { name: 'new organisation form', path: '/admin/organisations/new', who: ['admin'] },
  { name: 'users', path: '/admin/users', who: ['admin'] },
  { name: 'audit trail', path: '/audit', who: ['dpo'] },
  { name: 'access report form', path: '/audit/access-report', who: ['dpo'] },
  { name: 'own account', path: '/account', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'change of password', path: '/account/password', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'own sessions', path: '/account/sessions', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'own API keys', path: '/account/tokens', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'personal calendar feed', path: '/account/calendar-feed', who: ['coordinator', 'guest', 'admin', 'dpo'] },
  { name: 'record a gap in the social map', path: '/directory/gaps/new', who: ['coordinator', 'guest'] },
  { name: 'gap report', path: '/directory/gaps/report', who: ['coordinator'] },
  { name: 'social map settings', path: '/directory/settings', who: ['coordinator'] },
  { name: 'published social map (signed out)', path: `/map/${CASE_NETWORK.tenant.slug}`, who: ['visitor'] },
  { name: 'published social map with filters (signed out)', path: `/map/${CASE_NETWORK.tenant.slug}?language=fr&age=15`, who: ['visitor'] },
];

const pathOf = (entry: PhonePage, places: Places) => (typeof entry.path === 'string' ? entry.path : entry.path(places));

interface Layout {
  readonly scrollWidth: number;
  readonly innerWidth: number;
  readonly headerHeight: number;
  readonly widest: string;
}

/** The document's width against the viewport's, the header's height, and (for a message) the element that sticks out most. */
async function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    let widest = '';
    let right = window.innerWidth;
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 0.5 && box.width > 0) {
        right = box.right;
        widest = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} (right edge ${Math.round(box.right)} px)`;
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      headerHeight: document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0,
      widest,
    };
  });
}

/** One authenticator per person for the whole file: a code is accepted once. */
const authenticators = new Map<string, Authenticator>();

async function signIn(page: Page, app: RunningCaseApp, person: SeededPerson, t: Translate): Promise<void> {
  const authenticator = authenticators.get(`${app.url} ${person.email}`) ?? new Authenticator(person.totpSecret);
  authenticators.set(`${app.url} ${person.email}`, authenticator);
  await signInWithCode(page, { url: app.url, email: person.email, password: CASE_NETWORK.password, authenticator, t });
}

/**
 * The coordinator (on a wide screen) sets up a table and a case and adds the professional as a guest;
 * registers a signal on the professional's behalf and records a screening on it; registers a second
 * one naming the person, decides it is a shared concern and asks the professional's organisation
 * about it in a named inquiry; publishes the social map.
 */
async function setUp(page: Page, app: RunningCaseApp, t: Translate, seeded: { meetings: MeetingPeople; servicePath: string }): Promise<Places> {
  const tablePath = await setUpMinorsTable(page, {
    url: app.url,
    t,
    name: 'Jeugdtafel Rivierstede-Oost met een heel lange naam',
    purpose: 'Fictief: zorgen over jongeren samen bekijken en één plan afspreken.',
  });
  assert.equal(await flashText(page), t('flash.table_created'), 'the table-created message is shown');

  await page.goto(`${app.url}/cases/new`);
  await page.locator('#field-case-tableId').selectOption({ label: 'Jeugdtafel Rivierstede-Oost met een heel lange naam' });
  await page.locator('#field-case-theme').selectOption('school_dropout');
  await page
    .locator('#field-case-summary')
    .fill('Fictief: zorgen over schoolverzuim; contact via fictief.adres.met.een.heel.lang.domein@voorbeeld-rivierstede.example.');
  await page.getByRole('radio', { name: t('cases.disclosure.restricted'), exact: true }).check();
  await page.locator('#field-case-subject-givenName').fill('Mila');
  await page.locator('#field-case-subject-familyName').fill('Fictief-Vandenbroucke-Janssens');
  await page.locator('#field-case-subject-birthDate').fill('2011-04-23');
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/cases/new')).status(), 303, 'the case is opened');
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const casePath = new URL(page.url()).pathname;

  await page.goto(`${app.url}${casePath}/people`);
  await page.locator('#field-participant-userId').selectOption({
    label: t('cases.participant_option', { name: CASE_NETWORK.guest.name, organisation: CASE_NETWORK.organisations.welfare.name }),
  });
  await page.locator('#field-participant-role-guest').check();
  await page.locator(`main form[action^="${casePath}/participants"] button[type="submit"]`).click();
  await page.waitForURL((url) => url.pathname === `${casePath}/people`);
  await settled(page);
  assert.equal(await flashText(page), t('flash.case_participant_added'), 'the guest is added');

  await page.goto(`${app.url}/signals/register`);
  await page.locator('#field-channel-phone').check();
  await page.locator('#field-kind-concern').check();
  await page.locator('#field-theme').selectOption('school_dropout');
  await page.locator('#field-description').fill('Fictief: een leerling komt al weken niet meer naar school en zegt weinig over waarom.');
  await page.locator('#field-reporterUserId').selectOption(app.guest.id);
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/signals/register')).status(), 303, 'the signal is registered');
  await page.waitForURL(/\/signals\/[0-9a-f-]{36}$/);
  const signalPath = new URL(page.url()).pathname;

  await page.goto(`${app.url}${signalPath}/screening?instrument=observation`);
  await page.locator('#field-answers-behaviour-observation-0-fact').fill('Fictief: zegt in de klas dat hij niet meer wil komen.');
  await page.locator('#field-answers-behaviour-observation-0-factor-risk').check();
  await page.locator('#field-judgement-wellbeingVulnerable-yes').check();
  await page.locator('#field-judgement-radicalisationVulnerable-no').check();
  await page.locator('#field-judgement-urgency-medium').check();
  await page.locator('#field-judgement-rationale').fill('Fictief: aanhoudend schoolverzuim; de zorg betreft het welzijn.');
  await submit(page, page.getByRole('button', { name: t('screening.form.submit'), exact: true }).last(), `${signalPath}/screening`);
  await settled(page);
  assert.equal(await flashText(page), t('flash.screening_recorded'), 'the screening is recorded');

  await page.goto(`${app.url}/signals/register`);
  await page.locator('#field-channel-phone').check();
  await page.locator('#field-kind-concern').check();
  await page.locator('#field-theme').selectOption('school_dropout');
  await page.locator('#field-description').fill('Fictief: een jongere met een heel lange familienaam verzuimt al weken de lessen.');
  await page.locator('#field-reporterUserId').selectOption(app.guest.id);
  await page.locator('#field-subjectGivenName').fill('Mila');
  await page.locator('#field-subjectFamilyName').fill('Fictief-Vandenbroucke-Janssens');
  await page.locator('#field-subjectBirthDate').fill('2011-04-23');
  assert.equal(
    (await submit(page, page.locator('main button[type="submit"]'), '/signals/register')).status(),
    303,
    'the second signal is registered',
  );
  await page.waitForURL(/\/signals\/[0-9a-f-]{36}$/);
  const sharedSignalPath = new URL(page.url()).pathname;
  await settled(page);
  await page.locator('#field-outcome-shared_concern').check();
  await page.locator('#field-rationale').fill('Fictief: meerdere diensten zijn nodig.');
  await submit(page, page.getByRole('button', { name: t('signals.decide'), exact: true }), `${sharedSignalPath}/decision`);
  await settled(page);
  assert.equal(await flashText(page), t('flash.signal_decided'), 'the second signal is a shared concern');

  await page.goto(`${app.url}${sharedSignalPath}/inquiries`);
  await page.locator('#field-mode-named').check();
  await page.locator('#field-organisationIds').getByLabel(CASE_NETWORK.organisations.welfare.name, { exact: true }).check();
  await page.locator('#field-purpose').fill('Fictief: nagaan of de jongere al begeleiding krijgt.');
  await page.locator('#field-legalBasis').selectOption('art_458ter');
  await submit(page, page.getByRole('button', { name: t('inquiries.start_submit'), exact: true }), `${sharedSignalPath}/inquiries`);
  await settled(page);
  assert.equal(await flashText(page), t('flash.inquiry_started'), 'the named inquiry is started');
  const inquiryId = ((await page.locator('main section.inquiry h3').first().getAttribute('id')) ?? '').replace(/^inquiry-/, '');
  assert.match(inquiryId, /^[0-9a-f-]{36}$/, 'the inquiry tab names the inquiry');

  // The social map is published, so that a visitor can open /map/<slug> signed out.
  await page.goto(`${app.url}/directory/settings`);
  await submit(page, page.getByRole('button', { name: t('directory.settings.publish'), exact: true }), '/directory/settings');
  await settled(page);
  assert.equal(await flashText(page), t('flash.directory_published'), 'the social map is published');
  return { tablePath, casePath, guestId: app.guest.id, signalPath, sharedSignalPath, inquiryId, ...seeded };
}

/** Opens each of the person's PAGES at both phone widths: no sideways scrolling, a small header, axe clean at 390 px. */
async function sweep(
  page: Page,
  audit: AccessibilityAudit,
  app: RunningCaseApp,
  places: Places,
  who: Who,
  t: Translate,
  locale: string,
): Promise<void> {
  const pages = PAGES.filter((entry) => entry.who.includes(who));
  assert.ok(pages.length > 0, `the sweep has pages for the ${who}`);
  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    for (const entry of pages) {
      const path = pathOf(entry, places);
      const response = await page.goto(`${app.url}${path}`);
      assert.equal(response?.status(), 200, `${entry.name} (${path}) opens for the ${who}`);
      await settled(page);
      await entry.then?.(page, t, places);
      const layout = await measure(page);
      assert.ok(
        layout.scrollWidth <= layout.innerWidth,
        `${entry.name} (${path}) at ${screen.width} px for the ${who}: the page is ${layout.scrollWidth} px wide, ` +
          `wider than the ${layout.innerWidth} px screen; widest: ${layout.widest}`,
      );
      assert.ok(
        layout.headerHeight <= screen.height * HEADER_SHARE,
        `${entry.name} at ${screen.width} px: the header is ${layout.headerHeight} px, over ${HEADER_SHARE * 100} % of ${screen.height} px`,
      );
      if (screen.width === AXE_WIDTH) await audit.check(`${entry.name} at ${screen.width} px (${who}, ${locale})`);
    }
  }
}

/** The addresses behind every link in the header menu (navigation and user menu), without the query. */
async function menuLinks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>('.site-header .site-menu a[href]')).map((link) => new URL(link.href).pathname),
  );
}

describe('phone layouts in Chromium', { skip: unavailable }, () => {
  // Each language once, on alternating databases (nl SQLite, fr PostgreSQL, en SQLite): the layouts
  // depend on the language (text lengths), hardly on the database, and both databases are still
  // exercised. Six variants were the slowest part of CI; see support/variants.ts.
  for (const [locale, target] of languagePerDatabase(targets)) {
    describe(`phone layouts on ${target.kind} (${locale})`, () => {
      let app: RunningCaseApp;
      let browser: Browser;
      let places: Places;
      const t = messagesFor(locale);

      before(async () => {
        const cycle = meetingSeed(locale, { meetings: true });
        const directory = directoryEntrySeed();
        const seed: ExtraSeed = async (seeded) => {
          await cycle.seed(seeded);
          await directory.seed(seeded);
        };
        app = await startCaseApp(target, locale, seed);
        browser = await launchBrowser();
        const { context, page } = await openPage(browser, locale);
        try {
          await signIn(page, app, app.coordinator, t);
          places = await setUp(page, app, t, { meetings: cycle.people, servicePath: `/directory/services/${directory.entry.id}` });
        } finally {
          await context.close();
        }
      });
      after(async () => {
        await browser?.close();
        await app?.stop();
      });

      for (const who of ['coordinator', 'guest', 'admin', 'dpo'] as const) {
        test(`the ${who}'s pages fit 320 and 390 px, with a small header and no axe violation`, async () => {
          const { context, page, problems } = await openPage(browser, locale);
          const audit = new AccessibilityAudit(page);
          try {
            await signIn(page, app, app[who], t);
            const pages = PAGES.filter((entry) => entry.who.includes(who));
            // Every link in the person's menu is a page of the sweep.
            const swept = new Set(pages.map((entry) => new URL(pathOf(entry, places), app.url).pathname));
            for (const link of await menuLinks(page)) {
              assert.ok(swept.has(link), `the ${who}'s menu links to ${link}, which the phone sweep does not open: add it to PAGES`);
            }
            await sweep(page, audit, app, places, who, t, locale);
            // The menu opens on a phone, fits the width, and its links work.
            await page.goto(`${app.url}/`);
            await settled(page);
            const menu = page.locator('.site-menu');
            assert.equal(await menu.evaluate((element) => (element as HTMLDetailsElement).open), false, 'the menu is closed on a phone');
            await menu.locator('summary').click();
            assert.ok(
              await page.getByRole('navigation', { name: t('shell.navigation'), exact: true }).isVisible(),
              'the opened menu shows the navigation',
            );
            const opened = await measure(page);
            assert.ok(opened.scrollWidth <= opened.innerWidth, `the opened menu fits ${opened.innerWidth} px; widest: ${opened.widest}`);
            await audit.check(`menu opened at ${AXE_WIDTH} px (${who}, ${locale})`);
            // On a wide screen the menu is open, its toggle out of the way.
            await page.setViewportSize({ width: 1280, height: 800 });
            await page.goto(`${app.url}/`);
            await settled(page);
            assert.ok(
              await page.getByRole('navigation', { name: t('shell.navigation'), exact: true }).isVisible(),
              'the navigation shows on a wide screen',
            );
            assert.equal(await menu.locator('summary').isVisible(), false, 'no menu toggle on a wide screen');
            assert.deepEqual(problems, [], 'no script error or CSP violation');
          } finally {
            await context.close();
          }
        });
      }

      test('the published social map fits 320 and 390 px for a visitor who is not signed in, with no axe violation', async () => {
        const { context, page, problems } = await openPage(browser, locale);
        try {
          await sweep(page, new AccessibilityAudit(page), app, places, 'visitor', t, locale);
          assert.equal(await page.locator('.site-menu').count(), 0, 'a visitor has no menu');
          assert.deepEqual(problems, [], 'no script error or CSP violation');
        } finally {
          await context.close();
        }
      });

      test('the case list on a phone: filters and person search folded, the list in view', async () => {
        const { context, page } = await openPage(browser, locale);
        try {
          await signIn(page, app, app.coordinator, t);
          await page.setViewportSize({ width: 390, height: 844 });
          await page.goto(`${app.url}/cases`);
          await settled(page);
          assert.equal(await page.locator('#filters').evaluate((element) => (element as HTMLDetailsElement).open), false, 'no filter in use: closed');
          assert.equal(
            await page.locator('#person-search').evaluate((element) => (element as HTMLDetailsElement).open),
            false,
            'the person search is closed',
          );
          const rowTop = await page
            .locator('main table tbody tr')
            .first()
            .evaluate((element) => element.getBoundingClientRect().top);
          assert.ok(rowTop < 844, `the first case is in view without scrolling (top at ${rowTop} px)`);
          const label = await page
            .locator('main table tbody tr')
            .first()
            .locator('td')
            .first()
            .evaluate((element) => getComputedStyle(element, '::before').content);
          assert.equal(label, JSON.stringify(t('cases.field.table')), 'a stacked cell shows its column name');
          await page.goto(`${app.url}/cases?status=open`);
          await settled(page);
          assert.equal(await page.locator('#filters').evaluate((element) => (element as HTMLDetailsElement).open), true, 'a filter in use: open');
          assert.ok(
            (await page.locator('#filters summary').textContent())?.includes(t('cases.filters_active', { count: 1 })),
            'the summary says one filter is active',
          );
        } finally {
          await context.close();
        }
      });
    });
  }
});
