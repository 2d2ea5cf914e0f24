import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type RunningCaseApp } from './support/case-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { signInWithCode } from './support/sign-in.ts';
import { setUpMinorsTable } from './support/tables.ts';
import { expectHeading, fieldError, flashText, htmlLang, settled, submit } from './support/pages.ts';

/*
 * Issue 10, parts 2, 3 and 6 in the browser (Dutch and French, axe on every screen): a birth date in
 * the future is refused on its field, an adult on the minors table asks for a reason, opening a case
 * for a person already known shows the existing case and asks before continuing, and the item form
 * offers only the legal bases that hold for the author's organisation (the city: no 458bis, no 75/1).
 */

const unavailable = browserUnavailable();
const LOCALES: readonly Locale[] = ['nl', 'fr'];

/** Fictional; nothing here is about a real person. */
const TABLE = { name: 'Jongerentafel Rivierstede', purpose: 'Zorgen over minderjarigen samen bekijken.' };
const PERSON = { familyName: 'Fictief-Regels', adultBirthDate: '1990-02-01', futureBirthDate: '2099-01-01' };
const REASON = 'Fictief: oudere broer van een jongere die aan deze tafel besproken wordt.';

interface Actor {
  readonly page: Page;
  readonly audit: AccessibilityAudit;
  readonly t: Translate;
}

const mainButton = (page: Page, action: string) => page.locator(`main form[action="${action}"] button[type="submit"]`).last();

async function signIn({ page, audit, t }: Actor, app: RunningCaseApp): Promise<void> {
  const authenticator = new Authenticator(app.coordinator.totpSecret);
  await signInWithCode(page, { url: app.url, email: app.coordinator.email, password: CASE_NETWORK.password, authenticator, t });
  await audit.check('home');
}

async function setUpTable({ page, audit, t }: Actor, app: RunningCaseApp): Promise<void> {
  await setUpMinorsTable(page, { url: app.url, t, ...TABLE });
  await audit.check('minors table set up');
}

/** The new-case form filled in for the fictional person, with the given birth date. */
async function fillNewCase({ page, t }: Actor, app: RunningCaseApp, birthDate: string): Promise<void> {
  await page.goto(`${app.url}/cases/new`);
  await expectHeading(page, t('cases.new_title'));
  await page.locator('#field-case-tableId').selectOption({ label: TABLE.name });
  await page.locator('#field-case-theme').selectOption('gangs');
  await page.locator('#field-case-summary').fill('Fictief: zorgen over contacten in de buurt.');
  await page.getByRole('radio', { name: t('cases.disclosure.restricted'), exact: true }).check();
  await page.locator('#field-case-subject-familyName').fill(PERSON.familyName);
  await page.locator('#field-case-subject-birthDate').fill(birthDate);
}

/** A future birth date, then an adult on the minors table, each refused on the birth date; with a reason the case opens. */
async function openWithDateRules(actor: Actor, app: RunningCaseApp): Promise<string> {
  const { page, audit, t } = actor;
  await fillNewCase(actor, app, PERSON.futureBirthDate);
  await audit.check('new case form');
  assert.equal((await submit(page, mainButton(page, '/cases/new'), '/cases/new')).status(), 400, 'a birth date in 2099 answers 400');
  assert.equal(
    await fieldError(page, 'case-subject-birthDate'),
    t('validation.date.birth_in_future'),
    'the error says a birth date cannot be in the future',
  );
  assert.equal(await page.locator('#field-case-ageExceptionReason').count(), 0, 'no reason field for a date in the future');
  await audit.check('new case: birth date in the future');

  await page.locator('#field-case-subject-birthDate').fill(PERSON.adultBirthDate);
  assert.equal((await submit(page, mainButton(page, '/cases/new'), '/cases/new')).status(), 400, 'an adult on the minors table answers 400');
  assert.equal(
    await fieldError(page, 'case-subject-birthDate'),
    t('validation.case.age_outside_table_minors'),
    'the error says the age does not fit the table',
  );
  await page.locator('#field-case-ageExceptionReason').waitFor();
  await audit.check('new case: age does not fit, reason asked');

  await page.locator('#field-case-ageExceptionReason').fill(REASON);
  assert.equal((await submit(page, mainButton(page, '/cases/new'), '/cases/new')).status(), 303, 'with a reason the case is opened');
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  assert.equal(await flashText(page), t('flash.case_created'), 'the case is opened');
  const main = (await page.locator('main').textContent()) ?? '';
  assert.ok(main.includes(t('cases.field.age_exception_reason')) && main.includes(REASON), 'the case page shows the reason for the exception');
  await audit.check('case page with an age exception');
  return (/[A-Z0-9]{3}-\d{4}-\d{3}/.exec((await page.locator('main h1').textContent()) ?? '') ?? [''])[0];
}

/** The same person again: the existing case is shown and the coordinator continues. */
async function openDuplicate(actor: Actor, app: RunningCaseApp, firstReference: string): Promise<void> {
  const { page, audit, t } = actor;
  await fillNewCase(actor, app, PERSON.adultBirthDate);
  await page.locator('#field-case-summary').fill('Fictief: tweede aanmelding voor dezelfde persoon.');
  assert.equal((await submit(page, mainButton(page, '/cases/new'), '/cases/new')).status(), 400, 'the age rule asks for its reason first');
  await page.locator('#field-case-ageExceptionReason').fill(REASON);
  assert.equal((await submit(page, mainButton(page, '/cases/new'), '/cases/new')).status(), 409, 'a known person answers with the prompt (409)');
  const prompt = page.locator('#duplicate');
  await prompt.getByRole('heading', { name: t('cases.duplicate.title'), exact: true }).waitFor();
  assert.equal(await prompt.getByRole('link', { name: firstReference, exact: true }).count(), 1, 'the prompt links to the existing case');
  assert.ok(((await prompt.textContent()) ?? '').includes(TABLE.name), 'and names its table');
  await audit.check('duplicate person prompt');
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await assertNoSidewaysScroll(page, 'the duplicate-person prompt at 390 px');
  if (wide) await page.setViewportSize(wide);

  assert.equal(
    (await submit(page, prompt.getByRole('button', { name: t('cases.duplicate.continue'), exact: true }), '/cases/new')).status(),
    303,
    'continuing with the same values opens the case',
  );
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  assert.equal(await flashText(page), t('flash.case_created'), 'the second case is opened');
  const reference = (/[A-Z0-9]{3}-\d{4}-\d{3}/.exec((await page.locator('main h1').textContent()) ?? '') ?? [''])[0];
  assert.notEqual(reference, firstReference, 'it is a new case');
  await audit.check('case page after continuing');
}

/** The city's coordinator (discretion, protocol signed) is offered neither 458bis nor 75/1, and told why. */
async function itemFormOffersValidBases({ page, audit, t }: Actor): Promise<void> {
  // The item form is on the case's Information tab.
  const casePath = new URL(page.url()).pathname;
  await page.goto(new URL(`${casePath}/information`, page.url()).href);
  await settled(page);
  const bases = page.locator('#field-item-legalBasis');
  await bases.waitFor();
  for (const basis of ['consent', 'art_458ter', 'cooperation_protocol', 'legal_obligation'])
    assert.equal(await page.locator(`#field-item-legalBasis-${basis}`).count(), 1, `${basis} is offered`);
  for (const basis of ['art_458bis', 'decree_ijh_75_1'])
    assert.equal(await page.locator(`#field-item-legalBasis-${basis}`).count(), 0, `${basis} is not offered to the city`);
  const withheld = (await page.locator('#item-legal-basis-withheld').textContent()) ?? '';
  assert.ok(withheld.includes(t('validation.legal_basis.decree_ijh_75_1_sector')), 'the form says why 75/1 is not offered');
  assert.ok(withheld.includes(t('validation.legal_basis.art_458bis_professional_secrecy_only')), 'and why 458bis is not');
  await audit.check('item form with the valid legal bases');
}

describe('case rules in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of databaseTargets()) {
    for (const locale of LOCALES) {
      test(`dates, the known person and the legal bases, in ${locale} on ${target.kind}`, async () => {
        const app = await startCaseApp(target, locale);
        const opened = await openPage(browser, locale);
        const actor: Actor = { page: opened.page, audit: new AccessibilityAudit(opened.page), t: messagesFor(locale) };
        try {
          await signIn(actor, app);
          await setUpTable(actor, app);
          const first = await openWithDateRules(actor, app);
          assert.ok(first, 'the first case has a reference');
          await openDuplicate(actor, app, first);
          await itemFormOffersValidBases(actor);
          assert.equal(await htmlLang(actor.page), locale, 'the pages are in the journey’s language');
          assert.deepEqual(opened.problems, [], 'no script errors or Content-Security-Policy violations');
          assert.ok(actor.audit.checked.length >= 8, `axe checked every screen: ${actor.audit.checked.join(', ')}`);
        } finally {
          await opened.context.close();
          await app.stop();
        }
      });
    }
  }
});
