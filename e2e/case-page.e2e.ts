import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type RunningCaseApp, type SeededPerson } from './support/case-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { expectHeading, settled, submit } from './support/pages.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { signInWithCode } from './support/sign-in.ts';
import { setUpMinorsTable } from './support/tables.ts';

/*
 * The case page as tabs, used as a coordinator and as a partner professional would, on a desktop and
 * on two phones: every form of the case page sent with an error comes back on its tab with the error
 * summary in view, naming the field; a saved form shows its saved-message in view; no page scrolls
 * sideways; axe finds nothing on any tab. With SCREENSHOT_DIR set, screenshots of the tabs go there (never into git).
 */

const unavailable = browserUnavailable();
const targets = databaseTargets();
const LOCALES: readonly Locale[] = ['nl', 'fr'];
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 320, height: 640 },
] as const;
/** Where screenshots go when asked for (SCREENSHOT_DIR); none are taken otherwise. */
const SCREENS = process.env.SCREENSHOT_DIR;

/** Fictional content; nothing here is about a real person. */
const TABLE = { name: 'Jeugdtafel Rivierstede', purpose: 'Zorgen over jongeren samen bekijken en één plan afspreken.' };
const SUMMARY = 'Fictief: zorgen over schoolverzuim en de thuissituatie.';

interface Actor {
  readonly page: Page;
  readonly audit: AccessibilityAudit;
  readonly t: Translate;
}

async function signIn({ page, t }: Actor, app: RunningCaseApp, person: SeededPerson): Promise<void> {
  const authenticator = new Authenticator(person.totpSecret);
  await signInWithCode(page, { url: app.url, email: person.email, password: CASE_NETWORK.password, authenticator, t });
}

/** The coordinator sets up a table and opens a case on it through the forms; returns the case's path. */
async function setUpCase({ page, t }: Actor, app: RunningCaseApp): Promise<string> {
  await setUpMinorsTable(page, { url: app.url, t, ...TABLE });
  await page.goto(`${app.url}/cases/new`);
  await expectHeading(page, t('cases.new_title'));
  await page.locator('#field-case-tableId').selectOption({ label: TABLE.name });
  await page.locator('#field-case-theme').selectOption('school_dropout');
  await page.locator('#field-case-summary').fill(SUMMARY);
  await page.getByRole('radio', { name: t('cases.disclosure.anonymous'), exact: true }).check();
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/cases/new')).status(), 303, 'the case is opened');
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  await settled(page);
  return new URL(page.url()).pathname;
}

/** Opens a tab by its link in the tab list and checks it is the current page. */
async function openTab({ page, t }: Actor, tab: string): Promise<void> {
  await page
    .getByRole('navigation', { name: t('cases.tabs_label'), exact: true })
    .getByRole('link', { name: t(`cases.tab.${tab}`), exact: true })
    .click();
  await page.locator('#case-tabs a[aria-current="page"]', { hasText: t(`cases.tab.${tab}`) }).waitFor();
  await settled(page);
}

/** The element's box lies in the viewport: its top edge visible and at least its first 40 px (or all of it) above the fold. */
async function assertInView(page: Page, element: Locator, what: string): Promise<void> {
  await element.waitFor();
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && viewport, `${what}: the element and the viewport have a size`);
  const visibleHeight = Math.min(box.height, 40);
  assert.ok(
    box.y >= 0 && box.y + visibleHeight <= viewport.height,
    `${what} is in view at ${viewport.width}×${viewport.height} (top at ${Math.round(box.y)} px, height ${Math.round(box.height)} px)`,
  );
}

interface CaseForm {
  /** The tab the form is on. */
  readonly tab: string;
  /** The form's action without the case path (and its fragment). */
  readonly action: string;
  /** Its anchor (the heading the action's fragment names). */
  readonly anchor: string;
  /** The error summary's scope. */
  readonly scope: string;
  /** The label key of the field the error is about. */
  readonly label: string;
  /** Puts the form in a state that is refused (on the tab already open). */
  readonly spoil?: (page: Page) => Promise<void>;
}

const ITEM_FORM: CaseForm = { tab: 'information', action: '/items', anchor: 'add-item', scope: 'item', label: 'cases.item.body' };
const COORDINATOR_FORMS: readonly CaseForm[] = [
  ITEM_FORM,
  { tab: 'people', action: '/participants', anchor: 'add-participant', scope: 'participant', label: 'cases.field.participant' },
  { tab: 'people', action: '/consents', anchor: 'record-consent', scope: 'consent', label: 'cases.consent.given_by_legend' },
  {
    tab: 'manage',
    action: '',
    anchor: 'edit-heading',
    scope: 'edit',
    label: 'cases.field.summary',
    spoil: (page) => page.locator('#field-edit-summary').fill(''),
  },
  { tab: 'manage', action: '/disclosure', anchor: 'disclosure-heading', scope: 'disclosure', label: 'cases.field.new_level' },
  { tab: 'manage', action: '/close', anchor: 'close-heading', scope: 'close', label: 'cases.field.outcome' },
];

/**
 * Sends one form of the case page with an error: 400, drawn again on its tab, the error summary in
 * view and naming the field, no sideways scrolling.
 */
async function sendWithError(actor: Actor, casePath: string, form: CaseForm): Promise<void> {
  const { page, t } = actor;
  const viewport = page.viewportSize()!;
  const where = `${form.scope} at ${viewport.width}×${viewport.height}`;
  await openTab(actor, form.tab);
  await form.spoil?.(page);
  const action = `${casePath}${form.action}#${form.anchor}`;
  const button = page.locator(`main form[action="${action}"] button[type="submit"]`);
  const answer = await submit(page, button, `${casePath}${form.action}`);
  assert.equal(answer.status(), 400, `${where}: the form with an error answers 400`);
  await page.locator(`#${form.scope}-error-summary-title`).waitFor();
  await settled(page);
  assert.equal(
    (await page.locator('#case-tabs a[aria-current="page"]').textContent())?.trim(),
    t(`cases.tab.${form.tab}`),
    `${where}: drawn again on the ${form.tab} tab`,
  );
  const summary = page.locator('.error-summary').filter({ has: page.locator(`#${form.scope}-error-summary-title`) });
  await assertInView(page, summary, `${where}: the error summary`);
  const expected = t('form.error_line', { field: t(form.label), message: t('validation.required') });
  const lines = (await summary.locator('li').allTextContents()).map((line) => line.trim());
  assert.ok(lines.includes(expected), `${where}: the summary names the field — "${expected}" in ${JSON.stringify(lines)}`);
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false), `${where}: focus is on the summary`);
  await assertNoSidewaysScroll(page, where);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENS) return;
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

describe('the case page in tabs, errors and saved-messages in view, in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    for (const locale of LOCALES) {
      test(`coordinator and partner professional on desktop and phones, in ${locale} on ${target.kind}`, async () => {
        const app = await startCaseApp(target, locale);
        const t = messagesFor(locale);
        const coordinatorBrowser = await openPage(browser, locale);
        const professionalBrowser = await openPage(browser, locale);
        const coordinator: Actor = { page: coordinatorBrowser.page, audit: new AccessibilityAudit(coordinatorBrowser.page), t };
        const professional: Actor = { page: professionalBrowser.page, audit: new AccessibilityAudit(professionalBrowser.page), t };
        try {
          await coordinator.page.setViewportSize(VIEWPORTS[0]);
          await signIn(coordinator, app, app.coordinator);
          const casePath = await setUpCase(coordinator, app);
          const caseTitle = (await coordinator.page.locator('main h1').textContent())?.trim() ?? '';

          // Every tab: its own h1 (the case), the tab list, axe clean, no sideways scrolling on a small phone.
          for (const viewport of [VIEWPORTS[0], VIEWPORTS[2]]) {
            await coordinator.page.setViewportSize(viewport);
            for (const tab of ['overview', 'information', 'people', 'history', 'manage']) {
              await openTab(coordinator, tab);
              await expectHeading(coordinator.page, caseTitle);
              await assertNoSidewaysScroll(coordinator.page, `the ${tab} tab at ${viewport.width} px`);
              if (viewport === VIEWPORTS[0]) await coordinator.audit.check(`coordinator: ${tab} tab`);
            }
          }

          // Every case-page form sent with an error, at each size.
          for (const viewport of VIEWPORTS) {
            await coordinator.page.setViewportSize(viewport);
            for (const form of COORDINATOR_FORMS) {
              await sendWithError(coordinator, casePath, form);
              if (viewport === VIEWPORTS[1]) await coordinator.audit.check(`coordinator: ${form.scope} form with an error`);
            }
          }

          // Saved forms: the saved-message is in view where the browser lands.
          await coordinator.page.setViewportSize(VIEWPORTS[1]);
          await openTab(coordinator, 'people');
          await coordinator.page.locator('#field-participant-userId').selectOption({
            label: t('cases.participant_option', { name: CASE_NETWORK.guest.name, organisation: CASE_NETWORK.organisations.welfare.name }),
          });
          await coordinator.page.locator('#field-participant-role-guest').check();
          const added = await submit(
            coordinator.page,
            coordinator.page.locator(`main form[action="${casePath}/participants#add-participant"] button[type="submit"]`),
            `${casePath}/participants`,
          );
          assert.equal(added.status(), 200, 'htmx is told where the saved form lands (HX-Location)');
          await coordinator.page.locator('#participants ~ .flash').waitFor();
          await settled(coordinator.page);
          await assertInView(coordinator.page, coordinator.page.locator('.flash'), 'the participant-added message on a 390 px phone');
          assert.equal(
            (await coordinator.page.locator('.flash').textContent())?.trim(),
            t('flash.case_participant_added'),
            'the saved-message says what was saved',
          );
          assert.ok(coordinator.page.url().endsWith(`${casePath}/people#participants`), `the address names the section: ${coordinator.page.url()}`);
          await coordinator.audit.check('coordinator: participant added');

          await coordinator.page.setViewportSize(VIEWPORTS[0]);
          await openTab(coordinator, 'information');
          await coordinator.page.locator('#field-item-body').fill('Fictief: de school meldt sinds maart veel afwezigheid.');
          await coordinator.page.locator('#field-item-audience-table').check();
          await coordinator.page.locator('#field-item-legalBasis-art_458ter').check();
          const itemSaved = await submit(
            coordinator.page,
            coordinator.page.locator(`main form[action="${casePath}/items#add-item"] button[type="submit"]`),
            `${casePath}/items`,
          );
          assert.equal(itemSaved.status(), 200, 'the item is saved');
          await coordinator.page.locator('#items ~ .flash').waitFor();
          await settled(coordinator.page);
          await assertInView(coordinator.page, coordinator.page.locator('.flash'), 'the item-added message on a desktop');
          await coordinator.audit.check('coordinator: item added');

          await coordinator.page.setViewportSize(VIEWPORTS[2]);
          await openTab(coordinator, 'manage');
          await coordinator.page.locator('#field-edit-summary').fill(`${SUMMARY} Bijgewerkt.`);
          const edited = await submit(
            coordinator.page,
            coordinator.page.locator(`main form[action="${casePath}#edit-heading"] button[type="submit"]`),
            casePath,
          );
          assert.equal(edited.status(), 200, 'the edit is saved');
          await coordinator.page.locator('#edit-heading ~ .flash').waitFor();
          await settled(coordinator.page);
          await assertInView(coordinator.page, coordinator.page.locator('.flash'), 'the case-saved message on a 320 px phone');
          await assertNoSidewaysScroll(coordinator.page, 'the Manage tab after saving at 320 px');

          if (locale === 'nl') {
            for (const viewport of [VIEWPORTS[0], VIEWPORTS[1]]) {
              await coordinator.page.setViewportSize(viewport);
              for (const tab of ['overview', 'information', 'people', 'manage']) {
                await openTab(coordinator, tab);
                await screenshot(coordinator.page, `case-${tab}-coordinator-${viewport.width}`);
              }
            }
          }

          // The partner professional: no Manage tab, the add-item form on Information, errors and saves in view.
          await professional.page.setViewportSize(VIEWPORTS[1]);
          await signIn(professional, app, app.guest);
          await professional.page.goto(`${app.url}${casePath}`);
          await expectHeading(professional.page, caseTitle);
          assert.equal(
            await professional.page.locator('#case-tabs a').count(),
            5,
            'the professional has five tabs: overview, information, people, history, plan (no Manage)',
          );
          for (const tab of ['overview', 'information', 'people', 'history']) {
            await openTab(professional, tab);
            await assertNoSidewaysScroll(professional.page, `the professional's ${tab} tab at 390 px`);
            await professional.audit.check(`professional: ${tab} tab`);
            if (locale === 'nl') await screenshot(professional.page, `case-${tab}-professional-390`);
          }
          for (const viewport of VIEWPORTS) {
            await professional.page.setViewportSize(viewport);
            await sendWithError(professional, casePath, ITEM_FORM);
          }
          await professional.audit.check('professional: item form with an error');
          await professional.page.setViewportSize(VIEWPORTS[1]);
          await professional.page.locator('#field-item-body').fill('Fictief: het OCMW start een budgetbegeleiding.');
          await professional.page.locator('#field-item-audience-table').check();
          await professional.page.locator('#field-item-legalBasis-art_458ter').check();
          const professionalSaved = await submit(
            professional.page,
            professional.page.locator(`main form[action="${casePath}/items#add-item"] button[type="submit"]`),
            `${casePath}/items`,
          );
          assert.equal(professionalSaved.status(), 200, 'the professional saves an item');
          await professional.page.locator('#items ~ .flash').waitFor();
          await settled(professional.page);
          await assertInView(professional.page, professional.page.locator('.flash'), "the professional's saved-message on a 390 px phone");
          await professional.audit.check('professional: item added');
          if (locale === 'nl') {
            await professional.page.setViewportSize(VIEWPORTS[0]);
            await openTab(professional, 'overview');
            await screenshot(professional.page, 'case-overview-professional-1280');
          }

          assert.deepEqual([...coordinatorBrowser.problems, ...professionalBrowser.problems], [], 'no script errors or CSP violations');
        } finally {
          await coordinatorBrowser.context.close();
          await professionalBrowser.context.close();
          await app.stop();
        }
      });
    }
  }
});
