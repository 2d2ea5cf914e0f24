import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { startApp } from './support/app.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor } from './support/messages.ts';
import { setUpNetwork } from './support/network.ts';
import { expectHeading, flashText, submit } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();

/**
 * The personal calendar feed page in Dutch: reached from the account page, axe clean before and
 * after creating a feed, no sideways scrolling at 320 px; the URL shown once works without a cookie
 * and stops working when revoked.
 */
describe('personal calendar feed page in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    test(`create, copy and revoke a feed on ${target.kind}`, async () => {
      const t = messagesFor('nl');
      const app = await startApp(target);
      const { context, page, problems } = await openPage(browser, 'nl');
      const audit = new AccessibilityAudit(page);
      try {
        await setUpNetwork(page, app.setupUrl, t, audit);
        await page.setViewportSize({ width: 320, height: 640 });
        await page.goto(`${app.url}/account`);
        await expectHeading(page, t('account.title'));
        await page.locator('main a[href="/account/calendar-feed"]').click();
        await expectHeading(page, t('calendar_feed.title'));
        await audit.check('calendar feed page');
        const created = await submit(
          page,
          page.locator('main form[action="/account/calendar-feed"] button[type="submit"]'),
          '/account/calendar-feed',
        );
        assert.equal(created.status(), 201, 'creating the feed answers 201 Created');
        const url = await page.locator('#calendar-feed-url').inputValue();
        assert.match(url, /\/calendar\/[0-9a-f-]{36}_[A-Za-z0-9_-]{43}\.ics$/, 'the page shows the feed URL in its labelled field');
        await audit.check('calendar feed shown once');
        const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        assert.ok(width.scroll <= width.inner, `the page fits 320 px without sideways scrolling (${width.scroll} ≤ ${width.inner})`);

        const feed = await fetch(url);
        assert.equal(feed.status, 200, 'the feed answers a plain fetch without a cookie');
        assert.match(await feed.text(), /^BEGIN:VCALENDAR/, 'the feed is an iCalendar file');

        await submit(page, page.locator('main form[action="/account/calendar-feed/revoke"] button[type="submit"]'), '/account/calendar-feed/revoke');
        await expectHeading(page, t('calendar_feed.title'));
        assert.equal(await flashText(page), t('flash.calendar_feed_revoked'), 'the flash says the feed was revoked');
        assert.equal((await fetch(url)).status, 404, 'the revoked feed answers 404');
        assert.deepEqual(problems, [], 'no script errors or Content-Security-Policy violations');
      } finally {
        await context.close();
        await app.stop();
      }
    });
  }
});
