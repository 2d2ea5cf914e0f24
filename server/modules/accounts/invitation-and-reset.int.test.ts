import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { contextFromHandle } from '../../bootstrap.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { linkIn, startTestSmtpServer } from '../../test/smtp.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer } from '../../platform/mailer.ts';
import { translator } from '../../ui/i18n.ts';
import type { AppContext } from '../../context.ts';
import { USER_TOKEN_LIFETIME_MS } from './user-tokens.ts';

const NEW_PASSWORD = 'mijn nieuwe lange wachtzin';

for (const target of databaseTargets()) {
  describe(`invitation, password reset and MFA reset by mail on ${target.kind}`, () => {
    let env: TestEnvironment;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let invitedId = '';
    let invitedSecret = '';
    const invitedEmail = 'noor.janssens@rivierstede.example';
    const code = (secret: string) => () => nextTotpCode(secret, env.clock);

    before(async () => {
      env = await createTestEnvironment(target);
      smtp = await startTestSmtpServer();
      const mailer = createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: 'Partnertafel <no-reply@rivierstede.example>' });
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer,
      });
      app = await createTestApp(ctx);
      tenant = await seedTenant(ctx);
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await env.dispose();
    });

    test('creating a user sends an invitation over SMTP in their language, with a one-time link', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: { email: invitedEmail, name: 'Noor Janssens', organisationId: tenant.organisationId, roles: ['professional'], locale: 'fr' },
      });
      assert.equal(response.statusCode, 201, 'the request answers 201 Created');
      assert.equal(response.json().data.invitationSent, true, 'response.json().data.invitationSent is true');
      assert.equal(response.json().data.invitationPending, true, 'response.json().data.invitationPending is true');
      invitedId = response.json().data.id;
      await smtp.waitFor(1);
      const mail = smtp.messages[0]!;
      assert.deepEqual(mail.to, [invitedEmail], 'mail.to is [invitedEmail]');
      assert.match(mail.raw, /Bonjour Noor Janssens/, 'mail.raw matches /Bonjour Noor Janssens/');
      assert.match(
        linkIn(mail.raw),
        /^http:\/\/localhost:3000\/invitation\/[A-Za-z0-9_-]{43}$/,
        'linkIn(mail.raw) matches /^http:\\/\\/localhost:3000\\/invitation\\/[A-Za-z0-9_-]{43}$/',
      );
    });

    test('the invitation link sets a password, then enrolment, then the user is signed in; the link is spent', async () => {
      const path = new URL(linkIn(smtp.messages[0]!.raw)).pathname;
      const client = new PageClient(app, { 'accept-language': 'fr' });
      assert.equal((await client.get(path)).statusCode, 200, 'client.get(…) answers 200 OK');
      const mismatch = await client.post(path, { password: NEW_PASSWORD, passwordConfirmation: 'something else entirely' });
      assert.equal(mismatch.statusCode, 400, 'the mismatch request answers 400 Bad Request');
      assert.equal(
        textOf(mismatch.body, 'field-passwordConfirmation-error'),
        translator('fr')('validation.password_mismatch'),
        "textOf(mismatch.body, 'field-passwordConfirmation-error') is translator('fr')('validation.password_mismatch')",
      );
      const set = await client.post(path, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
      assert.equal(set.statusCode, 303, 'the set request answers 303 See Other');
      assert.equal(set.headers.location, '/login/enrol', 'set.headers.location is "/login/enrol"');
      const enrol = await client.get('/login/enrol');
      invitedSecret = textOf(enrol.body, 'totp-secret')!.replace(/\s+/g, '');
      const confirmed = await client.post('/login/enrol', { code: code(invitedSecret)() });
      assert.equal(confirmed.statusCode, 200, 'the confirmed request answers 200 OK');
      assert.equal((await client.get('/')).statusCode, 200, "client.get('/') answers 200 OK");
      assert.equal((await new PageClient(app).get(path)).statusCode, 404, 'a used link is gone');
    });

    test('an expired invitation link answers 404', async () => {
      const resend = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: { email: 'late.reader@rivierstede.example', name: 'Late Reader', organisationId: tenant.organisationId, roles: ['professional'] },
      });
      assert.equal(resend.statusCode, 201, 'the resend request answers 201 Created');
      await smtp.waitFor(2);
      const path = new URL(linkIn(smtp.messages[1]!.raw)).pathname;
      env.clock.advance(USER_TOKEN_LIFETIME_MS.invitation + 1000);
      assert.equal((await new PageClient(app).get(path)).statusCode, 404, 'new PageClient(app).get(…) answers 404 Not Found');
    });

    test('a password reset mail changes the password, ends every session, and still needs the second factor', async () => {
      const signedIn = new PageClient(app);
      await signInWithPages(signedIn, { email: invitedEmail, password: NEW_PASSWORD, code: code(invitedSecret) });
      const before = smtp.messages.length;
      const client = new PageClient(app, { 'accept-language': 'nl' });
      await client.get('/password/forgot');
      const known = await client.post('/password/forgot', { email: invitedEmail });
      const unknown = await client.post('/password/forgot', { email: 'nobody.here@rivierstede.example' });
      assert.equal(known.statusCode, 200, 'the known request answers 200 OK');
      const withoutTokens = (html: string) => html.replace(/content="[A-Za-z0-9_-]{40,}"/g, '').replace(/value="[A-Za-z0-9_-]{40,}"/g, '');
      assert.equal(withoutTokens(known.body), withoutTokens(unknown.body), 'same answer for unknown addresses');
      await smtp.waitFor(before + 1);
      assert.equal(smtp.messages.length, before + 1, 'no mail for an unknown address');
      const path = new URL(linkIn(smtp.messages[before]!.raw)).pathname;
      await client.get(path);
      const changed = await client.post(path, { password: 'een ander lang wachtwoord', passwordConfirmation: 'een ander lang wachtwoord' });
      assert.equal(changed.statusCode, 303, 'the changed request answers 303 See Other');
      assert.equal(changed.headers.location, '/login', 'changed.headers.location is "/login"');
      assert.equal((await signedIn.get('/')).statusCode, 303, 'the old session has ended');
      const login = new PageClient(app);
      await login.get('/login');
      const step = await login.post('/login', { email: invitedEmail, password: 'een ander lang wachtwoord' });
      assert.equal(step.headers.location, '/login/mfa', 'the reset did not bypass the second factor');
      assert.equal((await login.get('/')).statusCode, 303, "login.get('/') answers 303 See Other");
    });

    test('an administrator resets a lost authenticator: sessions end, the next sign-in enrols a new key', async () => {
      const admin = new PageClient(app);
      await signInWithPages(admin, { email: tenant.adminEmail, password: tenant.adminPassword, code: code(tenant.adminTotpSecret) });
      const user = new PageClient(app);
      await signInWithPages(user, { email: invitedEmail, password: 'een ander lang wachtwoord', code: code(invitedSecret) });
      await admin.get(`/admin/users/${invitedId}`);
      const reset = await admin.post(`/admin/users/${invitedId}/mfa-reset`, {});
      assert.equal(reset.statusCode, 303, 'the reset request answers 303 See Other');
      assert.ok(!reset.body.includes(invitedSecret), 'reset.body does not contain invitedSecret');
      assert.equal((await user.get('/')).statusCode, 303, 'signed out');
      const again = new PageClient(app);
      await again.get('/login');
      const step = await again.post('/login', { email: invitedEmail, password: 'een ander lang wachtwoord' });
      assert.equal(step.headers.location, '/login/enrol', 'step.headers.location is "/login/enrol"');
      const enrol = await again.get('/login/enrol');
      const newSecret = textOf(enrol.body, 'totp-secret')!.replace(/\s+/g, '');
      assert.notEqual(newSecret, invitedSecret, 'newSecret is not invitedSecret');
      const oldCode = new TOTP({ secret: Secret.fromBase32(invitedSecret) }).generate({ timestamp: env.clock.now().getTime() + 30_000 });
      assert.equal((await again.post('/login/enrol', { code: oldCode })).statusCode, 400, 'the old authenticator no longer works');
      const audit = await env.database.handle.db
        .selectFrom('audit_events')
        .select(['action', 'actor_user_id'])
        .where('action', '=', 'auth.mfa_reset')
        .execute();
      assert.deepEqual(audit, [{ action: 'auth.mfa_reset', actor_user_id: tenant.admin.userId }], 'audit is exactly the 1 expected entries');
    });
  });
}
