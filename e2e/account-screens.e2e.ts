import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { databaseTargets } from '../server/test/databases.ts';
import { startApp } from './support/app.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor } from './support/messages.ts';
import { NETWORK, setUpNetwork } from './support/network.ts';
import { expectHeading, flashText, htmlLang, submit } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();

/**
 * The screens around an account that the journeys do not pass: personal API tokens, own sessions,
 * re-authentication, "forgot password", the user page's sign-in actions and the DPO's audit trail.
 * Each is used once with the keyboard-free happy path and checked with axe, in French.
 */
describe('account, audit and password screens in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    test(`tokens, sessions, re-authentication, forgot password and the audit trail on ${target.kind}`, async () => {
      const t = messagesFor('fr');
      const app = await startApp(target);
      const { context, page, problems } = await openPage(browser, 'fr');
      const audit = new AccessibilityAudit(page);
      try {
        const authenticator = await setUpNetwork(page, app.setupUrl, t, audit);

        // Personal API token: created, shown once, works against the API, revoked.
        await page.goto(`${app.url}/account/tokens`);
        await expectHeading(page, t('tokens.title'));
        await audit.check('tokens page');
        await page.locator('#field-name').fill('export nocturne');
        const created = await submit(page, page.locator('main form[action="/account/tokens"] button[type="submit"]'), '/account/tokens');
        assert.equal(created.status(), 201, 'the created request answers 201 Created');
        const token = (await page.locator('#new-token').textContent())?.trim() ?? '';
        assert.match(token, /^pt_[A-Za-z0-9_-]{43}$/, 'token matches /^pt_[A-Za-z0-9_-]{43}$/');
        await audit.check('token shown once');
        const me = await page.request.get(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(me.status(), 200, 'the me request answers 200 OK');
        // Revoking asks first, on its confirmation page (e2e/confirmations.e2e.ts checks those pages in full).
        const revokeLink = page.locator('main a[href$="/revoke"]').first();
        const revokePath = (await revokeLink.getAttribute('href')) ?? '';
        await revokeLink.click();
        await expectHeading(page, t('confirm.revoke_token.title', { name: 'export nocturne' }));
        await submit(page, page.locator('main button.danger'), revokePath);
        await expectHeading(page, t('tokens.title'));
        assert.equal(await flashText(page), t('flash.token_revoked'), 'flashText(page) is the "flash.token_revoked" text');
        const afterRevoke = await page.request.get(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(afterRevoke.status(), 401, 'the after revoke request answers 401 Unauthorized');

        // Own sessions: this one is marked, a second browser's session can be ended from here.
        const other = await openPage(browser, 'fr');
        await other.page.goto(`${app.url}/login`);
        await other.page.locator('#field-email').fill(NETWORK.adminEmail);
        await other.page.locator('#field-password').fill(NETWORK.adminPassword);
        await submit(other.page, other.page.locator('main button[type="submit"]'), '/login');
        await expectHeading(other.page, t('mfa.title'));
        await other.page.locator('#field-code').fill(await authenticator.nextCode());
        await submit(other.page, other.page.locator('main button[type="submit"]'), '/login/mfa');
        await expectHeading(other.page, t('home.title'));
        await page.goto(`${app.url}/account/sessions`);
        await expectHeading(page, t('sessions.title'));
        await audit.check('sessions page');
        assert.equal(await page.locator('main tbody tr').count(), 2, "page.locator('main tbody tr').count() is 2");
        await page.locator('main a[href^="/account/sessions/"][href$="/end"]').click();
        await expectHeading(page, t('confirm.end_session.title'));
        await submit(page, page.locator('main button.danger'), '/account/sessions/end');
        assert.equal(await flashText(page), t('flash.session_ended'), 'flashText(page) is the "flash.session_ended" text');
        await other.page.goto(`${app.url}/admin/users`);
        await expectHeading(other.page, t('signin.title'));
        await other.context.close();

        // The user page: sign-in section with the authenticator reset, then becoming DPO too.
        await page.goto(`${app.url}/admin/users`);
        await expectHeading(page, t('users.title'));
        await page.locator('main tbody a').first().click();
        await expectHeading(page, t('users.edit_title'));
        await page.locator('#sign-in-heading').waitFor();
        assert.ok(
          (await page.locator('main').textContent())?.includes(t('users.mfa_enrolled')),
          '(await page.locator(\'main\').textContent()) contains the "users.mfa_enrolled" text',
        );
        await audit.check('user page with sign-in section');
        // Nobody changes their own roles in the application (an administrator cannot make themself DPO) …
        await page.locator('#field-roles-dpo').check();
        await submit(page, page.locator('main form[action^="/admin/users/"] button.primary'), new URL(page.url()).pathname);
        await expectHeading(page, t('errors.forbidden'));
        // … the operator can, on the command line; the next page shows the DPO's navigation.
        await app.grantRolesAsOperator(NETWORK.adminEmail, ['admin', 'dpo']);
        await page.goto(`${app.url}/admin/users`);
        await expectHeading(page, t('users.title'));

        // The DPO's audit trail, with a filter.
        await page.getByRole('link', { name: t('audit.nav'), exact: true }).click();
        await expectHeading(page, t('audit.title'));
        await audit.check('audit trail');
        assert.ok((await page.locator('main tbody tr').count()) > 3, 'the set-up and sign-ins are in the trail');
        await page.locator('#field-action').selectOption('auth.token_revoked');
        await page.locator('main form[method="get"] button[type="submit"]').click();
        await page.waitForURL(/action=auth\.token_revoked/);
        await expectHeading(page, t('audit.title'));
        assert.equal(await page.locator('main tbody tr').count(), 1, "page.locator('main tbody tr').count() is 1");
        await audit.check('audit trail filtered');

        // Re-authentication form, and "forgot password" for a visitor.
        await page.goto(`${app.url}/reauth?next=%2Fadmin%2Fusers`);
        await expectHeading(page, t('reauth.title'));
        await page.locator('#field-password').fill(NETWORK.adminPassword);
        await page.locator('#field-code').fill(await authenticator.nextCode());
        const confirmed = await submit(page, page.locator('main button[type="submit"]'), '/reauth');
        assert.equal(confirmed.status(), 303, 'the confirmed request answers 303 See Other');
        await expectHeading(page, t('users.title'));
        const visitor = await openPage(browser, 'fr');
        const visitorAudit = new AccessibilityAudit(visitor.page);
        await visitor.page.goto(`${app.url}/password/forgot`);
        await expectHeading(visitor.page, t('forgot.title'));
        await visitorAudit.check('forgot password');
        await visitor.page.locator('#field-email').fill('personne@rivierstede.example');
        await submit(visitor.page, visitor.page.locator('main button[type="submit"]'), '/password/forgot');
        await visitor.page.getByText(t('forgot.sent')).waitFor();
        await visitorAudit.check('forgot password sent');
        assert.equal(await htmlLang(visitor.page), 'fr', 'htmlLang(visitor.page) is "fr"');
        await visitor.context.close();

        assert.equal(await htmlLang(page), 'fr', 'htmlLang(page) is "fr"');
        assert.deepEqual(problems, [], 'no script errors or Content-Security-Policy violations');
      } finally {
        await context.close();
        await app.stop();
      }
    });
  }
});
