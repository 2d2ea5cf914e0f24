import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import type { Mail } from '../../platform/mailer.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { createUser } from './create-user.ts';
import { sendInvitation } from './send-invitation.ts';
import { auditEvents } from '../../test/audit-events.ts';

const NEW_PASSWORD = 'een heel nieuw wachtwoord voor mij';
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const userMenuOf = (body: string) => body.split('class="user-menu"')[1]?.split('</div>')[0] ?? '';

for (const target of databaseTargets()) {
  describe(`account page, change of password and the invitee's language on ${target.kind}`, () => {
    let env: TestEnvironment;
    let ctx: AppContext;
    let app: FastifyInstance;
    const mails: Mail[] = [];
    let tenant: Awaited<ReturnType<typeof seedTenant>>;
    let user: Awaited<ReturnType<typeof seedUser>>;
    const t = translator('nl');
    const signIn = async (password: string) => {
      const client = new PageClient(app, { 'accept-language': 'nl' });
      await signInWithPages(client, { email: user.email, password, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    const eventsOf = (action: string) =>
      auditEvents(env.database.handle.db).select(['actor_user_id', 'details']).where('action', '=', action).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer: { destination: 'memory', send: async (mail) => void mails.push(mail) },
      });
      app = await createTestApp(ctx);
      tenant = await seedTenant(ctx);
      user = await seedUser(ctx, tenant, ['professional'], { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the header has one "My account" entry; the account page lists profile, password, sessions and tokens', async () => {
      const client = await signIn(TEST_PASSWORD);
      const home = await client.get('/');
      const menu = userMenuOf(home.body);
      assert.ok(menu.includes(`<a href="/account">${html(t('nav.account'))}</a>`), 'the user menu links to the account page');
      assert.ok(!menu.includes('/account/tokens') && !menu.includes('/account/sessions'), 'tokens and sessions are no longer in the header');
      const account = await client.get('/account');
      assert.equal(account.statusCode, 200, 'the account page answers 200 OK');
      assert.ok(account.body.includes(`<h1>${html(t('account.title'))}</h1>`), 'the account page has its heading');
      assert.ok(account.body.includes(user.email), 'the profile shows the email address');
      assert.ok(account.body.includes(html(t('role.professional'))), 'the profile shows the roles');
      assert.ok(account.body.includes(html(t('locale.nl'))), 'the profile shows the language');
      for (const href of ['/account/password', '/account/sessions', '/account/tokens']) {
        assert.ok(account.body.includes(`href="${href}"`), `the account page links to ${href}`);
      }
      assert.equal((await new PageClient(app).get('/account')).statusCode, 303, 'a visitor is sent to sign in');
    });

    test('a wrong current password or a mismatch is refused on the form, in the reader’s language, and changes nothing', async () => {
      const client = await signIn(TEST_PASSWORD);
      await client.get('/account/password');
      const wrong = await client.post('/account/password', {
        currentPassword: 'not my password at all',
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      });
      assert.equal(wrong.statusCode, 400, 'a wrong current password answers 400');
      assert.equal(textOf(wrong.body, 'field-currentPassword-error'), t('account.password.current_wrong'), 'the error names the current password');
      const mismatch = await client.post('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: 'something else entirely',
      });
      assert.equal(mismatch.statusCode, 400, 'a mismatch answers 400');
      assert.equal(textOf(mismatch.body, 'field-newPasswordConfirmation-error'), t('validation.password_mismatch'), 'the error names the repetition');
      const short = await client.post('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'short',
        newPasswordConfirmation: 'short',
      });
      assert.equal(textOf(short.body, 'field-newPassword-error'), t('validation.password_length'), 'the password rules apply');
      assert.equal((await eventsOf('auth.password_changed')).length, 0, 'nothing was changed');
    });

    test('a change ends the other sessions, keeps this one, is audited, sends a notice, and the new password signs in', async () => {
      const here = await signIn(TEST_PASSWORD);
      const elsewhere = await signIn(TEST_PASSWORD);
      await here.get('/account/password');
      const mailsBefore = mails.length;
      const changed = await here.post('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      });
      assert.equal(changed.statusCode, 303, 'the change answers 303 See Other');
      assert.equal(changed.headers.location, '/account', 'back to the account page');
      const account = await here.get('/account');
      assert.equal(account.statusCode, 200, 'this session lives on');
      assert.ok(account.body.includes(html(t('flash.password_changed'))), 'the flash says the password changed');
      assert.equal((await elsewhere.get('/')).statusCode, 303, 'the other session has ended');
      const events = await eventsOf('auth.password_changed');
      assert.equal(events.length, 1, 'one auth.password_changed event');
      assert.equal(events[0]!.actor_user_id, user.id, 'recorded for the user');
      assert.ok(JSON.parse(events[0]!.details!).sessionsEnded >= 2, 'with the number of sessions ended (the other one and the earlier test’s)');
      assert.equal(mails.length, mailsBefore + 1, 'one mail notice');
      assert.equal(mails.at(-1)!.to, user.email, 'to the user');
      assert.ok(mails.at(-1)!.subject.startsWith(t('mail.password_changed.subject', { network: '' }).replace(/ – $/, '')), 'with the notice subject');
      assert.ok(!/https?:\/\//.test(mails.at(-1)!.text), 'the notice holds no link');
      const login = new PageClient(app);
      await login.get('/login');
      const old = await login.post('/login', { email: user.email, password: TEST_PASSWORD });
      assert.equal(old.statusCode, 400, 'the old password no longer signs in');
      await signIn(NEW_PASSWORD);
    });

    test('the API: a token may not change the password; a browser session after MFA may (204)', async () => {
      const payload = { currentPassword: NEW_PASSWORD, newPassword: TEST_PASSWORD };
      const byToken = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: bearer(user.token), payload });
      assert.equal(byToken.statusCode, 403, 'a token answers 403');
      const client = await signIn(NEW_PASSWORD);
      await client.get('/account');
      const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const bySession = await app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie, 'x-csrf-token': client.csrfToken, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
        payload,
      });
      assert.equal(bySession.statusCode, 204, 'the session answers 204');
      const openApi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      assert.ok(openApi.paths['/api/v1/me/password']?.post, 'the endpoint is in the OpenAPI document');
      await signIn(TEST_PASSWORD);
    });

    test('wrong current passwords are throttled like sign-in', async () => {
      const client = await signIn(TEST_PASSWORD);
      await client.get('/account/password');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt += 1) {
        const answer = await client.post('/account/password', {
          currentPassword: `wrong guess number ${attempt}`,
          newPassword: NEW_PASSWORD,
          newPasswordConfirmation: NEW_PASSWORD,
        });
        statuses.push(answer.statusCode);
      }
      assert.deepEqual(statuses.slice(0, 6), [400, 400, 400, 400, 400, 400], 'the first six wrong answers are form errors');
      assert.equal(statuses[6], 429, 'then the account is slowed down');
      env.clock.advance(31_000);
    });

    test('an invitee whose language is French gets the link pages in French, whatever the browser says, until they choose', async () => {
      const mailsBefore = mails.length;
      const created = await createUser(
        {
          input: {
            email: 'camille.dubois@rivierstede.example',
            name: 'Camille Dubois',
            organisationId: tenant.organisationId,
            roles: ['professional'],
            locale: 'fr',
          },
        },
        tenant.admin,
        ctx,
      );
      await sendInvitation({ userId: created.user.id }, tenant.admin, ctx);
      const invitation = mails.slice(mailsBefore).find((mail) => mail.to === 'camille.dubois@rivierstede.example');
      assert.ok(invitation, 'an invitation mail was sent');
      const path = new URL(/https?:\/\/\S+\/invitation\/\S+/.exec(invitation.text)![0]).pathname;
      const fr = translator('fr');
      const browser = new PageClient(app, { 'accept-language': 'nl-BE,nl;q=0.9' });
      const page = await browser.get(path);
      assert.equal(page.statusCode, 200, 'the link opens');
      assert.match(page.body, /<html lang="fr">/, 'the page is in French');
      assert.ok(page.body.includes(html(fr('invitation.title'))), 'with the French title');
      const mismatch = await browser.post(path, { password: NEW_PASSWORD, passwordConfirmation: 'autre chose encore' });
      assert.match(mismatch.body, /<html lang="fr">/, 'the form with an error stays French');
      const set = await browser.post(path, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
      assert.equal(set.headers.location, '/login/enrol', 'then on to the authenticator');
      const enrol = await browser.get('/login/enrol');
      assert.match(enrol.body, /<html lang="fr">/, 'the authenticator page is French too');
      await browser.post('/language', { locale: 'nl', returnTo: '/login/enrol' });
      assert.match((await browser.get('/login/enrol')).body, /<html lang="nl">/, 'a language chosen here wins');
    });
  });
}
