/**
 * One string rule for every input (platform/strings.ts): NUL and other control characters, and the
 * bidirectional override characters, are a 400 validation error on both databases (PostgreSQL cannot
 * store NUL: this was a 500); path ids that are not UUIDs answer 404 like a missing record; query
 * parameters are consistent over the lists (an empty id filter and a foreign cursor are 400).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hasForbiddenCharacters, text } from '../platform/strings.ts';
import { seedCaseWorld, type CaseWorld } from '../test/case-world.ts';
import { databaseTargets } from '../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, type TestEnvironment } from '../test/harness.ts';
import { PageClient, signInWithPages } from '../test/page-client.ts';

const NUL = '\u0000';
const PASSWORD = 'a sentence that is long enough';
const RLO = '\u202e';

test('text(): control and bidi-override characters refused; tab and newlines only in multi-line fields', () => {
  for (const bad of ['a\u0000b', 'a\u0007', 'a\u001b[31m', 'a\u007f', 'a\u0085', 'a\u009b', `Ali${RLO}cé`, 'a\u2066b', 'a\u202ab'])
    assert.ok(hasForbiddenCharacters(bad) && hasForbiddenCharacters(bad, { multiline: true }), `${JSON.stringify(bad)} is refused everywhere`);
  for (const multiLineOnly of ['a\nb', 'a\r\nb', 'a\tb'])
    assert.ok(
      hasForbiddenCharacters(multiLineOnly) && !hasForbiddenCharacters(multiLineOnly, { multiline: true }),
      `${JSON.stringify(multiLineOnly)} only in multi-line fields`,
    );
  for (const fine of ['Noor El Amrani', 'Zoë Van den Broeck', 'محمد', 'דוד', 'a\u200fb', '😀', ''])
    assert.ok(!hasForbiddenCharacters(fine), `${JSON.stringify(fine)} is an ordinary name`);
  assert.equal(text().safeParse('x\u0000').success, false, 'the schema refuses NUL');
  const issue = text().safeParse('x\u0000').error?.issues[0];
  assert.equal(issue?.message, 'validation.control_characters', 'with its own message key');
});

for (const target of databaseTargets()) {
  describe(`control characters in inputs on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    const counts = async () => {
      const db = env.database.handle.db;
      const count = async (table: 'users' | 'organisations' | 'partner_tables' | 'cases' | 'case_items' | 'sessions') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        users: await count('users'),
        organisations: await count('organisations'),
        tables: await count('partner_tables'),
        cases: await count('cases'),
        items: await count('case_items'),
        sessions: await count('sessions'),
        names: (await db.selectFrom('users').select('name').orderBy('id').execute()).map((row) => row.name).join('|'),
      };
    };

    const api = (method: string, url: string, token: string, body?: unknown) =>
      app.inject({ method: method as 'GET', url, headers: bearer(token), ...(body !== undefined && { payload: body as Record<string, unknown> }) });

    const assertRefused = (response: LightMyRequestResponse, field: string, what: string) => {
      assert.equal(response.statusCode, 400, `${what}: 400, not ${response.statusCode}`);
      const error = response.json().error;
      assert.equal(error.code, 'validation_failed', `${what}: validation_failed`);
      assert.ok(
        error.issues.some((issue: { path: string }) => issue.path === field),
        `${what}: an issue names ${field} (${JSON.stringify(error.issues)})`,
      );
    };

    test('unauthenticated sign-in with NUL in the email: 400 on the API and the page, no session', async () => {
      const before = await counts();
      const csrf = await app.inject({ url: '/api/v1/auth/csrf' });
      const cookie = csrf.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { cookie, 'x-csrf-token': csrf.json().data.token },
        payload: { email: `x${NUL}@y.z`, password: 'whatever it is' },
      });
      assertRefused(response, 'email', 'API sign-in with NUL');
      const browser = new PageClient(app);
      await browser.get('/login');
      const page = await browser.post('/login', { email: `x${NUL}@y.z`, password: 'whatever it is' });
      assert.equal(page.statusCode, 400, 'the sign-in form is drawn again with the error');
      const forgot = await browser.get('/password/forgot');
      assert.equal(forgot.statusCode, 200, 'the forgot-password page opens');
      const reset = await browser.post('/password/forgot', { email: `x${NUL}@y.z` });
      assert.equal(reset.statusCode, 400, 'the forgot-password form refuses NUL as a form error');
      assert.deepEqual(await counts(), before, 'nothing was written');
    });

    test('NUL, other controls and bidi overrides in JSON body fields: 400 naming the field, nothing changed', async () => {
      const { admin, coordinator } = world.users;
      const before = await counts();
      assertRefused(
        await api('POST', '/api/v1/organisations', admin.token, { name: `Po${NUL}lice`, sector: 'police', secrecyRegime: 'discretion' }),
        'name',
        'organisation name with NUL',
      );
      assertRefused(
        await api('POST', '/api/v1/users', admin.token, {
          email: 'new@rivierstede.example',
          name: `Eve${RLO}nimda`,
          organisationId: world.organisations.city,
          roles: ['professional'],
        }),
        'name',
        'user name with a right-to-left override',
      );
      assertRefused(await api('PATCH', `/api/v1/users/${world.users.outsider.id}`, admin.token, { name: 'Eve\u0007' }), 'name', 'user name with BEL');
      assertRefused(
        await api('POST', '/api/v1/tables', coordinator.token, {
          name: `Tafel${NUL}`,
          audience: 'minors',
          purpose: 'Bespreken',
          legalFramework: 'art_458ter',
        }),
        'name',
        'table name with NUL',
      );
      assertRefused(
        await api('POST', '/api/v1/tables', coordinator.token, {
          name: 'Tafel Noord',
          audience: 'minors',
          purpose: `Twee${NUL}regels`,
          legalFramework: 'art_458ter',
        }),
        'purpose',
        'multi-line purpose with NUL',
      );
      assertRefused(
        await api('POST', '/api/v1/cases', coordinator.token, {
          tableId: world.tables.minors,
          theme: 'school_dropout',
          summary: `Samenvatting${NUL}`,
          identityDisclosure: 'anonymous',
        }),
        'summary',
        'case summary with NUL',
      );
      assertRefused(
        await api('POST', `/api/v1/cases/${world.caseA.id}/items`, coordinator.token, {
          body: `Notitie\u001b[2J`,
          audience: 'table',
          legalBasis: 'art_458ter',
        }),
        'body',
        'item body with an escape sequence',
      );
      assert.deepEqual(await counts(), before, 'nothing was created or changed');
    });

    test('multi-line fields keep line breaks and tabs', async () => {
      const created = await api('POST', '/api/v1/tables', world.users.coordinator.token, {
        name: 'Tafel met regels',
        audience: 'adults',
        purpose: 'Eerste regel\r\nTweede regel\n\tingesprongen',
        legalFramework: 'art_458ter',
      });
      assert.equal(created.statusCode, 201, `a purpose over several lines is accepted (${created.body})`);
    });

    test('NUL in form fields of the pages: the form again with the error (400), nothing changed', async () => {
      const browser = new PageClient(app);
      await signInWithPages(browser, {
        email: world.users.coordinator.email,
        password: PASSWORD,
        code: () => nextTotpCode(world.users.coordinator.totpSecret, env.clock),
      });
      const before = await counts();
      await browser.get('/tables');
      const table = await browser.post('/tables', {
        name: `Tafel${NUL}Zuid`,
        audience: 'minors',
        purpose: 'Bespreken',
        legalFramework: 'art_458ter',
      });
      assert.equal(table.statusCode, 400, `the table form refuses NUL (${table.statusCode})`);
      const search = await browser.post('/cases/search', { familyName: `Jan${NUL}ssens`, birthDate: '2010-01-01' });
      assert.equal(search.statusCode, 400, `the person search refuses NUL (${search.statusCode})`);
      assert.deepEqual(await counts(), before, 'nothing was created');
    });

    test('NUL in query strings: 400 validation_failed naming the parameter', async () => {
      assertRefused(await api('GET', '/api/v1/cases?q=VIL%00', world.users.coordinator.token), 'q', 'case search with NUL');
      assertRefused(
        await api('POST', '/api/v1/cases/search', world.users.coordinator.token, { familyName: 'Jan\u0000', birthDate: '2010-01-01' }),
        'familyName',
        'person search with NUL',
      );
      assertRefused(await api('GET', '/api/v1/audit/events?caseId=a%00b', world.users.dpo.token), 'caseId', 'audit filter with NUL');
      assertRefused(await api('GET', '/api/v1/audit/access-report?reference=VIL%00', world.users.dpo.token), 'reference', 'access report with NUL');
      const page = await app.inject({ url: '/audit?caseId=a%00b', headers: bearer(world.users.dpo.token) });
      assert.notEqual(page.statusCode, 500, 'the audit page with NUL in a filter is no server error');
      assert.equal(page.statusCode, 400, 'the audit page shows the filter error');
    });

    test('ids in the path that are no UUID: 404 like a missing record, API and pages, never 500', async () => {
      const { admin, coordinator } = world.users;
      const probes: [string, string, string][] = [
        ['GET', `/api/v1/users/x${NUL}y`, admin.token],
        ['GET', '/api/v1/users/not-a-uuid', admin.token],
        ['PATCH', `/api/v1/organisations/%00`, admin.token],
        ['GET', `/api/v1/cases/${world.caseA.id}%00`, coordinator.token],
        ['GET', `/api/v1/cases/${world.caseA.id.toUpperCase()}`, coordinator.token],
        ['DELETE', `/api/v1/cases/${world.caseA.id}/participants/%00`, coordinator.token],
        ['GET', '/api/v1/tables/%00', coordinator.token],
        ['GET', `/cases/%00`, coordinator.token],
        ['GET', `/tables/abc%00`, coordinator.token],
        ['GET', `/invitation/%00`, coordinator.token],
        ['GET', `/password/reset/abc%00def`, coordinator.token],
      ];
      const before = await counts();
      for (const [method, url, token] of probes) {
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: bearer(token),
          ...(method === 'PATCH' && { payload: { name: 'Renamed' } }),
        });
        assert.equal(response.statusCode, 404, `${method} ${url}: 404 (got ${response.statusCode})`);
        if (url.startsWith('/api/')) assert.equal(response.json().error.code, 'not_found', `${method} ${url}: not_found in the envelope`);
      }
      const real = await api('GET', `/api/v1/cases/${world.caseA.id}`, coordinator.token);
      assert.equal(real.statusCode, 200, 'a real id still opens the case');
      assert.deepEqual(await counts(), before, 'nothing changed');
    });

    test('query parameters are consistent: an empty id filter and a foreign cursor are 400 on every list', async () => {
      const { coordinator, dpo } = world.users;
      assertRefused(await api('GET', '/api/v1/cases?tableId=', coordinator.token), 'tableId', 'cases with an empty tableId');
      assertRefused(await api('GET', '/api/v1/audit/events?caseId=', dpo.token), 'caseId', 'audit with an empty caseId');
      assertRefused(await api('GET', '/api/v1/cases?cursor=garbage', coordinator.token), 'cursor', 'cases with a foreign cursor');
      assertRefused(await api('GET', '/api/v1/audit/events?cursor=garbage', dpo.token), 'cursor', 'audit with a foreign cursor');
      const first = await api('GET', '/api/v1/cases?limit=1', coordinator.token);
      assert.equal(first.statusCode, 200, 'the first page of cases');
      const cursor = first.json().nextCursor as string | null;
      assert.ok(cursor, 'the coordinator sees more than one case, so there is a next page');
      const second = await api('GET', `/api/v1/cases?limit=1&cursor=${encodeURIComponent(cursor)}`, coordinator.token);
      assert.equal(second.statusCode, 200, 'a cursor of ours is still accepted');
      const page = await app.inject({ url: '/cases?tableId=&status=', headers: bearer(coordinator.token) });
      assert.equal(page.statusCode, 200, 'the case list page still takes an empty "any" choice of its filter form');
    });
  });
}
