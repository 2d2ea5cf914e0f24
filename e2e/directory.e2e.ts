import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databaseTargets, type DatabaseTarget } from '../server/test/databases.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp } from './support/case-network.ts';
import { JOURNEY_HSDS_DOCUMENT, JOURNEY_SERVICES } from './support/hsds-document.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { MEETING_NETWORK, meetingSeed } from './support/meeting-network.ts';
import { messagesFor, type Locale } from './support/messages.ts';
import { expectHeading, flashText, htmlLang, settled } from './support/pages.ts';
import { DESKTOP, PHONE, post, signedIn, type Person } from './support/people.ts';

/*
 * Issue 13 "Tests": the social map in the browser, in Dutch and in French, axe on every screen and no
 * sideways scrolling at phone width on the main ones. The coordinator imports an HSDS file (a bad file
 * first: refused with a clear message), searches French-speaking services for a 15-year-old and finds
 * the club (not the Dutch-only one, not the one for adults), opens the printable page, links the club
 * to an agreement of a case's plan of approach (the plan tab then shows its contact and conditions),
 * records a gap, publishes the map; a signed-out visitor opens /map/<slug> and sees the club and no
 * sign of cases or gaps. All of it fictional.
 */

const unavailable = browserUnavailable();
const AGREEMENT = { description: 'Fictief: de jongere gaat twee keer per week naar de huiswerkklas.', due: '2027-04-30' };

const mainText = async (page: Page): Promise<string> => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

/** The page at phone width: no sideways scrolling, still axe clean; then back to the desktop width. */
async function atPhoneWidth(person: Person, what: string): Promise<void> {
  await person.page.setViewportSize(PHONE);
  await assertNoSidewaysScroll(person.page, `${what} at 390 px`);
  await person.audit.check(`${what} at 390 px`);
  await person.page.setViewportSize(DESKTOP);
}

async function journey(browser: Browser, target: DatabaseTarget, locale: Locale): Promise<void> {
  const t = messagesFor(locale);
  const { seed, people } = meetingSeed(locale);
  const app = await startCaseApp(target, locale, seed);
  const opened: Person[] = [];
  try {
    // 1. The coordinator opens the social map from the menu: empty; the menu holds the gap report too.
    const coordinator = await signedIn(browser, app, app.coordinator, locale, t);
    opened.push(coordinator);
    const { page, audit } = coordinator;
    const nav = page.locator('nav.main-nav');
    assert.equal(await nav.locator('a[href="/directory/gaps/report"]').count(), 1, "the coordinator's menu holds the gap report");
    await nav.locator('a[href="/directory"]').click();
    await expectHeading(page, t('directory.title'));
    await audit.check('social map, empty');

    // 2. The HSDS import: a file that is not JSON is refused with a clear message; the document is imported.
    await page.locator('main a[href="/directory/import"]').click();
    await expectHeading(page, t('directory.import.title'));
    await audit.check('import page');
    await atPhoneWidth(coordinator, 'import page');
    const fileInput = page.locator('#field-import-file');
    assert.equal(await fileInput.getAttribute('accept'), '.json,application/json', 'the file chooser asks for JSON files');
    await fileInput.setInputFiles({ name: 'kaart.json', mimeType: 'application/json', buffer: Buffer.from('dit is geen json') });
    const refused = await post(
      page,
      () => page.getByRole('button', { name: t('directory.import.submit'), exact: true }).click(),
      /^\/directory\/import$/,
    );
    assert.equal(refused.status(), 400, 'a file that is not JSON is refused');
    assert.equal(
      ((await page.locator('#field-import-file-error').textContent()) ?? '').trim(),
      t('directory.import.file_not_json'),
      'the file chooser says why, in the journey’s language',
    );
    await audit.check('import page with a refused file');
    await page.locator('#field-import-file').setInputFiles({
      name: 'sociale-kaart.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(JOURNEY_HSDS_DOCUMENT)),
    });
    const imported = await post(
      page,
      () => page.getByRole('button', { name: t('directory.import.submit'), exact: true }).click(),
      /^\/directory\/import$/,
    );
    assert.equal(imported.status(), 200, 'the HSDS file is imported');
    assert.equal(await flashText(page), t('directory.import.result', { created: 3, updated: 0 }), 'the coordinator is told what was imported');
    await audit.check('import page after the import');

    // 3. Search: French-speaking services for a 15-year-old; then the printable page.
    await page.locator('main a[href="/directory"]').first().click();
    await expectHeading(page, t('directory.title'));
    await page.locator('#field-search-language').selectOption('fr');
    await page.locator('#field-search-age').fill('15');
    await page.locator('#filters button[type="submit"]').click();
    await page.waitForURL((url) => url.searchParams.get('language') === 'fr' && url.searchParams.get('age') === '15');
    await settled(page);
    const found = (await page.locator('main ul.service-list h2').allTextContents()).map((name) => name.trim());
    assert.deepEqual(
      found,
      [JOURNEY_SERVICES.expected],
      `a French speaker of 15 finds the homework club only (not Dutch-only, not adults): ${found.join(', ')}`,
    );
    await audit.check('search results');
    await atPhoneWidth(coordinator, 'search results');
    await page
      .locator('main a', { hasText: t('directory.print') })
      .first()
      .click();
    await expectHeading(page, t('directory.print_title'));
    const printed = await mainText(page);
    assert.ok(printed.includes(JOURNEY_SERVICES.expected), 'the printable page lists the found service');
    assert.ok(!printed.includes(JOURNEY_SERVICES.dutchOnly), 'and only the found services');
    assert.equal(await page.locator('nav.main-nav').count(), 0, 'the printable page has no menu');
    await audit.check('printable page');

    // 4. The plan of approach: an agreement linked to the club; the plan tab shows its contact and conditions.
    const planPath = `/cases/${people.withAgreementCaseId}/plan`;
    await page.goto(`${app.url}${planPath}`);
    await page.locator('#agreement-form').waitFor();
    await settled(page);
    await audit.check('plan tab');
    await page.locator('#field-agreement-objectiveId').selectOption({ label: MEETING_NETWORK.objective });
    await page.locator('#field-agreement-organisationId').selectOption(app.guest.organisationId);
    await page.locator('#field-agreement-description').fill(AGREEMENT.description);
    await page.locator('#field-agreement-dueDate').fill(AGREEMENT.due);
    await page.locator('#field-agreement-serviceId').selectOption({ label: `${JOURNEY_SERVICES.expected} (${JOURNEY_SERVICES.provider})` });
    const agreed = await post(
      page,
      () => page.getByRole('button', { name: t('plans.add_agreement'), exact: true }).click(),
      new RegExp(`^${planPath}/agreements$`),
    );
    assert.ok([200, 303].includes(agreed.status()), `the agreement is taken (${agreed.status()})`);
    assert.equal(await flashText(page), t('flash.plan_saved'), 'the coordinator is told the plan was saved');
    const agreement = ((await page.locator('main li', { hasText: AGREEMENT.description }).first().textContent()) ?? '').replace(/\s+/g, ' ');
    assert.ok(agreement.includes(JOURNEY_SERVICES.expected), 'the agreement names the linked service');
    assert.ok(agreement.includes(JOURNEY_SERVICES.phone), 'with its contact');
    assert.ok(agreement.includes(JOURNEY_SERVICES.eligibility), 'and its conditions');
    await audit.check('plan tab with an agreement linked to a service');
    await atPhoneWidth(coordinator, 'plan tab with a linked service');

    // 5. A gap: no homework help in French with room for the table’s case; recorded from the map page, then the report.
    await page.goto(`${app.url}/directory`);
    await expectHeading(page, t('directory.title'));
    await page.locator('main a[href="/directory/gaps/new"]').click();
    await expectHeading(page, t('directory.gap.title'));
    await audit.check('record a gap');
    await atPhoneWidth(coordinator, 'record a gap');
    await page.locator('#field-theme').selectOption('school_dropout');
    await page.locator('#field-ageGroup').selectOption('12-17');
    await page.locator('#field-language').fill('fr');
    await page.locator('#field-reason').selectOption('language');
    await post(page, () => page.getByRole('button', { name: t('directory.gap.submit'), exact: true }).click(), /^\/directory\/gaps\/new$/);
    assert.equal(await flashText(page), t('flash.directory_gap_recorded'), 'the coordinator is told the gap is recorded');
    await audit.check('record a gap, recorded');
    await nav.locator('a[href="/directory/gaps/report"]').click();
    await expectHeading(page, t('directory.gap_report.title'));
    assert.ok((await mainText(page)).includes(t('directory.gap_report.suppressed')), 'one gap is shown as "< 5"');
    await audit.check('gap report');
    await atPhoneWidth(coordinator, 'gap report');

    // 6. Publishing, from the map page.
    await nav.locator('a[href="/directory"]').click();
    await expectHeading(page, t('directory.title'));
    await page.locator('main a[href="/directory/settings"]').click();
    await expectHeading(page, t('directory.settings.title'));
    assert.ok((await mainText(page)).includes(t('directory.settings.not_published')), 'the map is not published by default');
    await audit.check('map settings');
    await post(page, () => page.getByRole('button', { name: t('directory.settings.publish'), exact: true }).click(), /^\/directory\/settings$/);
    assert.equal(await flashText(page), t('flash.directory_published'), 'the coordinator is told the map is published');
    const publicLink = page.locator('main a', { hasText: t('directory.settings.open_public') });
    assert.equal(await publicLink.getAttribute('href'), `/map/${CASE_NETWORK.tenant.slug}`, 'the settings link to the public map');
    await audit.check('map settings, published');
    await atPhoneWidth(coordinator, 'map settings');

    // 7. A visitor, signed out, in a browser of their own: the services, nothing of cases or gaps.
    const visitorContext = await openPage(browser, locale);
    const visitor: Person = {
      page: visitorContext.page,
      audit: new AccessibilityAudit(visitorContext.page),
      problems: visitorContext.problems,
      close: () => visitorContext.context.close(),
    };
    opened.push(visitor);
    const vp = visitor.page;
    await vp.setViewportSize(DESKTOP);
    await vp.goto(`${app.url}/map/${CASE_NETWORK.tenant.slug}`);
    await expectHeading(vp, t('directory.public.title', { network: CASE_NETWORK.tenant.name }));
    const shown = await mainText(vp);
    for (const name of [JOURNEY_SERVICES.expected, JOURNEY_SERVICES.dutchOnly, JOURNEY_SERVICES.adultsOnly])
      assert.ok(shown.includes(name), `the public map shows ${name}`);
    const whole = await vp.content();
    for (const secret of [
      MEETING_NETWORK.cases.withAgreement.summary,
      MEETING_NETWORK.cases.fresh.summary,
      AGREEMENT.description,
      MEETING_NETWORK.table.name,
    ])
      assert.ok(!whole.includes(secret), `the public map holds nothing of cases or plans ("${secret.slice(0, 30)}…")`);
    assert.ok(!whole.includes(t('directory.gap_report.title')) && !whole.includes('/directory/gaps'), 'nor any sign of gaps');
    assert.equal(await vp.locator('a[href^="/cases"], a[href^="/directory"], nav.main-nav').count(), 0, 'no link into the signed-in application');
    await visitor.audit.check('public map');
    await atPhoneWidth(visitor, 'public map');

    for (const person of opened) {
      assert.equal(await htmlLang(person.page), locale, 'the pages are in the journey’s language');
      assert.deepEqual(person.problems, [], 'no script errors or Content-Security-Policy violations');
    }
  } finally {
    for (const person of opened) await person.close();
    await app.stop();
  }
}

describe('the social map in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Dutch on SQLite, French on PostgreSQL when there is one (else on SQLite too), like the monthly cycle.
  const targets = databaseTargets();
  const plan: readonly (readonly [Locale, DatabaseTarget])[] = [
    ['nl', targets[0]!],
    ['fr', targets[1] ?? targets[0]!],
  ];
  for (const [locale, target] of plan) {
    test(`an HSDS file is imported, searched, printed, linked to an agreement, a gap recorded and the map published, in ${locale} on ${target.kind}`, () =>
      journey(browser, target, locale));
  }
});
