import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { startApp } from './support/app.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor } from './support/messages.ts';
import { setUpNetwork } from './support/network.ts';
import { expectHeading } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();
const t = messagesFor('en');
const COMMUNITY_CENTRE = { name: 'Buurtwerk Het Anker', sector: 'community', secrecyRegime: 'discretion' };

describe('CSRF protection, error pages and the idle warning in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    test(`a signed-in browser's POST without a valid CSRF token is refused on ${target.kind}`, async () => {
      const app = await startApp(target);
      const { context, page, problems } = await openPage(browser, 'en');
      const audit = new AccessibilityAudit(page);
      try {
        await setUpNetwork(page, app.setupUrl, t, audit);
        await page.goto(`${app.url}/admin/organisations/new`);
        await expectHeading(page, t('organisations.new_title'));
        await audit.check('new organisation form');
        const token = await page.locator('main form input[name="_csrf"]').inputValue();
        const endpoint = `${app.url}/admin/organisations/new`;

        // Same cookies as the signed-in page (page.request shares the context's cookie jar).
        const withoutToken = await page.request.post(endpoint, { form: COMMUNITY_CENTRE, maxRedirects: 0 });
        assert.equal(withoutToken.status(), 403, 'no token: 403');
        assert.match(
          await withoutToken.text(),
          new RegExp(escapeRegExp(t('errors.forbidden'))),
          "withoutToken.text() matches new RegExp(escapeRegExp(t('errors.forbidden')))",
        );

        const forgedToken = await page.request.post(endpoint, { form: { ...COMMUNITY_CENTRE, _csrf: `${token.slice(0, -2)}xx` }, maxRedirects: 0 });
        assert.equal(forgedToken.status(), 403, 'a tampered token: 403');

        const crossSite = await page.request.post(endpoint, {
          form: { ...COMMUNITY_CENTRE, _csrf: token },
          headers: { origin: 'https://elders.example' },
          maxRedirects: 0,
        });
        assert.equal(crossSite.status(), 403, 'a valid token from another site: 403');

        // Control: the same request with the page's token is accepted, so the 403s above were the CSRF guard.
        const accepted = await page.request.post(endpoint, { form: { ...COMMUNITY_CENTRE, _csrf: token }, maxRedirects: 0 });
        assert.equal(accepted.status(), 303, 'with the page token the same request is accepted');
        assert.equal(accepted.headers().location, '/admin/organisations', 'accepted.headers().location is "/admin/organisations"');

        await page.goto(`${app.url}/admin/organisations`);
        await expectHeading(page, t('organisations.title'));
        assert.equal(
          await page.getByRole('rowheader', { name: COMMUNITY_CENTRE.name, exact: true }).count(),
          1,
          'the refused requests created nothing',
        );
        await audit.check('organisation list');

        const missing = await page.goto(`${app.url}/admin/organisations/no-such-organisation`);
        assert.equal(missing?.status(), 404, 'the missing request answers 404 Not Found');
        await expectHeading(page, t('errors.not_found'));
        await audit.check('not-found error page');
        assert.deepEqual(problems, [], 'no script errors or Content-Security-Policy violations');
      } finally {
        await context.close();
        await app.stop();
      }
    });

    test(`"Stay signed in" still works after htmx navigation on ${target.kind}`, async () => {
      const app = await startApp(target);
      const { context, page, problems } = await openPage(browser, 'en');
      const audit = new AccessibilityAudit(page);
      try {
        // Setup, enrolment and the way to the home page are all htmx swaps of <body>: the page was
        // first loaded as a visitor, so anything left in <head> dates from before the sign-in.
        await setUpNetwork(page, app.setupUrl, t, audit);
        await page
          .getByRole('navigation', { name: t('shell.navigation'), exact: true })
          .getByRole('link', { name: t('nav.users'), exact: true })
          .click();
        await expectHeading(page, t('users.title'));
        // What app.js does when the idle timer fires: show the warning, focus its button.
        await page.evaluate(() => {
          const warning = document.getElementById('idle-warning');
          if (warning) warning.hidden = false;
        });
        const keepalive = page.locator('#idle-keepalive');
        assert.equal(
          (await keepalive.textContent())?.trim(),
          t('shell.idle_keepalive'),
          'keepalive.textContent()?.trim() is the "shell.idle_keepalive" text',
        );
        await audit.check('idle warning');
        const [answer] = await Promise.all([
          page.waitForResponse((response) => new URL(response.url()).pathname === '/session/keepalive'),
          keepalive.click(),
        ]);
        assert.equal(answer.status(), 204, 'the keepalive request of app.js (x-csrf-token from <meta name="csrf-token">) is accepted');
        assert.deepEqual(problems, [], 'no script errors or Content-Security-Policy violations');
      } finally {
        await context.close();
        await app.stop();
      }
    });
  }
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
