import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import shipped from '../server/db/migrations/20261130T120000-screening-instruments.json' with { type: 'json' };
import { databaseTargets } from '../server/test/databases.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type RunningCaseApp } from './support/case-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { signInWithCode } from './support/sign-in.ts';
import { expectHeading, htmlLang, settled } from './support/pages.ts';

/*
 * Issue 11, screening instruments in the browser (Dutch and French, axe on every screen, a 390 px
 * phone): the coordinator finds the instruments in the menu, reads the list, and opens the
 * observation instrument with its four areas and the note on the judgement — nothing scrolls sideways.
 */

const unavailable = browserUnavailable();
const LOCALES: readonly Locale[] = ['nl', 'fr'];
const PHONE = { width: 390, height: 844 };
const [observation, factors] = shipped;

async function signIn(page: Page, audit: AccessibilityAudit, t: Translate, app: RunningCaseApp): Promise<void> {
  const authenticator = new Authenticator(app.coordinator.totpSecret);
  await signInWithCode(page, { url: app.url, email: app.coordinator.email, password: CASE_NETWORK.password, authenticator, t });
  await audit.check('home');
}

describe('screening instruments in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of databaseTargets()) {
    for (const locale of LOCALES) {
      test(`the coordinator reads the instruments on a phone, in ${locale} on ${target.kind}`, async () => {
        const app = await startCaseApp(target, locale);
        const opened = await openPage(browser, locale);
        const { page } = opened;
        const audit = new AccessibilityAudit(page);
        const t = messagesFor(locale);
        try {
          await page.setViewportSize(PHONE);
          await signIn(page, audit, t, app);

          await page.locator('summary', { hasText: t('shell.menu') }).click();
          await page.locator('nav.main-nav a', { hasText: t('nav.instruments') }).click();
          await settled(page);
          await expectHeading(page, t('screening.instruments.title'));
          assert.equal(new URL(page.url()).pathname, '/screening/instruments', 'the menu leads to the instruments');
          for (const instrument of [observation!, factors!])
            assert.equal(await page.locator('main li a', { hasText: instrument.title[locale] }).count(), 1, `the list names ${instrument.key}`);
          await assertNoSidewaysScroll(page, 'the list of instruments at 390 px');
          await audit.check('instrument list');

          await page.locator('main li a', { hasText: observation!.title[locale] }).click();
          await settled(page);
          await expectHeading(page, observation!.title[locale]);
          const headings = await page.locator('main h2').allTextContents();
          assert.deepEqual(
            headings,
            [...observation!.sections.map((section) => section.title[locale]), t('screening.instruments.judgement')],
            'the four areas, then the judgement',
          );
          await assertNoSidewaysScroll(page, 'the observation instrument at 390 px');
          await audit.check('observation instrument');

          await page.locator('main a', { hasText: t('screening.instruments.back') }).click();
          await settled(page);
          await page.locator('main li a', { hasText: factors!.title[locale] }).click();
          await settled(page);
          await expectHeading(page, factors!.title[locale]);
          await assertNoSidewaysScroll(page, 'the checklist at 390 px');
          await audit.check('factors checklist');

          assert.equal(await htmlLang(page), locale, 'the pages are in the journey’s language');
          assert.deepEqual(opened.problems, [], 'no script errors or Content-Security-Policy violations');
          assert.equal(audit.checked.length, 4, `axe checked every screen: ${audit.checked.join(', ')}`);
        } finally {
          await opened.context.close();
          await app.stop();
        }
      });
    }
  }
});
