import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  type SeededTenant,
  type TestEnvironment,
} from '../test/harness.ts';
import { PageClient, inputValue, signInWithPages, textOf } from '../test/page-client.ts';
import { translator } from '../ui/i18n.ts';
import { cookiePolicy } from './cookies.ts';
import { comesFromAnotherSite } from './csrf.ts';

const PASSWORD = 'a sentence that is long enough';

test('cookies are __Host- prefixed and Secure over https; the plain-http localhost exception drops both', () => {
  const secure = cookiePolicy('https://partnertafel.rivierstede.example');
  assert.equal(secure.session, '__Host-pt_session', 'secure.session is "__Host-pt_session"');
  assert.equal(secure.options.secure, true, 'secure.options.secure is true');
  assert.equal(secure.options.httpOnly, true, 'secure.options.httpOnly is true');
  assert.equal(secure.options.path, '/', 'secure.options.path is "/"');
  const local = cookiePolicy('http://localhost:3000');
  assert.equal(local.session, 'pt_session', 'local.session is "pt_session"');
  assert.equal(local.options.secure, false, 'local.options.secure is false');
});

test('cross-site detection: Origin first, Sec-Fetch-Site when Origin is absent or null', () => {
  const allowed = ['https://pt.example'];
  assert.equal(
    comesFromAnotherSite({ origin: 'https://pt.example' }, allowed),
    false,
    "comesFromAnotherSite({ origin: 'https://pt.example' }, allowed) is false",
  );
  assert.equal(
    comesFromAnotherSite({ origin: 'https://evil.example' }, allowed),
    true,
    "comesFromAnotherSite({ origin: 'https://evil.example' }, allowed) is true",
  );
  assert.equal(
    comesFromAnotherSite({ origin: 'null', 'sec-fetch-site': 'cross-site' }, allowed),
    true,
    "comesFromAnotherSite({ origin: 'null', 'sec-fetch-site': 'cross-site'… is true",
  );
  assert.equal(
    comesFromAnotherSite({ origin: 'null', 'sec-fetch-site': 'same-origin' }, allowed),
    false,
    "comesFromAnotherSite({ origin: 'null', 'sec-fetch-site': 'same-origin… is false",
  );
  assert.equal(
    comesFromAnotherSite({ 'sec-fetch-site': 'same-site' }, allowed),
    true,
    "comesFromAnotherSite({ 'sec-fetch-site': 'same-site' }, allowed) is true",
  );
  assert.equal(comesFromAnotherSite({}, allowed), false, 'comesFromAnotherSite({}, allowed) is false');
});

for (const target of databaseTargets()) {
  describe(`web security and admin pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let signedIn: PageClient;

    const adminOf = (seeded: SeededTenant) => ({
      email: seeded.adminEmail,
      password: seeded.adminPassword,
      code: () => nextTotpCode(seeded.adminTotpSecret, env.clock),
    });

    const organisationCount = async () =>
      (await env.ctx.db.selectFrom('organisations').select('id').where('tenant_id', '=', tenant.tenantId).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      signedIn = new PageClient(app);
      await signInWithPages(signedIn, adminOf(tenant));
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('security headers on pages and API answers, errors included', async () => {
      const requests = [
        { url: '/login' },
        { url: '/api/v1/auth/csrf' },
        { url: '/no-such-page-anywhere' },
        // Refused while the request context is resolved (a hook after the headers were set).
        { url: '/api/v1/me', headers: { authorization: 'Bearer not a token' } },
      ];
      for (const request of requests) {
        const response = await app.inject(request);
        assert.ok(response.statusCode === 200 || response.statusCode >= 400, `${request.url} answers (${response.statusCode})`);
        const csp = String(response.headers['content-security-policy']);
        assert.match(csp, /script-src 'self'/, "csp matches /script-src 'self'/");
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, 'csp does not match /unsafe-inline|unsafe-eval/');
        assert.match(csp, /frame-ancestors 'none'/, "csp matches /frame-ancestors 'none'/");
        assert.equal(response.headers['x-content-type-options'], 'nosniff', 'response.headers[\'x-content-type-options\'] is "nosniff"');
        assert.match(
          String(response.headers['strict-transport-security']),
          /max-age=\d{8}/,
          "String(response.headers['strict-transport-security']) matches /max-age=\\d{8}/",
        );
        assert.equal(response.headers['x-frame-options'], 'DENY', 'response.headers[\'x-frame-options\'] is "DENY"');
        assert.equal(response.headers['cache-control'], 'no-store', 'response.headers[\'cache-control\'] is "no-store"');
        assert.equal(response.headers['referrer-policy'], 'same-origin', 'response.headers[\'referrer-policy\'] is "same-origin"');
      }
    });

    test('every answer names its request by the server-made id that its audit event records; a client cannot choose it', async () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const chosen = '11111111-1111-4111-8111-111111111111';
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { ...bearer(tenant.adminToken), 'x-request-id': chosen, 'request-id': chosen },
        payload: { name: 'Wijkgezondheidscentrum De Brug', sector: 'community', secrecyRegime: 'none' },
      });
      assert.equal(created.statusCode, 201, 'the organisation is created (201)');
      const requestId = String(created.headers['x-request-id']);
      assert.match(requestId, uuid, 'the answer carries the request id as a UUID');
      assert.notEqual(requestId, chosen, "the client's own request id is not taken");
      const event = await env.ctx.db
        .selectFrom('audit_events')
        .select(['request_id', 'resource_id'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', '=', 'organisation.created')
        .where('resource_id', '=', String((created.json() as { data: { id: string } }).data.id))
        .executeTakeFirstOrThrow();
      assert.equal(event.request_id, requestId, 'the organisation.created event records the id the answer named');
      const [first, second] = [await app.inject({ url: '/login' }), await app.inject({ url: '/no-such-page-anywhere' })];
      assert.match(String(first.headers['x-request-id']), uuid, 'a page answer carries a request id');
      assert.match(String(second.headers['x-request-id']), uuid, 'a 404 answer carries a request id');
      assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id'], 'two requests have two ids');
    });

    test('a cookie-authenticated change without a CSRF token, or from another site, is refused and changes nothing', async () => {
      const before = await organisationCount();
      const fields = { name: 'Sneaky Org', sector: 'other', secrecyRegime: 'none' };
      assert.equal(
        (await signedIn.post('/admin/organisations/new', { ...fields, _csrf: null })).statusCode,
        403,
        "signedIn.post('/admin/organisations/new') answers 403 Forbidden",
      );
      assert.equal(
        (await signedIn.post('/admin/organisations/new', { ...fields, _csrf: 'forged-token' })).statusCode,
        403,
        "signedIn.post('/admin/organisations/new') answers 403 Forbidden",
      );
      assert.equal(
        (await signedIn.post('/admin/organisations/new', fields, { origin: 'https://evil.example' })).statusCode,
        403,
        "signedIn.post('/admin/organisations/new') answers 403 Forbidden",
      );
      assert.equal(
        (await signedIn.post('/admin/organisations/new', fields, { origin: 'null', 'sec-fetch-site': 'cross-site' })).statusCode,
        403,
        "signedIn.post('/admin/organisations/new') answers 403 Forbidden",
      );
      const json = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { cookie: [...signedIn.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        payload: fields,
      });
      assert.equal(json.statusCode, 403, 'the JSON API with a session cookie needs x-csrf-token');
      assert.equal(await organisationCount(), before, 'organisationCount() is unchanged (before)');
    });

    test('the JSON API with a session cookie works with the token from /api/v1/auth/csrf', async () => {
      const cookie = [...signedIn.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const csrf = await app.inject({ url: '/api/v1/auth/csrf', headers: { cookie } });
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { cookie, 'x-csrf-token': csrf.json().data.token },
        payload: { name: 'Wijkpunt Noord', sector: 'community', secrecyRegime: 'none' },
      });
      assert.equal(response.statusCode, 201, 'the request answers 201 Created');
    });

    test('a CSRF token of one session is not valid for another', async () => {
      const second = new PageClient(app);
      await signInWithPages(second, adminOf(tenant));
      await second.get('/admin/organisations/new');
      const response = await second.post('/admin/organisations/new', {
        name: 'Borrowed',
        sector: 'other',
        secrecyRegime: 'none',
        _csrf: signedIn.csrfToken,
      });
      assert.equal(response.statusCode, 403, 'the request answers 403 Forbidden');
    });

    test('the organisation form shows localised errors next to the fields and keeps the input', async () => {
      await signedIn.get('/admin/organisations/new');
      const before = await organisationCount();
      const response = await signedIn.post('/admin/organisations/new', {
        name: 'Huis van het Kind',
        sector: 'spaceport',
        secrecyRegime: '',
        protocolSignedOn: '2026-13-45',
      });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(
        textOf(response.body, 'field-sector-error'),
        translator('nl')('validation.choice'),
        "textOf(response.body, 'field-sector-error') is translator('nl')('validation.choice')",
      );
      assert.equal(
        textOf(response.body, 'field-secrecyRegime-error'),
        translator('nl')('validation.required'),
        "textOf(response.body, 'field-secrecyRegime-error') is translator('nl')('validation.required')",
      );
      assert.equal(
        textOf(response.body, 'field-protocolSignedOn-error'),
        translator('nl')('validation.date'),
        "textOf(response.body, 'field-protocolSignedOn-error') is translator('nl')('validation.date')",
      );
      assert.equal(inputValue(response.body, 'name'), 'Huis van het Kind', 'inputValue(response.body, \'name\') is "Huis van het Kind"');
      assert.match(response.body, /aria-invalid="true"/, 'response.body matches /aria-invalid="true"/');
      assert.match(response.body, /class="error-summary"/, 'response.body matches /class="error-summary"/');
      assert.equal(await organisationCount(), before, 'organisationCount() is unchanged (before)');

      const ok = await signedIn.post('/admin/organisations/new', {
        name: 'Huis van het Kind',
        sector: 'welfare',
        secrecyRegime: 'professional_secrecy',
        protocolSignedOn: '2025-01-15',
      });
      assert.equal(ok.statusCode, 303, 'the ok request answers 303 See Other');
      const list = await signedIn.get('/admin/organisations');
      assert.ok(list.body.includes('Huis van het Kind'), 'list.body contains "Huis van het Kind"');
      assert.ok(
        list.body.includes(translator('nl')('flash.organisation_created')),
        "list.body contains translator('nl')('flash.organisation_created')",
      );
    });

    test('the user form creates a user; roles are required', async () => {
      await signedIn.get('/admin/users/new');
      const missingRole = await signedIn.post('/admin/users/new', {
        name: 'Sam Peeters',
        email: 'sam.peeters@rivierstede.example',
        organisationId: tenant.organisationId,
      });
      assert.equal(missingRole.statusCode, 400, 'the missing role request answers 400 Bad Request');
      assert.equal(
        textOf(missingRole.body, 'field-roles-error'),
        translator('nl')('validation.choose_one'),
        "textOf(missingRole.body, 'field-roles-error') is translator('nl')('validation.choose_one')",
      );
      assert.equal(
        inputValue(missingRole.body, 'email'),
        'sam.peeters@rivierstede.example',
        'inputValue(missingRole.body, \'email\') is "sam.peeters@rivierstede.example"',
      );
      const created = await signedIn.post('/admin/users/new', {
        name: 'Sam Peeters',
        email: 'sam.peeters@rivierstede.example',
        organisationId: tenant.organisationId,
        roles: ['coordinator', 'minute_taker'],
      });
      assert.equal(created.statusCode, 303, 'the created request answers 303 See Other');
      const list = await signedIn.get('/admin/users');
      assert.ok(list.body.includes('sam.peeters@rivierstede.example'), 'list.body contains "sam.peeters@rivierstede.example"');
    });

    test('disabling a user ends their browser session at the next request', async () => {
      const member = await seedUser(env.ctx, tenant, ['professional'], { password: PASSWORD });
      const theirBrowser = new PageClient(app);
      await signInWithPages(theirBrowser, { email: member.email, password: PASSWORD, code: () => nextTotpCode(member.totpSecret, env.clock) });
      assert.equal((await theirBrowser.get('/')).statusCode, 200, "theirBrowser.get('/') answers 200 OK");
      await signedIn.get(`/admin/users/${member.id}`);
      const disable = await signedIn.post(`/admin/users/${member.id}`, {
        name: 'Robin Tester',
        organisationId: tenant.organisationId,
        roles: 'professional',
        status: 'disabled',
      });
      assert.equal(disable.statusCode, 303, 'the disable request answers 303 See Other');
      assert.equal((await theirBrowser.get('/')).statusCode, 303, "theirBrowser.get('/') answers 303 See Other");
      assert.equal(
        (await app.inject({ url: '/api/v1/me', headers: bearer(member.token) })).statusCode,
        401,
        'the /api/v1/me answers 401 Unauthorized',
      );
    });

    test('administrative pages: visitors go to sign-in, non-administrators get 403', async () => {
      const visitor = await app.inject({ url: '/admin/organisations' });
      assert.equal(visitor.statusCode, 303, 'the visitor request answers 303 See Other');
      assert.equal(
        visitor.headers.location,
        '/login?next=%2Fadmin%2Forganisations',
        'visitor.headers.location is "/login?next=%2Fadmin%2Forganisations"',
      );
      const member = await seedUser(env.ctx, tenant, ['coordinator'], { password: PASSWORD });
      const client = new PageClient(app);
      await signInWithPages(client, { email: member.email, password: PASSWORD, code: () => nextTotpCode(member.totpSecret, env.clock) });
      const page = await client.get('/admin/users');
      assert.equal(page.statusCode, 403, 'the request answers 403 Forbidden');
      assert.ok(page.body.includes(translator('nl')('errors.forbidden')), "page.body contains translator('nl')('errors.forbidden')");
      assert.doesNotMatch((await client.get('/')).body, /href="\/admin\/users"/, 'no navigation to what they may not use');
    });

    test('a redirect after sign-in never leaves the site', async () => {
      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const client = new PageClient(app);
        await client.get('/login');
        const response = await client.post(`/login?next=${encodeURIComponent(next)}`, { email: tenant.adminEmail, password: tenant.adminPassword });
        assert.equal(response.headers.location, '/login/mfa', 'response.headers.location is "/login/mfa"');
      }
    });
  });
}
