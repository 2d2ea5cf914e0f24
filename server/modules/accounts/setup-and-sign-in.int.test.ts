import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, newSetupState, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, inputValue, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { sha256 } from '../../platform/crypto.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';

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
  describe(`first-run setup and sign-in on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let token: string;

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
      assert.equal(home.statusCode, 200);
      assert.match(home.body, new RegExp(translator('en')('setup.not_set_up_title')));
      assert.equal((await client.get('/setup?token=wrong')).statusCode, 404);
      assert.equal((await client.get('/setup')).statusCode, 404);
    });

    test('bad setup input shows localised errors next to the fields, keeps the input and creates nothing', async () => {
      const client = new PageClient(app, { 'accept-language': 'fr-BE,fr;q=0.9' });
      const page = await client.get(`/setup?token=${token}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="fr">/);
      const response = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, tenantSlug: 'Not A Slug!', password: 'short' });
      assert.equal(response.statusCode, 400);
      assert.equal(textOf(response.body, 'field-password-error'), translator('fr')('validation.password_length'));
      assert.equal(textOf(response.body, 'field-tenantSlug-error'), translator('fr')('validation.slug'));
      assert.equal(inputValue(response.body, 'tenantName'), GOOD_SETUP.tenantName, 'typed input is kept');
      assert.equal(inputValue(response.body, 'password'), '', 'but never the password');
      assert.equal(await env.ctx.system.countTenants(), 0);
    });

    test('setup without the CSRF token is refused', async () => {
      const client = new PageClient(app);
      await client.get(`/setup?token=${token}`);
      const response = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, _csrf: null });
      assert.equal(response.statusCode, 403);
      assert.equal(await env.ctx.system.countTenants(), 0);
    });

    test('setup creates the network and its administrator, signs them in, and closes the door behind it', async () => {
      const client = new PageClient(app);
      await client.get(`/setup?token=${token}`);
      const response = await client.post(`/setup?token=${token}`, GOOD_SETUP);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/');
      const home = await client.get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<html lang="fr">/, 'the administrator gets the chosen default language');
      assert.ok(home.body.includes(translator('fr')('flash.setup_done')));
      assert.equal((await client.get(`/setup?token=${token}`)).statusCode, 404);
      const replay = await client.post(`/setup?token=${token}`, { ...GOOD_SETUP, tenantSlug: 'second' });
      assert.equal(replay.statusCode, 404);
      assert.equal(await env.ctx.system.countTenants(), 1);
    });

    test('sign-in: a wrong password and an unknown email give the same answer', async () => {
      const client = new PageClient(app, { 'accept-language': 'nl' });
      await client.get('/login');
      const wrong = await client.post('/login', { email: GOOD_SETUP.adminEmail, password: 'not the password at all' });
      const unknown = await client.post('/login', { email: 'nobody@rivierstede.example', password: 'not the password at all' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(unknown.statusCode, 400);
      assert.equal(textOf(wrong.body, 'field-email-error'), translator('nl')('signin.invalid_credentials'));
      assert.equal(textOf(unknown.body, 'field-email-error'), textOf(wrong.body, 'field-email-error'));
      assert.equal(client.cookies.has('pt_session'), false);
    });

    test('sign-in sets an HttpOnly SameSite session cookie with a fresh id, and sign-out ends the session', async () => {
      const client = new PageClient(app);
      await client.get('/login');
      const first = await client.post('/login?next=/admin/users', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      assert.equal(first.statusCode, 303);
      assert.equal(first.headers.location, '/admin/users');
      const cookie = String(first.headers['set-cookie']).split(/,(?=\s*pt_)/).find((line) => line.includes('pt_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\//);
      const firstId = client.cookies.get('pt_session')!;
      assert.ok(Buffer.from(firstId, 'base64url').length >= 16, 'at least 128 bits');

      const other = new PageClient(app);
      await other.get('/login');
      await other.post('/login', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      assert.notEqual(other.cookies.get('pt_session'), firstId, 'every sign-in gets a new id');

      assert.equal((await client.get('/admin/users')).statusCode, 200);
      await client.get('/');
      const out = await client.post('/logout', {});
      assert.equal(out.statusCode, 303);
      const stored = await env.database.handle.db.selectFrom('sessions').select('id_hash').execute();
      assert.ok(!stored.some((row) => row.id_hash === sha256(firstId)), 'the signed-out session is gone from the database');
      assert.ok(stored.some((row) => row.id_hash === sha256(other.cookies.get('pt_session')!)), 'the other session lives on');
      const after = await new PageClient(app).get('/admin/users', { cookie: `pt_session=${firstId}` });
      assert.equal(after.statusCode, 303);
      assert.match(String(after.headers.location), /^\/login/);
    });

    test('a session ends after 30 minutes idle and after 12 hours whatever the activity', async () => {
      const client = new PageClient(app);
      await client.get('/login');
      await client.post('/login', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      env.clock.advance(SESSION_IDLE_MS - 60_000);
      assert.equal((await client.get('/')).statusCode, 200, 'still valid just before the idle limit');
      env.clock.advance(SESSION_IDLE_MS + 1000);
      const idle = await client.get('/admin/users');
      assert.equal(idle.statusCode, 303, 'idle expiry sends to sign-in');

      await client.get('/login');
      await client.post('/login', { email: GOOD_SETUP.adminEmail, password: GOOD_SETUP.password });
      for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - 20 * 60_000; elapsed += 20 * 60_000) {
        env.clock.advance(20 * 60_000);
        assert.equal((await client.get('/admin/users')).statusCode, 200);
      }
      env.clock.advance(25 * 60_000);
      assert.equal((await client.get('/admin/users')).statusCode, 303, 'absolute expiry after 12 h');
    });
  });
}
