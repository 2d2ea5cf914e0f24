/**
 * The 10-minute recent-sign-in rule is decided on the matched route, never on the raw URL. The
 * probes are generated from the app's own route table: a route registered with `recentSignIn` is
 * covered here without a new test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { REAUTHENTICATION_MS } from '../access/session-rules.ts';
import { databaseTargets } from '../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';
import { PageClient, signInWithPages } from '../test/page-client.ts';

/** The routes the review listed; each must carry the flag (a floor, so removing a flag fails here). */
const MUST_BE_PROTECTED = [
  'GET /admin/users',
  'GET /admin/users/new',
  'POST /admin/users/new',
  'GET /admin/users/:id',
  'POST /admin/users/:id',
  'POST /admin/users/:id/invitation',
  'POST /admin/users/:id/mfa-reset',
  'GET /admin/organisations',
  'GET /admin/organisations/new',
  'POST /admin/organisations/new',
  'GET /admin/organisations/:id',
  'POST /admin/organisations/:id',
  'POST /api/v1/organisations',
  'PATCH /api/v1/organisations/:id',
  'POST /api/v1/users',
  'PATCH /api/v1/users/:id',
  'POST /api/v1/users/:id/invitation',
  'POST /api/v1/users/:id/mfa-reset',
  'POST /api/v1/me/tokens',
  'DELETE /api/v1/me/tokens/:id',
  'POST /account/tokens',
  'POST /account/tokens/:id/revoke',
  'POST /api/v1/audit/access-report/staff-names',
  'POST /audit/access-report/staff-names',
  'POST /api/v1/audit/access-report/person',
  'POST /audit/access-report/person',
];

/** Percent-encodes the first letter of the segment at `index`: `/admin` → `/%61dmin`. */
function encodeLetter(segments: string[], index: number, twice: boolean): string[] {
  const segment = segments[index]!;
  const hex = `%${segment.charCodeAt(0).toString(16)}`;
  return segments.map((s, i) => (i === index ? `${twice ? hex.replace('%', '%25') : hex}${segment.slice(1)}` : s));
}

/** The plain path and its disguises: one letter encoded (each static segment), double-encoded, mixed case, trailing slash. */
export function disguises(path: string): string[] {
  const segments = path.split('/');
  const forms = new Set<string>([path, `${path}/`]);
  segments.forEach((segment, index) => {
    if (!/^[a-z]/i.test(segment)) return;
    forms.add(encodeLetter(segments, index, false).join('/'));
    forms.add(encodeLetter(segments, index, true).join('/'));
    forms.add(segments.map((s, i) => (i === index ? s[0]!.toUpperCase() + s.slice(1) : s)).join('/'));
  });
  return [...forms];
}

test('the disguises of a path: encoded letter, double encoding, mixed case, trailing slash', () => {
  const forms = disguises('/admin/users');
  for (const expected of ['/admin/users', '/%61dmin/users', '/admin/%75sers', '/%2561dmin/users', '/Admin/users', '/admin/Users', '/admin/users/'])
    assert.ok(forms.includes(expected), `${expected} is among the probes of /admin/users`);
});

for (const target of databaseTargets()) {
  describe(`recent sign-in is a property of the matched route on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let browser: PageClient;
    let csrf: string;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      browser = new PageClient(app);
      await signInWithPages(browser, {
        email: tenant.adminEmail,
        password: tenant.adminPassword,
        code: () => nextTotpCode(tenant.adminTotpSecret, env.clock),
      });
      csrf = (await browser.get('/api/v1/auth/csrf')).json().data.token;
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    const changeCounts = async () => {
      const count = async (table: 'users' | 'organisations' | 'api_tokens' | 'audit_events' | 'user_tokens') =>
        Number(
          (
            await env.database.handle.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        users: await count('users'),
        organisations: await count('organisations'),
        apiTokens: await count('api_tokens'),
        userTokens: await count('user_tokens'),
        auditEvents: await count('audit_events'),
      };
    };

    /** A real id for each path parameter, so that a bypass would reach an existing record. */
    const concrete = async (url: string): Promise<string> => {
      const token = await env.database.handle.db.selectFrom('api_tokens').select('id').where('name', '=', 'tests').executeTakeFirstOrThrow();
      if (url.includes('/tokens/')) return url.replace(':id', token.id);
      if (url.includes('/organisations/')) return url.replace(':id', tenant.organisationId);
      return url.replace(':id', tenant.admin.userId);
    };

    const send = (method: string, url: string): Promise<LightMyRequestResponse> => {
      const api = url.startsWith('/api/');
      const hasBody = method === 'POST' || method === 'PATCH';
      return app.inject({
        method: method as 'GET',
        url,
        headers: {
          cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          origin: 'http://localhost:80',
          'sec-fetch-site': 'same-origin',
          'x-csrf-token': csrf,
          ...(hasBody && { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded' }),
        },
        ...(hasBody && { payload: api ? '{}' : `_csrf=${encodeURIComponent(csrf)}` }),
      });
    };

    test('every route the review listed declares recentSignIn in the route table', () => {
      const flagged = new Set(app.routeTable.filter((route) => route.recentSignIn).map((route) => `${route.method} ${route.url}`));
      for (const route of MUST_BE_PROTECTED) assert.ok(flagged.has(route), `${route} is registered with recentSignIn`);
      for (const route of app.routeTable.filter((r) => r.url.startsWith('/admin/')))
        assert.ok(route.recentSignIn, `${route.method} ${route.url}: every administrative page needs a recent sign-in`);
    });

    test('with a fresh sign-in the protected pages answer (the probes below are not refused for another reason)', async () => {
      const page = await send('GET', '/admin/users');
      assert.equal(page.statusCode, 200, 'a fresh administrator sees the user list');
    });

    test('with a stale sign-in no form of any protected route succeeds or changes anything', async () => {
      env.clock.advance(REAUTHENTICATION_MS + 60_000);
      assert.equal((await send('GET', '/')).statusCode, 200, 'the session itself is still valid (only the sign-in is stale)');
      const before = await changeCounts();
      const protectedRoutes = app.routeTable.filter((route) => route.recentSignIn);
      assert.ok(protectedRoutes.length >= MUST_BE_PROTECTED.length, 'the route table lists the protected routes');
      let probes = 0;
      for (const route of protectedRoutes) {
        for (const url of disguises(await concrete(route.url))) {
          const response = await send(route.method, url);
          probes += 1;
          const where = `${route.method} ${url} (route ${route.url})`;
          if (response.statusCode === 404) continue;
          if (url.startsWith('/api/') || url.startsWith('/%61pi/') || url.startsWith('/%2561pi/') || url.startsWith('/Api/')) {
            assert.equal(response.statusCode, 401, `${where}: the API asks for a recent sign-in (got ${response.statusCode})`);
            if (route.method !== 'HEAD')
              assert.equal(response.json().error.code, 'reauthentication_required', `${where}: the error code names re-authentication`);
          } else {
            assert.equal(response.statusCode, 303, `${where}: a page sends the browser to /reauth (got ${response.statusCode})`);
            assert.match(String(response.headers.location), /^\/reauth\?next=/, `${where}: the redirect goes to /reauth`);
          }
        }
      }
      assert.ok(probes > protectedRoutes.length * 5, `many disguised probes were sent (${probes})`);
      assert.deepEqual(await changeCounts(), before, 'no probe created a user, organisation or token, or wrote an audit event');
    });
  });
}
