import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../platform/passwords.ts';
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
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { REAUTHENTICATION_MS } from '../../access/session-rules.ts';

/** A minimal cookie jar for JSON API sign-in. */
class ApiClient {
  cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}
  private header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  async call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const response = await this.app.inject({
      method,
      url,
      headers: { cookie: this.header(), ...headers },
      ...(payload !== undefined && { payload: payload as object }),
    });
    for (const cookie of response.cookies as { name: string; value: string }[]) {
      if (cookie.value) this.cookies.set(cookie.name, cookie.value);
      else this.cookies.delete(cookie.name);
    }
    return response;
  }
  async csrf(): Promise<string> {
    return (await this.call('GET', '/api/v1/auth/csrf')).json().data.token;
  }
}

for (const target of databaseTargets()) {
  describe(`API sign-in, personal tokens and sessions on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    const code = () => nextTotpCode(tenant.adminTotpSecret, env.clock);

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('POST /api/v1/auth/login and /mfa answer as API.md says, with CSRF on both', async () => {
      const client = new ApiClient(app);
      const noToken = await client.call('POST', '/api/v1/auth/login', { email: tenant.adminEmail, password: tenant.adminPassword });
      assert.equal(noToken.statusCode, 403, 'login needs x-csrf-token');
      let csrf = await client.csrf();
      const wrong = await client.call(
        'POST',
        '/api/v1/auth/login',
        { email: tenant.adminEmail, password: 'not the password' },
        { 'x-csrf-token': csrf },
      );
      assert.equal(wrong.statusCode, 401, 'the wrong request answers 401 Unauthorized');
      assert.equal(wrong.json().error.code, 'invalid_credentials', 'the error code is "invalid_credentials"');
      const login = await client.call(
        'POST',
        '/api/v1/auth/login',
        { email: tenant.adminEmail, password: tenant.adminPassword },
        { 'x-csrf-token': csrf },
      );
      assert.equal(login.statusCode, 200, 'the login request answers 200 OK');
      assert.deepEqual(login.json(), { data: { next: 'mfa' } }, "login.json() is { data: { next: 'mfa' } }");
      assert.equal((await client.call('GET', '/api/v1/me')).statusCode, 401, 'pending session is not signed in');
      csrf = await client.csrf();
      const mfa = await client.call('POST', '/api/v1/auth/mfa', { code: code() }, { 'x-csrf-token': csrf });
      assert.equal(mfa.statusCode, 200, 'the mfa request answers 200 OK');
      assert.equal(mfa.json().data.email, tenant.adminEmail, 'mfa.json().data.email is tenant.adminEmail');
      assert.equal((await client.call('GET', '/api/v1/me')).statusCode, 200, "client.call('GET') answers 200 OK");
      env.clock.advance(REAUTHENTICATION_MS + 1000);
      csrf = await client.csrf();
      const stale = await client.call(
        'POST',
        '/api/v1/organisations',
        { name: 'Buurtwerk Zuid', sector: 'community', secrecyRegime: 'none' },
        { 'x-csrf-token': csrf },
      );
      assert.equal(stale.statusCode, 401, 'the stale request answers 401 Unauthorized');
      assert.equal(stale.json().error.code, 'reauthentication_required', 'the error code is "reauthentication_required"');
      const before = client.cookies.get('pt_session');
      const reauth = await client.call('POST', '/api/v1/auth/reauth', { password: tenant.adminPassword, code: code() }, { 'x-csrf-token': csrf });
      assert.equal(reauth.statusCode, 204, 'the reauth request answers 204 No Content');
      assert.notEqual(client.cookies.get('pt_session'), before, 'a new session id after re-authentication');
      csrf = await client.csrf();
      const fresh = await client.call(
        'POST',
        '/api/v1/organisations',
        { name: 'Buurtwerk Zuid', sector: 'community', secrecyRegime: 'none' },
        { 'x-csrf-token': csrf },
      );
      assert.equal(fresh.statusCode, 201, 'the fresh request answers 201 Created');
      csrf = await client.csrf();
      assert.equal(
        (await client.call('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': csrf })).statusCode,
        204,
        "client.call('POST') answers 204 No Content",
      );
      assert.equal((await client.call('GET', '/api/v1/me')).statusCode, 401, "client.call('GET') answers 401 Unauthorized");
    });

    test('a user without an authenticator gets mfa_enrolment with the otpauth URI', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: { email: 'jo.maes@rivierstede.example', name: 'Jo Maes', organisationId: tenant.organisationId, roles: ['professional'] },
      });
      const userId = created.json().data.id;
      // As if the invitation link had been used: a password, no authenticator yet.
      await env.ctx.db
        .updateTable('users')
        .set({ password_hash: await hashPassword('a very long passphrase') })
        .where('tenant_id', '=', tenant.tenantId)
        .where('id', '=', userId)
        .execute();
      const client = new ApiClient(app);
      const login = await client.call(
        'POST',
        '/api/v1/auth/login',
        { email: 'jo.maes@rivierstede.example', password: 'a very long passphrase' },
        { 'x-csrf-token': await client.csrf() },
      );
      assert.equal(login.json().data.next, 'mfa_enrolment', 'login.json().data.next is "mfa_enrolment"');
      const secret = new URL(login.json().data.otpauthUri).searchParams.get('secret')!;
      const mfa = await client.call('POST', '/api/v1/auth/mfa', { code: nextTotpCode(secret, env.clock) }, { 'x-csrf-token': await client.csrf() });
      assert.equal(mfa.statusCode, 200, 'the mfa request answers 200 OK');
      assert.equal(mfa.json().data.recoveryCodes.length, 10, 'mfa.json().data.recoveryCodes holds 10 entries');
    });

    test('personal tokens: created from a browser session after MFA, shown once, listed without value, revoked at once', async () => {
      const browser = new PageClient(app);
      await signInWithPages(browser, { email: tenant.adminEmail, password: tenant.adminPassword, code });
      await browser.get('/account/tokens');
      const created = await browser.post('/account/tokens', { name: 'nightly export' });
      assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
      const token = /<code id="new-token">(pt_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)![1]!;
      const me = await app.inject({ url: '/api/v1/me', headers: bearer(token) });
      assert.equal(me.statusCode, 200, 'the me request answers 200 OK');
      const list = await app.inject({ url: '/api/v1/me/tokens', headers: bearer(token) });
      const entry = list.json().data.find((item: { name: string }) => item.name === 'nightly export');
      assert.ok(entry && !JSON.stringify(list.json()).includes(token), 'the value is never listed');
      const mint = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: bearer(token), payload: { name: 'copy' } });
      assert.equal(mint.statusCode, 403, 'a token cannot mint tokens');
      const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${entry.id}`, headers: bearer(token) });
      assert.equal(revoke.statusCode, 204, 'the revoke request answers 204 No Content');
      assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 401, 'the /api/v1/me answers 401 Unauthorized');
      const actions = (await env.database.handle.db.selectFrom('audit_events').select('action').where('resource_id', '=', entry.id).execute()).map(
        (row) => row.action,
      );
      assert.deepEqual(
        actions.sort(),
        ['auth.token_created', 'auth.token_revoked'],
        "actions.sort() is ['auth.token_created', 'auth.token_revoked']",
      );
    });

    test('another user cannot revoke my token (404, same as missing)', async () => {
      const list = await app.inject({ url: '/api/v1/me/tokens', headers: bearer(tenant.adminToken) });
      const mine = list.json().data[0].id;
      const other = await seedTenant(env.ctx);
      const response = await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${mine}`, headers: bearer(other.adminToken) });
      const missing = await app.inject({ method: 'DELETE', url: '/api/v1/me/tokens/nope', headers: bearer(other.adminToken) });
      assert.equal(response.statusCode, 404, 'the request answers 404 Not Found');
      assert.equal(response.body, missing.body, 'response.body is missing.body');
    });

    test('a user sees their sessions and ends another one', async () => {
      const office = new PageClient(app);
      await signInWithPages(office, { email: tenant.adminEmail, password: tenant.adminPassword, code });
      const home = new PageClient(app);
      await signInWithPages(home, { email: tenant.adminEmail, password: tenant.adminPassword, code });
      const page = await home.get('/account/sessions');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      const ids = [...page.body.matchAll(/href="\/account\/sessions\/([a-f0-9]{32})\/end"/g)].map((match) => match[1]!);
      assert.ok(ids.length >= 1, 'the number of ids is at least 1');
      for (const id of ids)
        assert.equal((await home.post('/account/sessions/end', { id })).statusCode, 303, "home.post('/account/sessions/end') answers 303 See Other");
      assert.equal((await office.get('/')).statusCode, 303, 'the office session has ended');
      assert.equal((await home.get('/')).statusCode, 200, 'this session lives on');
    });
  });
}
