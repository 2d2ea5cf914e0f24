import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { sha256 } from '../../platform/crypto.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, newSetupState, nextTotpCode, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, inputValue, signInWithPages, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { REAUTHENTICATION_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../access/session-rules.ts';
import { auditEvents } from '../../test/audit-events.ts';

const GOOD_SETUP = {
  tenantName: 'Lokaal netwerk Rivierstede',
  tenantSlug: 'rivierstede',
  defaultLocale: 'fr',
  organisationName: 'Stad Rivierstede',
  organisationSector: 'city',
  adminName: 'Alex Admin',
  adminEmail: 'alex.admin@rivierstede.example',
  password: 'een lange zin als wachtwoord',
};

for (const target of databaseTargets()) {
  describe(`first-run setup, MFA enrolment and sign-in on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let token: string;
    let secret = '';
    let recoveryCodes: string[] = [];
    const code = () => nextTotpCode(secret, env.clock);
    const admin = () => ({ email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password, code });

    before(async () => {
      env = await createTestEnvironment(target);
      const setup = newSetupState();
      token = setup.token;
      app = await createTestApp(env.ctx, setup.state);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the home page of an empty installation says to use the setup link; a wrong link is 404', async () => {
      const client = new PageClient(app, { 'accept-language': 'en' });
      const home = await client.get('/');
      assert.equal(home.statusCode, 200, 'the home request answers 200 OK');
      assert.match(
        home.body,
        new RegExp(translator('en')('setup.not_set_up_title')),
        "home.body matches new RegExp(translator('en')('setup.not_set_up_title'))",
      );
      assert.equal((await client.get('/setup?token=wrong')).statusCode, 404, "client.get('/setup?token=wrong') answers 404 Not Found");
      assert.equal((await client.get('/setup')).statusCode, 404, "client.get('/setup') answers 404 Not Found");
    });

    test('bad setup input shows localised errors next to the fields, keeps the input and creates nothing', async () => {
      const client = new PageClient(app, { 'accept-language': 'fr-BE,fr;q=0.9' });
      const page = await client.get(`/setup?token=${token}`);
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.match(page.body, /<html lang="fr">/, 'page.body matches /<html lang="fr">/');
      const response = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, tenantSlug: 'Not A Slug!', password: 'short' });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(
        textOf(response.body, 'field-password-error'),
        translator('fr')('validation.password_length'),
        "textOf(response.body, 'field-password-error') is translator('fr')('validation.password_length')",
      );
      assert.equal(
        textOf(response.body, 'field-tenantSlug-error'),
        translator('fr')('validation.slug'),
        "textOf(response.body, 'field-tenantSlug-error') is translator('fr')('validation.slug')",
      );
      assert.equal(inputValue(response.body, 'tenantName'), GOOD_SETUP.tenantName, 'typed input is kept');
      assert.equal(inputValue(response.body, 'password'), '', 'but never the password');
      const common = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, password: 'passwordpassword' });
      assert.equal(
        textOf(common.body, 'field-password-error'),
        translator('fr')('validation.password_common'),
        "textOf(common.body, 'field-password-error') is translator('fr')('validation.password_common')",
      );
      assert.equal(await env.ctx.system.countTenants(), 0, 'env.ctx.system.countTenants() is 0');
    });

    test('setup without the CSRF token is refused', async () => {
      const client = new PageClient(app);
      await client.get(`/setup?token=${token}`);
      const response = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, _csrf: null });
      assert.equal(response.statusCode, 403, 'the request answers 403 Forbidden');
      assert.equal(await env.ctx.system.countTenants(), 0, 'env.ctx.system.countTenants() is 0');
    });

    test('setup creates the network, then the administrator must enrol an authenticator before anything else', async () => {
      const client = new PageClient(app);
      await client.get(`/setup?token=${token}`);
      const response = await client.post(`/setup?token=${token}`, GOOD_SETUP);
      assert.equal(response.statusCode, 303, 'the request answers 303 See Other');
      assert.equal(response.headers.location, '/login/enrol', 'response.headers.location is "/login/enrol"');
      assert.equal((await client.get('/admin/users')).statusCode, 303, 'a pending session opens nothing');
      const enrol = await client.get('/login/enrol');
      assert.equal(enrol.statusCode, 200, 'the enrol request answers 200 OK');
      assert.match(enrol.body, /<img class="qr" src="data:image\/png;base64,/, 'enrol.body matches /<img class="qr" src="data:image\\/png;base64,/');
      secret = textOf(enrol.body, 'totp-secret')!.replace(/\s+/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/, '160-bit key shown as text');
      const wrong = await client.post('/login/enrol', { code: '000000' });
      assert.equal(wrong.statusCode, 400, 'the wrong request answers 400 Bad Request');
      const pendingId = client.cookies.get('pt_session')!;
      const confirmed = await client.post('/login/enrol', { code: code() });
      assert.equal(confirmed.statusCode, 200, 'the confirmed request answers 200 OK');
      recoveryCodes = [...confirmed.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((match) => match[1]!);
      assert.equal(recoveryCodes.length, 10, 'recoveryCodes holds 10 entries');
      assert.notEqual(client.cookies.get('pt_session'), pendingId, 'a new session id once the second factor is given');
      const home = await client.get('/');
      assert.equal(home.statusCode, 200, 'the home request answers 200 OK');
      assert.match(home.body, /<html lang="fr">/, 'the administrator gets the chosen default language');
      assert.equal((await client.get(`/setup?token=${token}`)).statusCode, 404, 'the setup door is closed');
      const stored = await env.database.handle.db.selectFrom('recovery_codes').select('code_hash').execute();
      assert.equal(stored.length, 10, 'stored holds 10 entries');
      assert.ok(
        stored.every((row) => !recoveryCodes.includes(row.code_hash)),
        'recovery codes are stored hashed',
      );
      const actions = (await auditEvents(env.database.handle.db).select('action').execute()).map((row) => row.action);
      assert.equal(actions[0], 'access.denied', 'the refused CSRF-less setup of the test before');
      assert.deepEqual(
        actions.slice(1, 4),
        ['tenant.created', 'organisation.created', 'user.created'],
        "actions.slice(1, 4) is ['tenant.created', 'organisation.created', 'user.created']",
      );
      assert.ok(
        actions.includes('auth.mfa_enrolled') && actions.includes('auth.sign_in'),
        'actions contains "auth.mfa_enrolled", and actions contains "auth.sign_in"',
      );
    });

    test('a wrong password and an unknown email give the same answer', async () => {
      const client = new PageClient(app, { 'accept-language': 'nl' });
      await client.get('/login');
      const wrong = await client.post('/login', { email: GOOD_SETUP.adminEmail, password: 'not the password at all' });
      const unknown = await client.post('/login', { email: 'nobody@rivierstede.example', password: 'not the password at all' });
      assert.equal(wrong.statusCode, 400, 'the wrong request answers 400 Bad Request');
      assert.equal(unknown.statusCode, 400, 'the unknown request answers 400 Bad Request');
      assert.equal(
        textOf(wrong.body, 'field-email-error'),
        translator('nl')('signin.invalid_credentials'),
        "textOf(wrong.body, 'field-email-error') is translator('nl')('signin.invalid_credentials')",
      );
      assert.equal(
        textOf(unknown.body, 'field-email-error'),
        textOf(wrong.body, 'field-email-error'),
        "textOf(unknown.body, 'field-email-error') is textOf(wrong.body, 'field-email-error')",
      );
      assert.equal(client.cookies.has('pt_session'), false, "client.cookies.has('pt_session') is false");
    });

    test('password alone gives a pending session that opens nothing; the code completes it with a new id', async () => {
      const client = new PageClient(app);
      await client.get('/login');
      const step = await client.post('/login?next=/admin/users', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      assert.equal(step.headers.location, '/login/mfa?next=%2Fadmin%2Fusers', 'step.headers.location is "/login/mfa?next=%2Fadmin%2Fusers"');
      const pendingId = client.cookies.get('pt_session')!;
      assert.ok(Buffer.from(pendingId, 'base64url').length >= 16, 'at least 128 bits');
      assert.equal((await client.get('/')).statusCode, 303, "client.get('/') answers 303 See Other");
      assert.equal(
        (await app.inject({ url: '/api/v1/me', headers: { cookie: `pt_session=${pendingId}` } })).statusCode,
        401,
        'the /api/v1/me answers 401 Unauthorized',
      );
      await client.get('/login/mfa');
      const done = await client.post('/login/mfa?next=/admin/users', { code: code() });
      assert.equal(done.statusCode, 303, 'the done request answers 303 See Other');
      assert.equal(done.headers.location, '/admin/users', 'done.headers.location is "/admin/users"');
      const cookie = String(done.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/, 'cookie matches /HttpOnly/');
      assert.match(cookie, /SameSite=Lax/, 'cookie matches /SameSite=Lax/');
      assert.notEqual(client.cookies.get('pt_session'), pendingId, "client.cookies.get('pt_session') is not pendingId");
      assert.equal((await client.get('/admin/users')).statusCode, 200, "client.get('/admin/users') answers 200 OK");
      assert.equal((await new PageClient(app).get('/', { cookie: `pt_session=${pendingId}` })).statusCode, 303, 'the pending id is dead');
    });

    test('a TOTP code is single use: replaying it in the same window is refused', async () => {
      const first = new PageClient(app);
      const reused = code();
      await signInWithPages(first, { ...admin(), code: () => reused });
      const second = new PageClient(app);
      await assert.rejects(
        signInWithPages(second, { ...admin(), code: () => reused }),
        /code step answered 400/,
        'signInWithPages(…) is rejected with /code step answered 400/',
      );
    });

    test('a recovery code signs in once, and only once', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, { ...admin(), code: () => recoveryCodes[0]!.toUpperCase() });
      assert.equal((await client.get('/')).statusCode, 200, "client.get('/') answers 200 OK");
      await assert.rejects(
        signInWithPages(new PageClient(app), { ...admin(), code: () => recoveryCodes[0]! }),
        /code step answered 400/,
        'signInWithPages(…) is rejected with /code step answered 400/',
      );
      const used = await env.database.handle.db
        .selectFrom('recovery_codes')
        .select('used_at')
        .where('code_hash', '=', sha256(recoveryCodes[0]!))
        .executeTakeFirstOrThrow();
      assert.notEqual(used.used_at, null, 'used.used_at is not null');
    });

    test('repeated wrong passwords slow the account down (429 with Retry-After), also for the right password, then let go', async () => {
      const client = new PageClient(app, { 'accept-language': 'en' });
      await client.get('/login');
      for (let attempt = 1; attempt <= 5; attempt++) {
        assert.equal(
          (await client.post('/login', { email: GOOD_SETUP.adminEmail, password: `wrong password ${attempt}` })).statusCode,
          400,
          "client.post('/login') answers 400 Bad Request",
        );
      }
      assert.equal(
        (await client.post('/login', { email: GOOD_SETUP.adminEmail, password: 'wrong password 6' })).statusCode,
        400,
        "client.post('/login') answers 400 Bad Request",
      );
      const blocked = await client.post('/login', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      assert.equal(blocked.statusCode, 429, 'the blocked request answers 429 Too Many Requests');
      assert.equal(blocked.headers['retry-after'], '30', 'blocked.headers[\'retry-after\'] is "30"');
      assert.ok(blocked.body.includes(translator('en')('errors.rate_limited')), "blocked.body contains translator('en')('errors.rate_limited')");
      env.clock.advance(31_000);
      await signInWithPages(new PageClient(app), admin());
    });

    test('an unknown account is throttled the same way (no enumeration through the limiter)', async () => {
      const client = new PageClient(app);
      await client.get('/login');
      const answers: number[] = [];
      for (let attempt = 1; attempt <= 7; attempt++)
        answers.push((await client.post('/login', { email: 'ghost@rivierstede.example', password: 'whatever it is' })).statusCode);
      assert.deepEqual(answers, [400, 400, 400, 400, 400, 400, 429], 'answers is [400, 400, 400, 400, 400, 400, 429]');
    });

    test('wrong codes are throttled per user', async () => {
      const client = new PageClient(app);
      await client.get('/login');
      await client.post('/login', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      await client.get('/login/mfa');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) statuses.push((await client.post('/login/mfa', { code: '123456' })).statusCode);
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429], 'statuses is [400, 400, 400, 400, 400, 400, 429]');
      env.clock.advance(60_000);
    });

    test('administrative pages ask to re-authenticate after ten minutes; password and code renew it', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, admin());
      assert.equal((await client.get('/admin/users')).statusCode, 200, "client.get('/admin/users') answers 200 OK");
      env.clock.advance(REAUTHENTICATION_MS + 1000);
      assert.equal((await client.get('/')).statusCode, 200, 'ordinary pages stay open');
      const asked = await client.get('/admin/users');
      assert.equal(asked.statusCode, 303, 'the asked request answers 303 See Other');
      assert.equal(asked.headers.location, '/reauth?next=%2Fadmin%2Fusers', 'asked.headers.location is "/reauth?next=%2Fadmin%2Fusers"');
      await client.get('/reauth?next=%2Fadmin%2Fusers');
      const wrong = await client.post('/reauth?next=%2Fadmin%2Fusers', { password: 'not it at all', code: code() });
      assert.equal(wrong.statusCode, 400, 'the wrong request answers 400 Bad Request');
      const right = await client.post('/reauth?next=%2Fadmin%2Fusers', { password: GOOD_SETUP.password, code: code() });
      assert.equal(right.statusCode, 303, 'the right request answers 303 See Other');
      assert.equal((await client.get('/admin/users')).statusCode, 200, "client.get('/admin/users') answers 200 OK");
    });

    test('sign-out ends the session in the database; another session lives on', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, admin());
      const other = new PageClient(app);
      await signInWithPages(other, admin());
      const firstId = client.cookies.get('pt_session')!;
      await client.get('/');
      assert.equal((await client.post('/logout', {})).statusCode, 303, "client.post('/logout') answers 303 See Other");
      const stored = await env.database.handle.db.selectFrom('sessions').select('id_hash').execute();
      assert.ok(!stored.some((row) => row.id_hash === sha256(firstId)), 'no entry of stored matches');
      assert.ok(
        stored.some((row) => row.id_hash === sha256(other.cookies.get('pt_session')!)),
        "some entry of stored matches (row) => row.id_hash === sha256(other.cookies.get('pt_sessi…",
      );
      assert.equal(
        (await new PageClient(app).get('/admin/users', { cookie: `pt_session=${firstId}` })).statusCode,
        303,
        "new PageClient(app).get('/admin/users') answers 303 See Other",
      );
    });

    test('a session ends after 30 minutes idle and after 12 hours whatever the activity', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, admin());
      env.clock.advance(SESSION_IDLE_MS - 60_000);
      assert.equal((await client.get('/')).statusCode, 200, 'still valid just before the idle limit');
      env.clock.advance(SESSION_IDLE_MS + 1000);
      assert.equal((await client.get('/')).statusCode, 303, 'idle expiry sends to sign-in');

      await signInWithPages(client, admin());
      for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - 20 * 60_000; elapsed += 20 * 60_000) {
        env.clock.advance(20 * 60_000);
        assert.equal((await client.get('/')).statusCode, 200, "client.get('/') answers 200 OK");
      }
      env.clock.advance(25 * 60_000);
      assert.equal((await client.get('/')).statusCode, 303, 'absolute expiry after 12 h');
    });

    test('the authenticator key is stored sealed, never in clear', async () => {
      const row = await env.database.handle.db
        .selectFrom('users')
        .select('mfa_secret_sealed')
        .where('email', '=', GOOD_SETUP.adminEmail)
        .executeTakeFirstOrThrow();
      assert.ok(row.mfa_secret_sealed?.startsWith('v1.'), 'row.mfa_secret_sealed starts with "v1."');
      assert.ok(!row.mfa_secret_sealed!.includes(secret), 'row.mfa_secret_sealed does not contain secret');
      assert.match(
        new TOTP({ secret: Secret.fromBase32(secret) }).generate(),
        /^\d{6}$/,
        'new TOTP({ secret: Secret.fromBase32(secret) }).generate() matches /^\\d{6}$/',
      );
    });
  });
}
