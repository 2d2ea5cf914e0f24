import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type RunningCaseApp, type SeededPerson } from './support/case-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { expectHeading, fieldError, flashText, focusedMatches, htmlLang, settled, submit } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();
const JOURNEY_LOCALES: readonly Locale[] = ['nl', 'fr'];

/** Fictional content of the journey; nothing here is about a real person. */
const TABLE = { name: 'Jeugdtafel Rivierstede', purpose: 'Zorgen over jongeren samen bekijken en één plan afspreken.' };
const SUBJECT = { givenName: 'Mila', familyName: 'Fictief-Janssens', birthDate: '2011-04-23' };
const ITEMS = {
  table: 'Fictief: de school meldt sinds maart veel ongewettigde afwezigheid.',
  consent: 'Fictief: met toestemming van de moeder — er loopt een budgetbegeleiding.',
  ownNote: 'Fictief: interne werknotitie van de stad, niet voor de tafel.',
  careNetwork: 'Fictief: afspraak binnen het zorgnetwerk over huisbezoeken.',
};

interface Actor {
  readonly page: Page;
  readonly audit: AccessibilityAudit;
  readonly t: Translate;
}

/** Signs a seeded person in with password and authenticator code, checking both pages with axe. */
async function signIn(actor: Actor, app: RunningCaseApp, person: SeededPerson): Promise<void> {
  const { page, audit, t } = actor;
  await page.goto(`${app.url}/login`);
  await expectHeading(page, t('signin.title'));
  await audit.check(`sign-in form (${person.name})`);
  await page.locator('#field-email').fill(person.email);
  await page.locator('#field-password').fill(CASE_NETWORK.password);
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/login')).status(), 303, 'submit(…) answers 303 See Other');
  await expectHeading(page, t('mfa.title'));
  await audit.check(`second factor (${person.name})`);
  await page.locator('#field-code').fill(await new Authenticator(person.totpSecret).nextCode());
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/login/mfa')).status(), 303, 'submit(…) answers 303 See Other');
  await expectHeading(page, t('home.title'));
  await audit.check(`home (${person.name})`);
}

/**
 * Sends a form of the case page (by a click, or by a key when `key` is given) and waits until the
 * answer replaced the page: after a redirect the case page loaded again, otherwise the form drawn
 * again. The old <main> is marked first, so a message left from the previous answer is never read.
 * Returns the status of the POST.
 */
async function send(page: Page, postPath: string, control: Locator | { key: string }): Promise<number> {
  await page.evaluate(() => document.querySelector('main')?.setAttribute('data-sent', ''));
  const [post] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === postPath),
    'key' in control ? page.keyboard.press(control.key) : control.click(),
  ]);
  await page.waitForFunction(() => document.querySelector('main') !== null && document.querySelector('main[data-sent]') === null);
  await settled(page);
  return post.status();
}

function navigation(page: Page, t: Translate) {
  return page.getByRole('navigation', { name: t('shell.navigation'), exact: true });
}

/** The coordinator sets up a partner table at /tables. */
async function setUpTable({ page, audit, t }: Actor): Promise<void> {
  await navigation(page, t)
    .getByRole('link', { name: t('nav.tables'), exact: true })
    .click();
  await expectHeading(page, t('tables.title'));
  await audit.check('partner tables');
  await page.locator('#field-name').fill(TABLE.name);
  await page.locator('#field-audience-minors').check();
  await page.locator('#field-purpose').fill(TABLE.purpose);
  await page.locator('#field-legalFramework-art_458ter').check();
  assert.equal(
    (await submit(page, page.locator('main form[action="/tables"] button[type="submit"]'), '/tables')).status(),
    303,
    'submit(…) answers 303 See Other',
  );
  await expectHeading(page, TABLE.name);
  assert.equal(await flashText(page), t('flash.table_created'), 'flashText(page) is the "flash.table_created" text');
  await audit.check('partner table created');
  // The table's history starts with its set-up; the purpose text opens from the keyboard.
  await page.locator('#history-heading').waitFor();
  const purposeText = page.locator('section[aria-labelledby="history-heading"] details summary').first();
  await purposeText.focus();
  await page.keyboard.press('Enter');
  assert.ok(
    (await page.locator('section[aria-labelledby="history-heading"]').textContent())?.includes(TABLE.purpose),
    'the history shows the purpose the table was set up with, once opened from the keyboard',
  );
  await audit.check('partner table history opened');
}

/** The coordinator opens a case on it: one refused attempt (a name on an anonymous case), then success. Returns the case page's path. */
async function openCase({ page, audit, t }: Actor): Promise<string> {
  await navigation(page, t)
    .getByRole('link', { name: t('nav.cases'), exact: true })
    .click();
  await expectHeading(page, t('cases.title'));
  await audit.check('case list (empty)');
  await page
    .locator('main')
    .getByRole('link', { name: t('cases.new'), exact: true })
    .click();
  await expectHeading(page, t('cases.new_title'));
  await audit.check('new case form');

  await page.locator('#field-case-tableId').selectOption({ label: TABLE.name });
  await page.locator('#field-case-theme').selectOption('school_dropout');
  await page.locator('#field-case-summary').fill('Fictief: zorgen over schoolverzuim en de thuissituatie.');
  await page.getByRole('radio', { name: t('cases.disclosure.anonymous'), exact: true }).check();
  await page.locator('#field-case-subject-familyName').fill(SUBJECT.familyName);
  const refused = await submit(page, page.locator('main button[type="submit"]'), '/cases/new');
  assert.equal(refused.status(), 400, 'the refused request answers 400 Bad Request');
  await page.locator('.error-summary').waitFor();
  assert.equal(
    await fieldError(page, 'case-subject-familyName'),
    t('validation.case.anonymous_no_identity'),
    'fieldError(page, \'case-subject-familyName\') is the "validation.case.anonymous_no_identity" text',
  );
  assert.equal(await page.locator('#field-case-subject-familyName').inputValue(), SUBJECT.familyName, 'the typed name is kept');
  assert.equal(await page.locator('#field-case-tableId option:checked').textContent(), TABLE.name, 'the chosen table is kept');
  await audit.check('new case form with an error');

  await page.getByRole('radio', { name: t('cases.disclosure.restricted'), exact: true }).check();
  await page.locator('#field-case-subject-givenName').fill(SUBJECT.givenName);
  await page.locator('#field-case-subject-birthDate').fill(SUBJECT.birthDate);
  await page.locator('#field-case-subject-gender').selectOption('female');
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/cases/new')).status(), 303, 'submit(…) answers 303 See Other');
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const reference = /[A-Z]{3}-\d{4}-\d{3}/.exec((await page.locator('main h1').textContent()) ?? '')?.[0] ?? '';
  await expectHeading(page, t('cases.case_title', { reference }));
  assert.equal(await flashText(page), t('flash.case_created'), 'flashText(page) is the "flash.case_created" text');
  await audit.check('case page after opening');
  return new URL(page.url()).pathname;
}

/** Opens a tab of the case page by its link in the tab list. */
async function openTab(page: Page, t: Translate, tab: string): Promise<void> {
  await page
    .getByRole('navigation', { name: t('cases.tabs_label'), exact: true })
    .getByRole('link', { name: t(`cases.tab.${tab}`), exact: true })
    .click();
  await page.locator(`#case-tabs a[aria-current="page"]`, { hasText: t(`cases.tab.${tab}`) }).waitFor();
  await settled(page);
}

/** The guest is added with the keyboard: the person chosen, Tab to the role, Space, Tab to the button, Enter. */
async function addGuest({ page, audit, t }: Actor, casePath: string): Promise<void> {
  await openTab(page, t, 'people');
  await audit.check('people and consents tab');
  const select = page.locator('#field-participant-userId');
  await select.selectOption({
    label: t('cases.participant_option', { name: CASE_NETWORK.guest.name, organisation: CASE_NETWORK.organisations.welfare.name }),
  });
  await select.focus();
  await page.keyboard.press('Tab');
  assert.ok(await focusedMatches(page, '#field-participant-role-guest'), 'Tab moves from the person to the first role');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.ok(
    await focusedMatches(page, `main form[action="${casePath}/participants#add-participant"] button[type="submit"]`),
    'Tab reaches the button',
  );
  // htmx is told where the saved form lands (HX-Location: the tab and its section), so the POST answers 200.
  assert.equal(await send(page, `${casePath}/participants`, { key: 'Enter' }), 200, 'the participant is added');
  assert.equal(await flashText(page), t('flash.case_participant_added'), 'flashText(page) is the "flash.case_participant_added" text');
  const row = page.locator('#participants ~ table tbody tr', { has: page.getByRole('rowheader', { name: CASE_NETWORK.guest.name, exact: true }) });
  assert.equal(
    (await row.locator('td').nth(1).textContent())?.trim(),
    t('cases.role.guest'),
    '(await row.locator(\'td\').nth(1).textContent())?.trim() is the "cases.role.guest" text',
  );
  await audit.check('case page with a guest');
}

const submitButton = (page: Page, action: string) => page.locator(`main form[action="${action}"] button[type="submit"]`);

async function recordConsent({ page, audit, t }: Actor, casePath: string): Promise<void> {
  await page.locator('#field-consent-givenBy-parent').check();
  await page.locator('#field-consent-organisationIds').getByLabel(CASE_NETWORK.organisations.welfare.name, { exact: true }).check();
  await page.locator('#field-consent-purpose').fill('Fictief: budgetbegeleiding afstemmen met de tafel.');
  await page.locator('#field-consent-withFeedback-yes').check();
  assert.equal(await send(page, `${casePath}/consents`, submitButton(page, `${casePath}/consents#record-consent`)), 200, 'the consent is recorded');
  assert.equal(await flashText(page), t('flash.case_consent_recorded'), 'flashText(page) is the "flash.case_consent_recorded" text');
  await audit.check('case page with a consent');
}

async function addItem(page: Page, casePath: string, body: string, audience: string, legalBasis: string): Promise<number> {
  await page.locator('#field-item-body').fill(body);
  await page.locator(`#field-item-audience-${audience}`).check();
  await page.locator(`#field-item-legalBasis-${legalBasis}`).check();
  return send(page, `${casePath}/items`, submitButton(page, `${casePath}/items#add-item`));
}

/** Four items: for the table, on consent (after one refusal: no consent chosen), a working note, one for the care network. */
async function addItems({ page, audit, t }: Actor, casePath: string): Promise<void> {
  await openTab(page, t, 'information');
  await audit.check('information tab');
  assert.equal(
    await addItem(page, casePath, ITEMS.table, 'table', 'art_458ter'),
    200,
    "addItem(page, casePath, ITEMS.table, 'table', 'art_458ter') is 200",
  );
  assert.equal(await flashText(page), t('flash.case_item_added'), 'flashText(page) is the "flash.case_item_added" text');
  await audit.check('case page with an item for the table');

  assert.equal(
    await addItem(page, casePath, ITEMS.consent, 'table', 'consent'),
    400,
    "addItem(page, casePath, ITEMS.consent, 'table', 'consent') is 400",
  );
  await page.locator('.error-summary').waitFor();
  assert.equal(
    await fieldError(page, 'item-consentId'),
    t('validation.case.consent_required'),
    'fieldError(page, \'item-consentId\') is the "validation.case.consent_required" text',
  );
  assert.equal(await page.locator('#field-item-body').inputValue(), ITEMS.consent, 'the text is kept');
  await audit.check('add information with an error');
  await page.locator('#field-item-consentId input[type="radio"]').nth(1).check();
  assert.equal(await send(page, `${casePath}/items`, submitButton(page, `${casePath}/items#add-item`)), 200, 'the item resting on consent is added');
  assert.equal(await flashText(page), t('flash.case_item_added'), 'flashText(page) is the "flash.case_item_added" text');
  await audit.check('case page with an item resting on consent');

  assert.equal(
    await addItem(page, casePath, ITEMS.ownNote, 'own_organisation', 'cooperation_protocol'),
    200,
    "addItem(page, casePath, ITEMS.ownNote, 'own_organisation', 'cooperati… is 200",
  );
  await audit.check('case page with a working note');
  assert.equal(
    await addItem(page, casePath, ITEMS.careNetwork, 'care_network', 'cooperation_protocol'),
    200,
    "addItem(page, casePath, ITEMS.careNetwork, 'care_network', 'cooperation_protocol') is 200",
  );
  const items = page.locator('#items ~ ul.records');
  for (const body of Object.values(ITEMS))
    assert.equal(await items.getByText(body, { exact: true }).count(), 1, `the author's organisation reads "${body}"`);
  await audit.check('case page with four items');
}

/** What the guest reads of the case: the items for the table (while their basis holds), never the identity. */
async function guestItems({ page }: Actor): Promise<string[]> {
  const texts = await page.locator('#items ~ ul.records p.text-block').allTextContents();
  return texts.map((text) => text.trim());
}

/**
 * The data protection officer finds who saw the case: organisations and purposes without names, then
 * the names on a recorded reason.
 */
async function accessReport({ page, audit, t }: Actor, app: RunningCaseApp, reference: string): Promise<void> {
  await page.goto(`${app.url}/audit`);
  await settled(page);
  await page.getByRole('link', { name: t('audit.report.link'), exact: true }).click();
  await page.locator('#field-reference').waitFor();
  await settled(page);
  await audit.check('access report search');
  await page.locator('#field-reference').fill(reference);
  await Promise.all([page.waitForURL('**/audit/access-report?reference=*'), page.keyboard.press('Enter')]);
  await page.locator('#report-heading').waitFor();
  await settled(page);
  const report = (await page.locator('main').textContent()) ?? '';
  assert.ok(report.includes(CASE_NETWORK.organisations.welfare.name), 'the guest organisation is in the report');
  assert.ok(report.includes(t('audit.report.purpose.guest')), 'with the purpose of its reads');
  assert.ok(!report.includes(app.guest.name) && !report.includes(app.coordinator.name), 'no staff names without a reason');
  await audit.check('access report of the case');
  await page.locator('#field-reason').fill('Fictief inzageverzoek van de betrokkene, behandeld volgens de procedure.');
  assert.equal(
    (
      await submit(
        page,
        page.locator('main form[action="/audit/access-report/staff-names#staff-names-heading"] button[type="submit"]'),
        '/audit/access-report/staff-names',
      )
    ).status(),
    200,
    'submit(…) answers 200 OK',
  );
  await page.locator('#report-heading').waitFor();
  await settled(page);
  const named = (await page.locator('main').textContent()) ?? '';
  assert.ok(named.includes(app.guest.name) && named.includes(app.coordinator.name), 'staff names after the recorded reason');
  await audit.check('access report with staff names');

  await page.locator('#field-familyName').fill(SUBJECT.familyName.toLowerCase().replace('-', ' '));
  await page.locator('#field-birthDate').fill(SUBJECT.birthDate);
  const lookup = page.locator('main form[action="/audit/access-report/person#person-heading"] button[type="submit"]');
  assert.equal((await submit(page, lookup, '/audit/access-report/person')).status(), 200, 'submit(…) answers 200 OK');
  await page.locator('#person-cases').waitFor();
  await settled(page);
  assert.equal(
    await page.locator(`#person-cases a[href="/audit/access-report?reference=${encodeURIComponent(reference)}"]`).count(),
    1,
    'the person leads to the case',
  );
  await audit.check('cases of a person');
}

describe('case journeys in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    for (const locale of JOURNEY_LOCALES) {
      test(`a coordinator shares a case with a guest, who reads only what the rules allow, in ${locale} on ${target.kind}`, async () => {
        const app = await startCaseApp(target, locale);
        const t = messagesFor(locale);
        const coordinatorBrowser = await openPage(browser, locale);
        const guestBrowser = await openPage(browser, locale);
        const coordinator: Actor = { page: coordinatorBrowser.page, audit: new AccessibilityAudit(coordinatorBrowser.page), t };
        const guest: Actor = { page: guestBrowser.page, audit: new AccessibilityAudit(guestBrowser.page), t };
        const dpoBrowser = await openPage(browser, locale);
        const dpo: Actor = { page: dpoBrowser.page, audit: new AccessibilityAudit(dpoBrowser.page), t };
        try {
          await signIn(coordinator, app, app.coordinator);
          await setUpTable(coordinator);
          const casePath = await openCase(coordinator);
          await addGuest(coordinator, casePath);
          await recordConsent(coordinator, casePath);
          await addItems(coordinator, casePath);

          await signIn(guest, app, app.guest);
          await navigation(guest.page, t)
            .getByRole('link', { name: t('nav.cases'), exact: true })
            .click();
          await expectHeading(guest.page, t('cases.title'));
          await guest.audit.check('case list of the guest');
          await guest.page.locator(`main a[href="${casePath}"]`).click();
          await guest.page.waitForURL(`**${casePath}`);
          await openTab(guest.page, t, 'information');
          await guest.page.locator('#items').waitFor();
          assert.deepEqual(await guestItems(guest), [ITEMS.table, ITEMS.consent], 'the guest reads the table items only');
          await guest.audit.check('information tab of the guest');
          await openTab(guest.page, t, 'overview');
          const main = (await guest.page.locator('main').textContent()) ?? '';
          assert.ok(!main.includes(SUBJECT.familyName) && !main.includes(SUBJECT.givenName), 'no identity for a guest at the restricted level');
          assert.ok(main.includes(t('cases.identity_hidden')), 'main contains the "cases.identity_hidden" text');
          assert.equal(await guest.page.locator(`main form[action="${casePath}/participants"]`).count(), 0, 'no participant form for a guest');
          await guest.audit.check('case page of the guest');
          await openTab(guest.page, t, 'information');

          await coordinator.page.reload();
          await openTab(coordinator.page, t, 'people');
          await coordinator.page.locator('#consents').waitFor();
          await coordinator.audit.check('case page reloaded');
          // Withdrawing asks first, on its confirmation page, for the day and the reason (e2e/confirmations.e2e.ts walks it in full).
          const withdrawLink = coordinator.page.locator(`main a[href*="/consents/"][href$="/withdraw"]`);
          const action = (await withdrawLink.getAttribute('href')) ?? '';
          await withdrawLink.click();
          await expectHeading(coordinator.page, t('confirm.withdraw_consent.title'));
          await coordinator.page.locator('#field-withdrawnOn').fill(new Date().toISOString().slice(0, 10));
          await coordinator.page.locator('#field-reason').fill('Fictief: de familie verhuist.');
          const withdraw = coordinator.page.locator('main button.danger');
          assert.equal(
            await send(coordinator.page, action, withdraw),
            200,
            'the consent is withdrawn (htmx is sent to the People tab by HX-Location)',
          );
          assert.equal(
            await flashText(coordinator.page),
            t('flash.case_consent_withdrawn'),
            'flashText(coordinator.page) is the "flash.case_consent_withdrawn" text',
          );
          await coordinator.audit.check('case page after withdrawing the consent');

          await guest.page.reload();
          await guest.page.locator('#items').waitFor();
          assert.deepEqual(await guestItems(guest), [ITEMS.table], 'the item resting on the withdrawn consent is gone for the guest');
          await guest.audit.check('case page of the guest after the withdrawal');

          const reference = /[A-Z0-9]{3}-\d{4}-\d{3}/.exec((await coordinator.page.locator('main h1').textContent()) ?? '')?.[0];
          assert.ok(reference, 'the case page names its reference');
          await signIn(dpo, app, app.dpo);
          await accessReport(dpo, app, reference);

          assert.equal(await htmlLang(coordinator.page), locale, 'htmlLang(coordinator.page) is locale');
          assert.equal(await htmlLang(dpo.page), locale, 'htmlLang(dpo.page) is locale');
          assert.equal(await htmlLang(guest.page), locale, 'htmlLang(guest.page) is locale');
          assert.deepEqual(
            [...coordinatorBrowser.problems, ...guestBrowser.problems, ...dpoBrowser.problems],
            [],
            'no script errors or Content-Security-Policy violations',
          );
          assert.ok(coordinator.audit.checked.length >= 17, `axe checked the coordinator's pages: ${coordinator.audit.checked.join(', ')}`);
          assert.ok(guest.audit.checked.length >= 6, `axe checked the guest's pages: ${guest.audit.checked.join(', ')}`);
        } finally {
          await coordinatorBrowser.context.close();
          await guestBrowser.context.close();
          await dpoBrowser.context.close();
          await app.stop();
        }
      });
    }
  }
});
