import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { formatLocalDay } from '../server/ui/local-time.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { languagePerDatabase } from './support/variants.ts';
import type { Authenticator } from './support/authenticator.ts';
import { COLLEAGUE, NETWORK, YOUTH_CENTRE, enrolAuthenticator, fillSetupForm } from './support/network.ts';
import { expectHeading, fieldError, flashText, focusedMatches, htmlLang, submit, submitWithKey, tabTo } from './support/pages.ts';

/** The language each journey switches to in the header. */
const SWITCH_TO: Record<Locale, Locale> = { nl: 'fr', fr: 'en', en: 'nl' };

interface Journey {
  readonly page: Page;
  readonly app: RunningApp;
  readonly t: Translate;
  readonly audit: AccessibilityAudit;
  /** Pages whose <html lang> did not match their language; asserted empty at the end of the journey. */
  readonly langMismatches: string[];
}

/**
 * Checks `<html lang>` (WCAG 3.1.1: screen readers pick their voice from it). A mismatch is recorded
 * and the journey goes on, so that one wrong attribute does not hide what the later steps would find;
 * the journey fails at its end with every mismatch listed.
 */
async function expectLang(journey: Journey, expected: Locale, where: string): Promise<void> {
  const actual = await htmlLang(journey.page);
  if (actual !== expected) journey.langMismatches.push(`${where}: <html lang="${actual}">, the page is in "${expected}"`);
}

const unavailable = browserUnavailable();
const targets = databaseTargets();

describe('journeys in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Each language once, on alternating databases (nl SQLite, fr PostgreSQL, en SQLite): see support/variants.ts.
  for (const [locale, target] of languagePerDatabase(targets)) {
    test(`administrator sets up a network in ${locale} on ${target.kind}`, async () => {
      const app = await startApp(target);
      const { context, page, problems } = await openPage(browser, locale);
      try {
        const journey: Journey = { page, app, t: messagesFor(locale), audit: new AccessibilityAudit(page), langMismatches: [] };
        const authenticator = await setUpWithOneMistake(journey, locale);
        await addOrganisation(journey);
        await addUser(journey);
        await switchLanguageAndSignInAgain(journey, authenticator, locale, SWITCH_TO[locale]);
        assert.deepEqual(problems, [], 'no script errors or Content-Security-Policy violations');
        assert.deepEqual(journey.langMismatches, [], '<html lang> names the language of every page, also after htmx swaps (WCAG 3.1.1)');
        assert.ok(journey.audit.checked.length >= 18, `axe checked every page: ${journey.audit.checked.join(', ')}`);
      } finally {
        await context.close();
        await app.stop();
      }
    });
  }
});

/** Steps 1, 2 and 6 (skip link): the one-time link, a rejected first attempt, then success and the second factor. */
async function setUpWithOneMistake(journey: Journey, locale: Locale): Promise<Authenticator> {
  const { page, app, t, audit } = journey;
  await page.goto(app.setupUrl);
  await expectLang(journey, locale, 'setup page (full page load, browser language)');
  await expectHeading(page, t('setup.title'));
  assert.ok((await page.title()).startsWith(t('setup.title')), 'the document title names the page');
  assert.equal(await page.locator('#field-defaultLocale').inputValue(), locale, 'the default language proposed is the browser language');
  await audit.check('setup form');

  // Keyboard: the skip link is the first thing Tab reaches, and it moves focus to the main content.
  assert.equal(await tabTo(page, 'a.skip-link', 1), 1, 'the skip link is the first focusable element');
  assert.equal(
    (await page.locator('a.skip-link').textContent())?.trim(),
    t('shell.skip_to_content'),
    '(await page.locator(\'a.skip-link\').textContent())?.trim() is the "shell.skip_to_content" text',
  );
  assert.ok(((await page.locator('a.skip-link').boundingBox())?.y ?? -1) >= 0, 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');

  await fillSetupForm(page, { tenantSlug: 'Rivier Stede!', password: 'kort' });
  const rejected = await submit(page, page.locator('main button[type="submit"]'), '/setup');
  assert.equal(rejected.status(), 400, 'bad setup input answers 400 with the form');
  await page.locator('.error-summary').waitFor();
  await expectHeading(page, t('setup.title'));
  assert.equal(
    (await page.locator('#error-summary-title').textContent())?.trim(),
    t('form.error_summary_title'),
    '(await page.locator(\'#error-summary-title\').textContent())?.trim() is the "form.error_summary_title" text',
  );
  assert.ok(await focusedMatches(page, '.error-summary'), 'focus moves to the error summary');
  assert.equal(
    await fieldError(page, 'password'),
    t('validation.password_length'),
    'fieldError(page, \'password\') is the "validation.password_length" text',
  );
  assert.equal(await fieldError(page, 'tenantSlug'), t('validation.slug'), 'fieldError(page, \'tenantSlug\') is the "validation.slug" text');
  assert.equal(await page.locator('#field-tenantName').inputValue(), NETWORK.tenantName, 'typed values are kept');
  assert.equal(await page.locator('#field-tenantSlug').inputValue(), 'Rivier Stede!', 'the wrong value is kept to be corrected');
  assert.equal(
    await page.locator('#field-organisationName').inputValue(),
    NETWORK.organisationName,
    "page.locator('#field-organisationName').inputValue() is NETWORK.organisationName",
  );
  assert.equal(
    await page.locator('#field-adminName').inputValue(),
    NETWORK.adminName,
    "page.locator('#field-adminName').inputValue() is NETWORK.adminName",
  );
  assert.equal(
    await page.locator('#field-adminEmail').inputValue(),
    NETWORK.adminEmail,
    "page.locator('#field-adminEmail').inputValue() is NETWORK.adminEmail",
  );
  assert.equal(await page.locator('#field-password').inputValue(), '', 'the password is never sent back');
  await audit.check('setup form with errors');

  await page.locator('#field-tenantSlug').fill(NETWORK.tenantSlug);
  await page.locator('#field-password').fill(NETWORK.adminPassword);
  const accepted = await submit(page, page.locator('main button[type="submit"]'), '/setup');
  assert.equal(accepted.status(), 303, 'valid setup redirects');
  const authenticator = await enrolAuthenticator(page, t, audit);
  assert.equal(
    (await page.locator('.user-name').textContent())?.trim(),
    t('shell.signed_in_as', { name: NETWORK.adminName }),
    '(await page.locator(\'.user-name\').textContent())?.trim() is the "shell.signed_in_as" text',
  );
  await expectLang(journey, locale, 'home page after setup and enrolment');
  return authenticator;
}

function navigation(page: Page, t: Translate) {
  return page.getByRole('navigation', { name: t('shell.navigation'), exact: true });
}

/** Step 3: organisations via the navigation, one added, seen in the list. */
async function addOrganisation({ page, t, audit }: Journey): Promise<void> {
  await navigation(page, t)
    .getByRole('link', { name: t('nav.organisations'), exact: true })
    .click();
  await expectHeading(page, t('organisations.title'));
  await page.waitForURL('**/admin/organisations');
  assert.equal(
    (await page.locator('main table caption').textContent())?.trim(),
    t('organisations.caption', { count: 1 }),
    '(await page.locator(\'main table caption\').textContent())?.trim() is the "organisations.caption" text',
  );
  await audit.check('organisation list');

  await page
    .locator('main')
    .getByRole('link', { name: t('organisations.add'), exact: true })
    .click();
  await expectHeading(page, t('organisations.new_title'));
  await audit.check('new organisation form');
  await page.locator('#field-name').fill(YOUTH_CENTRE.name);
  await page.locator('#field-sector').selectOption(YOUTH_CENTRE.sector);
  await page.locator('#field-secrecyRegime').selectOption(YOUTH_CENTRE.secrecyRegime);
  await page.locator('#field-protocolSignedOn').fill(YOUTH_CENTRE.protocolSignedOn);
  const created = await submit(page, page.locator('main button[type="submit"]'), '/admin/organisations/new');
  assert.equal(created.status(), 303, 'the created request answers 303 See Other');
  await expectHeading(page, t('organisations.title'));
  assert.equal(await flashText(page), t('flash.organisation_created'), 'flashText(page) is the "flash.organisation_created" text');
  assert.equal(
    (await page.locator('main table caption').textContent())?.trim(),
    t('organisations.caption', { count: 2 }),
    '(await page.locator(\'main table caption\').textContent())?.trim() is the "organisations.caption" text',
  );
  const row = page.locator('main tbody tr', { has: page.getByRole('rowheader', { name: YOUTH_CENTRE.name, exact: true }) });
  // The protocol date in the page's language, as every date is written (server/ui/local-time.ts).
  const signedOn = formatLocalDay(YOUTH_CENTRE.protocolSignedOn, (await page.evaluate(() => document.documentElement.lang)) as Locale);
  assert.deepEqual(
    (await row.locator('td').allTextContents()).map((text) => text.trim()),
    [t(`sector.${YOUTH_CENTRE.sector}`), t(`secrecy.${YOUTH_CENTRE.secrecyRegime}`), signedOn],
    "(await row.locator('td').allTextContents()).map((text) => text.trim()) is exactly the 3 expected entries",
  );
  await audit.check('organisation list after adding');
}

/** Step 4: a user with a bad email and no role is refused with localised errors; then added. */
async function addUser({ page, t, audit }: Journey): Promise<void> {
  await navigation(page, t)
    .getByRole('link', { name: t('nav.users'), exact: true })
    .click();
  await expectHeading(page, t('users.title'));
  await page.waitForURL('**/admin/users');
  await audit.check('user list');
  await page
    .locator('main')
    .getByRole('link', { name: t('users.add'), exact: true })
    .click();
  await expectHeading(page, t('users.new_title'));
  await audit.check('new user form');

  await page.locator('#field-name').fill(COLLEAGUE.name);
  await page.locator('#field-email').fill(COLLEAGUE.badEmail);
  await page.locator('#field-organisationId').selectOption({ label: YOUTH_CENTRE.name });
  const rejected = await submit(page, page.locator('main button[type="submit"]'), '/admin/users/new');
  assert.equal(rejected.status(), 400, 'the rejected request answers 400 Bad Request');
  await page.locator('.error-summary').waitFor();
  assert.equal(await fieldError(page, 'email'), t('validation.email'), 'fieldError(page, \'email\') is the "validation.email" text');
  assert.equal(await fieldError(page, 'roles'), t('validation.choose_one'), 'fieldError(page, \'roles\') is the "validation.choose_one" text');
  assert.equal(await page.locator('#field-name').inputValue(), COLLEAGUE.name, 'typed values are kept');
  assert.equal(
    await page.locator('#field-email').inputValue(),
    COLLEAGUE.badEmail,
    "page.locator('#field-email').inputValue() is COLLEAGUE.badEmail",
  );
  assert.equal(await page.locator('#field-organisationId option:checked').textContent(), YOUTH_CENTRE.name, 'the chosen organisation is kept');
  await audit.check('new user form with errors');

  await page.locator('#field-email').fill(COLLEAGUE.email);
  for (const role of COLLEAGUE.roles) await page.getByRole('checkbox', { name: t(`role.${role}`), exact: true }).check();
  const created = await submit(page, page.locator('main button[type="submit"]'), '/admin/users/new');
  assert.equal(created.status(), 303, 'the created request answers 303 See Other');
  await expectHeading(page, t('users.title'));
  assert.equal(await flashText(page), t('flash.user_created'), 'flashText(page) is the "flash.user_created" text');
  assert.equal(
    (await page.locator('main table caption').textContent())?.trim(),
    t('users.caption', { count: 2 }),
    '(await page.locator(\'main table caption\').textContent())?.trim() is the "users.caption" text',
  );
  const row = page.locator('main tbody tr', { has: page.getByRole('rowheader', { name: COLLEAGUE.name, exact: true }) });
  const [email, organisation, roles, status] = (await row.locator('td').allTextContents()).map((text) => text.trim());
  assert.equal(email, COLLEAGUE.email, 'email is COLLEAGUE.email');
  assert.equal(organisation, YOUTH_CENTRE.name, 'organisation is YOUTH_CENTRE.name');
  assert.deepEqual(
    roles?.split(', ').sort(),
    COLLEAGUE.roles.map((role) => t(`role.${role}`)).sort(),
    "roles?.split(', ').sort() is COLLEAGUE.roles.map((role) => t(`role.${role}`)).sort()",
  );
  assert.equal(status, t('status.active'), 'status is the "status.active" text');
  await audit.check('user list after adding');
}

/** Steps 5 and 6: the header language switch, sign out, sign in with the keyboard only. */
async function switchLanguageAndSignInAgain(journey: Journey, authenticator: Authenticator, locale: Locale, chosen: Locale): Promise<void> {
  const { page, t, audit } = journey;
  const c = messagesFor(chosen);
  const switcher = page.getByRole('form', { name: t('shell.language'), exact: true });
  assert.equal(
    await switcher.locator(`button[lang="${locale}"]`).getAttribute('aria-pressed'),
    'true',
    'switcher.locator(`button[lang="${locale}"]`).getAttribute(\'aria-press… is "true"',
  );
  const switched = await submit(page, switcher.locator(`button[lang="${chosen}"]`), '/language');
  assert.equal(switched.status(), 303, 'the switched request answers 303 See Other');
  await expectHeading(page, c('users.title'));
  await page.waitForURL('**/admin/users');
  assert.deepEqual(
    (await navigation(page, c).getByRole('link').allTextContents()).map((text) => text.trim()),
    // The social map (no case content) is in every signed-in network user's menu, the administrator's too.
    [c('nav.home'), c('nav.directory'), c('nav.organisations'), c('nav.users')],
    'the navigation speaks the chosen language',
  );
  assert.equal(
    await page
      .getByRole('form', { name: c('shell.language'), exact: true })
      .locator(`button[lang="${chosen}"]`)
      .getAttribute('aria-pressed'),
    'true',
    "page.getByRole('form', { name: c('shell.language'), exact: true }).lo… is \"true\"",
  );
  await expectLang(journey, chosen, 'user list after the language switch');
  await audit.check('user list after switching language');

  const signedOut = await submit(page, page.getByRole('button', { name: c('shell.sign_out'), exact: true }), '/logout');
  assert.equal(signedOut.status(), 303, 'the signed out request answers 303 See Other');
  // A visitor's page follows the browser language again.
  await expectHeading(page, t('signin.title'));
  assert.equal(await flashText(page), t('flash.signed_out'), 'flashText(page) is the "flash.signed_out" text');
  await expectLang(journey, locale, 'sign-in page after signing out (a visitor gets the browser language)');
  await audit.check('sign-in form after signing out');

  await page.locator('#field-email').fill(NETWORK.adminEmail);
  await page.locator('#field-password').fill('not the password at all');
  const refused = await submit(page, page.locator('main button[type="submit"]'), '/login');
  assert.equal(refused.status(), 400, 'the refused request answers 400 Bad Request');
  await page.locator('.error-summary').waitFor();
  assert.equal(
    await fieldError(page, 'email'),
    t('signin.invalid_credentials'),
    'fieldError(page, \'email\') is the "signin.invalid_credentials" text',
  );
  assert.equal(
    await page.locator('#field-email').inputValue(),
    NETWORK.adminEmail,
    "page.locator('#field-email').inputValue() is NETWORK.adminEmail",
  );
  assert.equal(await page.locator('#field-password').inputValue(), '', "page.locator('#field-password').inputValue() is empty");
  await audit.check('sign-in form with errors');

  // Keyboard only, from where the error summary left the focus: Tab to the email field, type, Tab
  // to the password, type, Enter; then type the code on the second step and press Enter.
  assert.ok(await focusedMatches(page, '.error-summary'), 'focus moves to the error summary');
  await tabTo(page, '#field-email');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(NETWORK.adminEmail);
  await page.keyboard.press('Tab');
  assert.ok(await focusedMatches(page, '#field-password'), 'Tab moves from the email to the password field');
  await page.keyboard.type(NETWORK.adminPassword);
  const passwordAccepted = await submitWithKey(page, 'Enter', '/login');
  assert.equal(passwordAccepted.status(), 303, 'the password accepted request answers 303 See Other');
  // Once the password is right the account is known: its second step speaks the account's language.
  await expectHeading(page, c('mfa.title'));
  await expectLang(journey, chosen, 'second-factor form (the account is known after the password)');
  await audit.check('second-factor form');
  await tabTo(page, '#field-code');
  await page.keyboard.type(await authenticator.nextCode());
  const codeAccepted = await submitWithKey(page, 'Enter', '/login/mfa');
  assert.equal(codeAccepted.status(), 303, 'the code accepted request answers 303 See Other');
  await expectHeading(page, c('home.title'));
  await expectLang(journey, chosen, 'home page after signing in again (the language remembered for the user)');
  await audit.check('home after signing in again');

  // A full page load (no htmx) must agree: the preference is stored server-side.
  await page.reload();
  await expectHeading(page, c('home.title'));
  await expectLang(journey, chosen, 'home page after a full reload');
  await audit.check('home after reload');
}
