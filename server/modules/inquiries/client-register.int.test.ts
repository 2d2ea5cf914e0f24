import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { blindIndexOf } from '../../db/sealing.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** Fictional people; the world's clock stands at the FakeClock's day, long after these birth dates. */
const PEOPLE = [
  { familyName: 'Vandermeulen-Test', birthDate: '2011-03-02' },
  { familyName: 'Okafor-Test', birthDate: '2009-11-30' },
  { familyName: 'Lambrecht-Test', birthDate: '2012-07-18' },
];

for (const target of databaseTargets()) {
  describe(`client register on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const db = () => env.database.handle.db;

    const put = (payload: unknown, token: string, contentType = 'application/json') =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/client-register',
        headers: { ...bearer(token), 'content-type': contentType },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const entriesOf = async (organisationId: string) =>
      (
        await db()
          .selectFrom('client_register_entries')
          .select(['blind_index', 'blind_index_version'])
          .where('tenant_id', '=', world.tenant.tenantId)
          .where('organisation_id', '=', organisationId)
          .execute()
      ).map((row) => row.blind_index);
    const registerEvents = async () =>
      auditEvents(db())
        .select(['action', 'details', 'actor_user_id', 'resource_id'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', 'like', 'client_register.%')
        .execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a professional replaces the register with JSON: duplicates collapse, only the blind indexes of case persons are kept, audited with the count only', async () => {
      const school = world.users.keyFigureOtherTable;
      const response = await put({ persons: [...PEOPLE, PEOPLE[0]] }, school.token);
      assert.equal(response.statusCode, 200, `the upload answers 200 (${response.body})`);
      assert.deepEqual(response.json(), { data: { count: 3 } }, 'the answer counts the three distinct people');
      const expected = await Promise.all(PEOPLE.map((p) => blindIndexOf(env.ctx, world.tenant.tenantId, p.familyName, p.birthDate)));
      assert.deepEqual(
        (await entriesOf(school.organisationId)).sort(),
        expected.map((index) => index.value).sort(),
        'the register holds exactly the blind indexes blindIndexOf makes (the key of case persons)',
      );
      const upload = await db()
        .selectFrom('client_register_uploads')
        .selectAll()
        .where('organisation_id', '=', school.organisationId)
        .executeTakeFirst();
      assert.equal(Number(upload?.entries), 3, 'the upload row records the count');
      assert.equal(upload?.uploaded_by, school.id, 'the upload row records who uploaded');
      const events = await registerEvents();
      assert.equal(events.length, 1, 'one client_register event so far');
      assert.equal(events[0]!.action, 'client_register.replaced', 'the event is client_register.replaced');
      assert.deepEqual(JSON.parse(events[0]!.details!), { count: 3 }, 'the event details hold the count and nothing else');
      assert.equal(events[0]!.resource_id, school.organisationId, 'the event names the organisation whose register it is');
    });

    test('a CSV upload (semicolons, BOM) replaces the previous register entirely', async () => {
      const school = world.users.keyFigureOtherTable;
      const csv = `\uFEFFfamilyName;birthDate\r\nJanssens-Test;2010-01-05\r\n${PEOPLE[1]!.familyName};${PEOPLE[1]!.birthDate}\r\n`;
      const response = await put(csv, school.token, 'text/csv; charset=utf-8');
      assert.equal(response.statusCode, 200, `the CSV upload answers 200 (${response.body})`);
      assert.deepEqual(response.json(), { data: { count: 2 } }, 'two people in the new register');
      const kept = await blindIndexOf(env.ctx, world.tenant.tenantId, PEOPLE[1]!.familyName, PEOPLE[1]!.birthDate);
      const dropped = await blindIndexOf(env.ctx, world.tenant.tenantId, PEOPLE[0]!.familyName, PEOPLE[0]!.birthDate);
      const entries = await entriesOf(school.organisationId);
      assert.equal(entries.length, 2, 'the old entries are gone, the new ones are there');
      assert.ok(entries.includes(kept.value), 'a person in both uploads is still there');
      assert.ok(!entries.includes(dropped.value), 'a person only in the first upload is gone');
    });

    test('one bad row refuses the whole upload with issues naming the rows, and nothing changes', async () => {
      const school = world.users.keyFigureOtherTable;
      const before = (await entriesOf(school.organisationId)).sort();
      const eventsBefore = (await registerEvents()).length;
      const future = `${env.clock.now().getUTCFullYear() + 1}-01-01`;
      const response = await put(
        {
          persons: [
            PEOPLE[0],
            PEOPLE[1],
            PEOPLE[2],
            { familyName: 'Toekomst-Test', birthDate: future },
            { familyName: ' ', birthDate: '2010-02-30' },
          ],
        },
        school.token,
      );
      assert.equal(response.statusCode, 400, 'a bad row answers 400');
      const body = response.json() as { error: { code: string; issues: { path: string; message: string }[] } };
      assert.equal(body.error.code, 'validation_failed', 'the code is validation_failed');
      const paths = body.error.issues.map((issue) => issue.path).sort();
      assert.deepEqual(paths, ['persons.4.birthDate', 'persons.4.familyName'], 'the shape errors name row 4 (empty name, 30 February)');
      const futureOnly = await put({ persons: [PEOPLE[0], { familyName: 'Toekomst-Test', birthDate: future }] }, school.token);
      assert.equal(futureOnly.statusCode, 400, 'a future birth date answers 400');
      assert.deepEqual(
        (futureOnly.json() as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path),
        ['persons.1.birthDate'],
        'the future birth date is named by its row',
      );
      const csvRow = await put('familyName,birthDate\nPeeters-Test,2011-01-01\nMaes-Test,01/02/2011\n', school.token, 'text/csv');
      assert.deepEqual(
        [...new Set((csvRow.json() as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path))],
        ['persons.1.birthDate'],
        'a bad CSV row is named by its data row',
      );
      const header = await put('name,born\nPeeters-Test,2011-01-01\n', school.token, 'text/csv');
      assert.equal(header.statusCode, 400, 'a CSV without the header answers 400');
      assert.equal((header.json() as { error: { issues: { path: string }[] } }).error.issues[0]!.path, 'csv', 'the header problem is on csv');
      assert.deepEqual((await entriesOf(school.organisationId)).sort(), before, 'the register did not change');
      assert.equal((await registerEvents()).length, eventsBefore, 'no audit event for refused uploads');
    });

    test('only a professional replaces a register: the coordinator, the admin and the DPO get 403; a visitor 401; nothing changes', async () => {
      const eventsBefore = (await registerEvents()).length;
      const countAll = async () => (await db().selectFrom('client_register_entries').select('id').execute()).length;
      const entriesBefore = await countAll();
      for (const who of ['coordinator', 'admin', 'dpo', 'analyst'] as const) {
        const response = await put({ persons: [PEOPLE[0]] }, world.users[who].token);
        assert.equal(response.statusCode, 403, `the ${who} is refused (403)`);
        const summary = await app.inject({ method: 'GET', url: '/api/v1/client-register', headers: bearer(world.users[who].token) });
        assert.equal(summary.statusCode, 403, `the ${who} cannot read a register summary (403)`);
      }
      const visitor = await app.inject({
        method: 'PUT',
        url: '/api/v1/client-register',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ persons: [PEOPLE[0]] }),
      });
      assert.equal(visitor.statusCode, 401, 'a visitor gets 401');
      assert.equal(await countAll(), entriesBefore, 'no entry changed');
      assert.equal((await registerEvents()).length, eventsBefore, 'no register event for refusals');
    });

    test('the CSV parser belongs to the register route only: another route refuses a CSV body as an unsupported media type', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/tables',
        headers: { ...bearer(world.users.coordinator.token), 'content-type': 'text/csv' },
        payload: 'name,audience\nx,minors\n',
      });
      assert.equal(response.statusCode, 400, `a CSV body elsewhere is refused (${response.body})`);
      const error = (response.json() as { error: { code: string; issues?: unknown[] } }).error;
      assert.equal(error.code, 'validation_failed', 'refused as the client’s mistake');
      assert.deepEqual(error.issues ?? [], [], 'by the framework (no field issues): the body never reached a parser or a schema');
      const openapi = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      assert.ok(openapi.paths['/api/v1/client-register']?.put, 'the register route of the CSV scope is in the OpenAPI document');
    });

    test('the summary tells the count and the time, never an entry; reading it is audited', async () => {
      const school = world.users.keyFigureOtherTable;
      const response = await app.inject({ method: 'GET', url: '/api/v1/client-register', headers: bearer(school.token) });
      assert.equal(response.statusCode, 200, 'the summary answers 200');
      const data = (response.json() as { data: { count: number; uploadedAt: string | null } }).data;
      assert.equal(data.count, 2, 'the summary counts the current register');
      assert.equal(typeof data.uploadedAt, 'string', 'the summary says when');
      const never = await app.inject({ method: 'GET', url: '/api/v1/client-register', headers: bearer(world.users.outsider.token) });
      assert.deepEqual(
        (never.json() as { data: unknown }).data,
        { count: 0, uploadedAt: null },
        'an organisation without an upload has an empty summary',
      );
      const viewed = (await registerEvents()).filter((event) => event.action === 'client_register.viewed');
      assert.ok(
        viewed.some((event) => event.actor_user_id === school.id),
        'the read is recorded as client_register.viewed',
      );
    });

    test('pages: the professional pastes a CSV, sees the count, is told which lines are wrong, and clears the register; the coordinator is refused', async () => {
      const professional = world.users.careNetwork;
      const client = new PageClient(app);
      await signInWithPages(client, {
        email: professional.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(professional.totpSecret, env.clock),
      });
      const page = await client.get('/client-register');
      assert.equal(page.statusCode, 200, 'the page opens for a professional');
      assert.match(page.body, /href="\/client-register"/, 'the menu links to the register');
      const bad = await client.post('/client-register', { csv: 'familyName,birthDate\nPeeters-Test,2011-01-01\nMaes-Test,2011-13-01\n' });
      assert.equal(bad.statusCode, 400, 'a bad line answers 400 with the form');
      assert.match(bad.body, /Regel 3 — geboortedatum/, 'the bad line is named by its line in the file (header = line 1)');
      assert.match(bad.body, /class="error-summary"/, 'the error summary is shown');
      const good = await client.post('/client-register', { csv: 'familyName,birthDate\nPeeters-Test,2011-01-01\nMaes-Test,2011-12-01\n' });
      assert.equal(good.statusCode, 303, 'a good paste redirects');
      const after = await client.get('/client-register');
      assert.match(after.body, /<dd>2<\/dd>/, 'the page shows two people');
      assert.ok(!after.body.includes('Peeters-Test'), 'the page never shows a name back');
      assert.equal((await client.get('/client-register/clear')).statusCode, 200, 'the clear confirmation opens');
      const cleared = await client.post('/client-register/clear', {});
      assert.equal(cleared.statusCode, 303, 'clearing redirects');
      assert.equal((await entriesOf(professional.organisationId)).length, 0, 'the register is empty');

      const coordinator = new PageClient(app);
      const user = world.users.coordinator;
      await signInWithPages(coordinator, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      assert.equal((await coordinator.get('/client-register')).statusCode, 403, 'the coordinator gets 403 on the page');
      assert.equal((await coordinator.post('/client-register', { csv: 'familyName,birthDate\n' })).statusCode, 403, 'and on the form');
    });
  });
}
