import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../access/actor.ts';
import { createOrganisation, createUser } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { catalogues, translator } from '../../ui/i18n.ts';

const nl = translator('nl');

const validTable = (name: string) => ({
  name,
  audience: 'minors',
  purpose: 'Gedeelde zorgen over jongeren in de wijk Oeverkant bespreken en samen een aanpak afspreken.',
  legalFramework: 'art_458ter',
});

for (const target of databaseTargets()) {
  describe(`tables API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let otherCoordinator: Awaited<ReturnType<typeof seedUser>>;
    let youthCareId: string;
    const people: Record<'professional' | 'minuteTaker' | 'both' | 'disabled' | 'analyst' | 'secondCoordinator', string> = {
      professional: '',
      minuteTaker: '',
      both: '',
      disabled: '',
      analyst: '',
      secondCoordinator: '',
    };

    const db = () => env.database.handle.db;
    const countTables = async (tenantId: string) =>
      (await db().selectFrom('partner_tables').select('id').where('tenant_id', '=', tenantId).execute()).length;
    const countMembers = async (tableId: string) =>
      (await db().selectFrom('table_members').select('user_id').where('table_id', '=', tableId).execute()).length;
    const tableEvents = async (tableId: string) =>
      (
        await db()
          .selectFrom('audit_events')
          .select(['action', 'details', 'actor_user_id', 'resource_type'])
          .where('resource_id', '=', tableId)
          .orderBy('day')
          .orderBy('seq')
          .execute()
      ).map((row) => ({
        action: row.action,
        details: row.details ? JSON.parse(row.details) : null,
        actor: row.actor_user_id,
        type: row.resource_type,
      }));
    const countAllEvents = async () => (await db().selectFrom('audit_events').select('id').execute()).length;

    const person = async (name: string, roles: Role[], organisationId = youthCareId) =>
      (
        await createUser(
          { input: { email: `${name.toLowerCase().replace(/ /g, '.')}@rivierstede.example`, name, organisationId, roles } },
          tenant.admin,
          env.ctx,
        )
      ).user.id;

    const post = (url: string, payload: unknown, token = coordinator.token, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as Record<string, unknown> });
    const createTableVia = async (name: string) => {
      const response = await post('/api/v1/tables', validTable(name));
      assert.equal(response.statusCode, 201, response.body);
      return response.json().data.id as string;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
      youthCareId = (
        await createOrganisation(
          { input: { name: 'Jeugdhulp Oeverkant', sector: 'youth_care', secrecyRegime: 'professional_secrecy' } },
          tenant.admin,
          env.ctx,
        )
      ).id;
      people.professional = await person('Sam Peeters', ['professional']);
      people.minuteTaker = await person('Lien Verhoeven', ['minute_taker'], tenant.organisationId);
      people.both = await person('Jo Maes', ['minute_taker', 'professional']);
      people.disabled = await person('Ruben Claes', ['professional']);
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', people.disabled).execute();
      people.analyst = await person('Ilse Wouters', ['analyst']);
      people.secondCoordinator = await person('Mira De Smet', ['coordinator'], tenant.organisationId);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a coordinator sets up, lists, reads and changes a table; each change is audited with field names only', async () => {
      const created = await post('/api/v1/tables', validTable('Casusoverleg Minderjarigen'));
      assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
      const table = created.json().data;
      assert.deepEqual(
        Object.keys(table).sort(),
        ['audience', 'createdAt', 'id', 'legalFramework', 'members', 'name', 'purpose', 'updatedAt'],
        'Object.keys(table).sort() is exactly the 8 expected entries',
      );
      assert.deepEqual(
        created.json().abilities,
        { update: true, manageMembers: true },
        'created.json().abilities is { update: true, manageMembers: true }',
      );
      assert.equal(table.name, 'Casusoverleg Minderjarigen', 'table.name is "Casusoverleg Minderjarigen"');
      assert.deepEqual(table.members, [], 'table.members is empty');

      const list = await app.inject({ url: '/api/v1/tables', headers: bearer(coordinator.token) });
      assert.equal(list.statusCode, 200, 'the list request answers 200 OK');
      assert.equal(list.json().nextCursor, null, 'list.json().nextCursor is null');
      const listed = list.json().data.find((entry: { id: string }) => entry.id === table.id);
      assert.deepEqual(
        Object.keys(listed).sort(),
        ['audience', 'createdAt', 'id', 'legalFramework', 'name', 'purpose', 'updatedAt'],
        'Object.keys(listed).sort() is exactly the 7 expected entries',
      );

      const read = await app.inject({ url: `/api/v1/tables/${table.id}`, headers: bearer(coordinator.token) });
      assert.equal(read.statusCode, 200, 'the read request answers 200 OK');
      assert.deepEqual(read.json().data, table, 'read.json().data is table');

      env.clock.advance(60_000);
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${table.id}`,
        headers: bearer(coordinator.token),
        payload: { legalFramework: 'livc_r_law_2018', audience: 'minors', name: '  LIVC-R Oeverkant  ' },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().data.legalFramework, 'livc_r_law_2018', 'patched.json().data.legalFramework is "livc_r_law_2018"');
      assert.equal(patched.json().data.name, 'LIVC-R Oeverkant', 'names are trimmed');
      assert.notEqual(patched.json().data.updatedAt, table.updatedAt, 'patched.json().data.updatedAt is not table.updatedAt');

      const unchanged = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${table.id}`,
        headers: bearer(coordinator.token),
        payload: { audience: 'minors' },
      });
      assert.equal(unchanged.statusCode, 200, 'the unchanged request answers 200 OK');
      assert.equal(unchanged.json().data.updatedAt, patched.json().data.updatedAt, 'nothing changed, nothing written');

      assert.deepEqual(
        await tableEvents(table.id),
        [
          { action: 'table.created', details: null, actor: coordinator.id, type: 'partner_table' },
          { action: 'table.updated', details: { fields: ['legalFramework', 'name'] }, actor: coordinator.id, type: 'partner_table' },
        ],
        'tableEvents(table.id) is exactly the 2 expected entries',
      );
    });

    test('bad bodies are refused with validation_failed and change nothing', async () => {
      const tablesBefore = await countTables(tenant.tenantId);
      const eventsBefore = await countAllEvents();
      const bodies: Record<string, unknown>[] = [
        { ...validTable('Extra'), tenantId: other.tenantId },
        { ...validTable('Enum'), audience: 'children' },
        { ...validTable('Kader'), legalFramework: 'gdpr' },
        { ...validTable('   ') },
        { ...validTable('x'.repeat(201)) },
        { ...validTable('Lang doel'), purpose: 'x'.repeat(2001) },
        { ...validTable('Leeg doel'), purpose: '' },
        { name: 'Zonder rest' },
      ];
      for (const payload of bodies) {
        const response = await post('/api/v1/tables', payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload).slice(0, 80));
        assert.equal(response.json().error.code, 'validation_failed', 'the error code is "validation_failed"');
        assert.ok(response.json().error.issues.length > 0, 'the number of response.json().error.issues is more than 0');
      }
      const id = await createTableVia('Volwassenentafel Noord');
      for (const payload of [{}, { purpose: '' }, { colour: 'blue' }, { audience: null }]) {
        const response = await app.inject({ method: 'PATCH', url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token), payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
      }
      const empty = await app.inject({ method: 'PATCH', url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token), payload: {} });
      assert.deepEqual(
        empty.json().error.issues,
        [{ path: '', message: nl('validation.nothing_to_change') }],
        "the field issues is [{ path: '', message: nl('validation.nothing_to_change') }]",
      );
      assert.equal(await countTables(tenant.tenantId), tablesBefore + 1, 'countTables(tenant.tenantId) is tablesBefore + 1');
      assert.equal(await countAllEvents(), eventsBefore + 1, 'only the one valid table left an event');
      assert.deepEqual(
        (await tableEvents(id)).map((event) => event.action),
        ['table.created'],
        "tableEvents(id).map((event) => event.action) is ['table.created']",
      );
    });

    test('a taken name is a field error on create and on rename, in the caller’s language; the same name in another network is free', async () => {
      await createTableVia('Tafel Rivierkwartier');
      const renamed = await createTableVia('Tafel Stationswijk');
      for (const locale of ['nl', 'fr', 'en'] as const) {
        const again = await post('/api/v1/tables', validTable('Tafel Rivierkwartier'), coordinator.token, { 'accept-language': locale });
        assert.equal(again.statusCode, 400, 'the repeated request answers 400 Bad Request');
        assert.deepEqual(
          again.json().error.issues,
          [{ path: 'name', message: catalogues[locale]['validation.table_name_taken'] }],
          'the field issues is exactly the 1 expected entries',
        );
      }
      const rename = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${renamed}`,
        headers: bearer(coordinator.token),
        payload: { name: 'Tafel Rivierkwartier' },
      });
      assert.equal(rename.statusCode, 400, 'the rename request answers 400 Bad Request');
      assert.equal(rename.json().error.issues[0].path, 'name', 'rename.json().error.issues[0].path is "name"');
      const elsewhere = await post('/api/v1/tables', validTable('Tafel Rivierkwartier'), otherCoordinator.token);
      assert.equal(elsewhere.statusCode, 201, 'the elsewhere request answers 201 Created');
    });

    test('members: eligible users are seated with name, organisation and role; the add is audited with user id and role', async () => {
      const id = await createTableVia('Tafel Leden');
      const keyFigure = await post(`/api/v1/tables/${id}/members`, { userId: people.professional, role: 'key_figure' });
      assert.equal(keyFigure.statusCode, 201, keyFigure.body);
      assert.equal(
        keyFigure.json().data.members[0].addedAt,
        env.clock.now().toISOString(),
        'keyFigure.json().data.members[0].addedAt is env.clock.now().toISOString()',
      );
      assert.equal(
        (await post(`/api/v1/tables/${id}/members`, { userId: people.minuteTaker, role: 'minute_taker' })).statusCode,
        201,
        'post(`/api/v1/tables/${id}/members`) answers 201 Created',
      );
      assert.equal(
        (await post(`/api/v1/tables/${id}/members`, { userId: people.secondCoordinator, role: 'key_figure' })).statusCode,
        201,
        'post(`/api/v1/tables/${id}/members`) answers 201 Created',
      );
      assert.equal(
        (await post(`/api/v1/tables/${id}/members`, { userId: people.both, role: 'key_figure' })).statusCode,
        201,
        'post(`/api/v1/tables/${id}/members`) answers 201 Created',
      );
      assert.equal(
        (await post(`/api/v1/tables/${id}/members`, { userId: people.both, role: 'minute_taker' })).statusCode,
        201,
        'post(`/api/v1/tables/${id}/members`) answers 201 Created',
      );

      const read = await app.inject({ url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token) });
      assert.deepEqual(
        read.json().data.members.map((member: Record<string, string>) => [member.name, member.organisationName, member.role, member.userId]),
        [
          ['Jo Maes', 'Jeugdhulp Oeverkant', 'key_figure', people.both],
          ['Jo Maes', 'Jeugdhulp Oeverkant', 'minute_taker', people.both],
          ['Lien Verhoeven', 'City of Rivierstede', 'minute_taker', people.minuteTaker],
          ['Mira De Smet', 'City of Rivierstede', 'key_figure', people.secondCoordinator],
          ['Sam Peeters', 'Jeugdhulp Oeverkant', 'key_figure', people.professional],
        ],
        'read.json().data.members.map((member: Record<string, string>) => [mem… is exactly the 5 expected entries',
      );
      const added = (await tableEvents(id)).filter((event) => event.action === 'table.member_added');
      assert.equal(added.length, 5, 'added holds 5 entries');
      assert.deepEqual(
        added[0],
        {
          action: 'table.member_added',
          details: { userId: people.professional, role: 'key_figure' },
          actor: coordinator.id,
          type: 'partner_table',
        },
        'added[0] is the expected { action, details, actor, type }',
      );
    });

    test('ineligible users are a localised field error on userId; a second identical seat is 409; nothing changes', async () => {
      const id = await createTableVia('Tafel Keuze');
      await post(`/api/v1/tables/${id}/members`, { userId: people.professional, role: 'key_figure' });
      const eventsBefore = await countAllEvents();
      const cases: [Record<string, unknown>, string][] = [
        [{ userId: people.minuteTaker, role: 'key_figure' }, 'validation.table_member_not_key_figure'],
        [{ userId: people.analyst, role: 'key_figure' }, 'validation.table_member_not_key_figure'],
        [{ userId: people.professional, role: 'minute_taker' }, 'validation.table_member_not_minute_taker'],
        [{ userId: tenant.admin.userId, role: 'minute_taker' }, 'validation.table_member_not_minute_taker'],
        [{ userId: people.disabled, role: 'key_figure' }, 'validation.table_member_unknown'],
        [{ userId: otherCoordinator.id, role: 'key_figure' }, 'validation.table_member_unknown'],
        [{ userId: 'no-such-user', role: 'key_figure' }, 'validation.table_member_unknown'],
      ];
      for (const [payload, key] of cases) {
        for (const locale of ['nl', 'fr'] as const) {
          const response = await post(`/api/v1/tables/${id}/members`, payload, coordinator.token, { 'accept-language': locale });
          assert.equal(response.statusCode, 400, `${JSON.stringify(payload)} ${response.body}`);
          assert.deepEqual(response.json().error.issues, [{ path: 'userId', message: catalogues[locale][key] }], JSON.stringify(payload));
        }
      }
      for (const payload of [
        { userId: people.professional },
        { userId: people.professional, role: 'guest' },
        { userId: people.professional, role: 'key_figure', x: 1 },
      ]) {
        assert.equal((await post(`/api/v1/tables/${id}/members`, payload)).statusCode, 400, JSON.stringify(payload));
      }
      const duplicate = await post(`/api/v1/tables/${id}/members`, { userId: people.professional, role: 'key_figure' });
      assert.equal(duplicate.statusCode, 409, 'the duplicate request answers 409 Conflict');
      assert.equal(duplicate.json().error.code, 'conflict', 'the error code is "conflict"');
      assert.equal(await countMembers(id), 1, 'countMembers(id) is 1');
      assert.equal(await countAllEvents(), eventsBefore, 'refused adds leave no event');
    });

    test('removing a member deletes the row at once: one role, or every role without ?role=', async () => {
      const id = await createTableVia('Tafel Vertrek');
      for (const [userId, role] of [
        [people.professional, 'key_figure'],
        [people.both, 'key_figure'],
        [people.both, 'minute_taker'],
      ] as const) {
        assert.equal(
          (await post(`/api/v1/tables/${id}/members`, { userId, role })).statusCode,
          201,
          'post(`/api/v1/tables/${id}/members`) answers 201 Created',
        );
      }
      const remove = (userId: string, query = '') =>
        app.inject({ method: 'DELETE', url: `/api/v1/tables/${id}/members/${userId}${query}`, headers: bearer(coordinator.token) });

      const badRole = await remove(people.both, '?role=chair');
      assert.equal(badRole.statusCode, 400, 'the bad role request answers 400 Bad Request');
      const wrongRole = await remove(people.professional, '?role=minute_taker');
      assert.equal(wrongRole.statusCode, 404, 'no such seat');
      assert.equal(await countMembers(id), 3, 'countMembers(id) is 3');

      const one = await remove(people.professional, '?role=key_figure');
      assert.equal(one.statusCode, 204, 'the one request answers 204 No Content');
      assert.equal(one.body, '', 'one.body is empty');
      const all = await remove(people.both);
      assert.equal(all.statusCode, 204, 'the all request answers 204 No Content');
      assert.equal(await countMembers(id), 0, 'countMembers(id) is 0');
      const read = await app.inject({ url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token) });
      assert.deepEqual(read.json().data.members, [], 'read.json().data.members is empty');
      assert.equal((await remove(people.both)).statusCode, 404, 'removing twice: nothing left to remove');

      const removed = (await tableEvents(id)).filter((event) => event.action === 'table.member_removed');
      assert.deepEqual(
        removed.map((event) => event.details),
        [
          { userId: people.professional, roles: ['key_figure'] },
          { userId: people.both, roles: ['key_figure', 'minute_taker'] },
        ],
        'removed.map((event) => event.details) is exactly the 2 expected entries',
      );
    });

    test("another network's table is invisible: 404 with the same body as a missing id, and it stays untouched", async () => {
      const foreign = await post('/api/v1/tables', validTable('Tafel Elders'), otherCoordinator.token);
      const foreignId = foreign.json().data.id as string;
      await post(`/api/v1/tables/${foreignId}/members`, { userId: otherCoordinator.id, role: 'key_figure' }, otherCoordinator.token);
      const requests = (id: string) =>
        [
          { method: 'GET', url: `/api/v1/tables/${id}` },
          { method: 'PATCH', url: `/api/v1/tables/${id}`, payload: { name: 'Overgenomen' } },
          { method: 'POST', url: `/api/v1/tables/${id}/members`, payload: { userId: people.professional, role: 'key_figure' } },
          { method: 'DELETE', url: `/api/v1/tables/${id}/members/${otherCoordinator.id}` },
        ] as const;
      const missing = requests('does-not-exist');
      for (const [index, request] of requests(foreignId).entries()) {
        const response = await app.inject({ ...request, headers: bearer(coordinator.token) });
        const absent = await app.inject({ ...missing[index]!, headers: bearer(coordinator.token) });
        assert.equal(response.statusCode, 404, `${request.method} ${request.url}`);
        assert.equal(response.body, absent.body, `${request.method}: same answer as a missing table`);
      }
      const list = await app.inject({ url: '/api/v1/tables', headers: bearer(coordinator.token) });
      assert.ok(!list.json().data.some((entry: { id: string }) => entry.id === foreignId), 'no entry of list.json().data matches');
      const still = await app.inject({ url: `/api/v1/tables/${foreignId}`, headers: bearer(otherCoordinator.token) });
      assert.equal(still.json().data.name, 'Tafel Elders', 'still.json().data.name is "Tafel Elders"');
      assert.equal(still.json().data.members.length, 1, 'still.json().data.members holds 1 entry');
    });

    test('every other role is refused (403, audited as access.denied) and changes nothing', async () => {
      const id = await createTableVia('Tafel Alleen Coördinator');
      await post(`/api/v1/tables/${id}/members`, { userId: people.professional, role: 'key_figure' });
      const routes = [
        ['GET', '/api/v1/tables', 'tables.list', undefined],
        ['POST', '/api/v1/tables', 'tables.create', validTable('Niet toegestaan')],
        ['GET', `/api/v1/tables/${id}`, 'tables.read', undefined],
        ['PATCH', `/api/v1/tables/${id}`, 'tables.update', { name: 'Niet toegestaan' }],
        ['POST', `/api/v1/tables/${id}/members`, 'tables.manageMembers', { userId: people.both, role: 'key_figure' }],
        ['DELETE', `/api/v1/tables/${id}/members/${people.professional}`, 'tables.manageMembers', undefined],
      ] as const;
      const tablesBefore = await countTables(tenant.tenantId);
      for (const role of ['admin', 'professional', 'dpo', 'analyst', 'minute_taker'] as const) {
        const user = role === 'admin' ? { token: tenant.adminToken, id: tenant.admin.userId } : await seedUser(env.ctx, tenant, [role]);
        for (const [method, url, action, payload] of routes) {
          const response = await app.inject({ method, url, headers: bearer(user.token), ...(payload && { payload }) });
          assert.equal(response.statusCode, 403, `${role} ${method} ${url}`);
          assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
          const denial = await db()
            .selectFrom('audit_events')
            .select(['details', 'decision'])
            .where('action', '=', 'access.denied')
            .where('actor_user_id', '=', user.id)
            .orderBy('day', 'desc')
            .orderBy('seq', 'desc')
            .executeTakeFirstOrThrow();
          assert.equal(denial.decision, 'deny', 'denial.decision is "deny"');
          assert.deepEqual(JSON.parse(denial.details!), { deniedAction: action }, `${role} ${method} ${url}`);
        }
      }
      assert.equal(await countTables(tenant.tenantId), tablesBefore, 'countTables(tenant.tenantId) is unchanged (tablesBefore)');
      assert.equal(await countMembers(id), 1, 'countMembers(id) is 1');
      const read = await app.inject({ url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token) });
      assert.equal(read.json().data.name, 'Tafel Alleen Coördinator', 'read.json().data.name is "Tafel Alleen Coördinator"');
    });

    test('without credentials: 401', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/tables'],
        ['POST', '/api/v1/tables'],
      ] as const) {
        const response = await app.inject({ method, url, ...(method === 'POST' && { payload: validTable('Anoniem') }) });
        assert.equal(response.statusCode, 401, 'the request answers 401 Unauthorized');
      }
    });

    test('the routes are described in the OpenAPI document', async () => {
      const document = (await app.inject({ url: '/api/openapi.json' })).json();
      assert.deepEqual(
        Object.keys(document.paths['/api/v1/tables']).sort(),
        ['get', 'post'],
        "Object.keys(document.paths['/api/v1/tables']).sort() is ['get', 'post']",
      );
      assert.deepEqual(
        Object.keys(document.paths['/api/v1/tables/{id}']).sort(),
        ['get', 'patch'],
        "Object.keys(document.paths['/api/v1/tables/{id}']).sort() is ['get', 'patch']",
      );
      assert.deepEqual(
        Object.keys(document.paths['/api/v1/tables/{id}/members']),
        ['post'],
        "Object.keys(document.paths['/api/v1/tables/{id}/members']) is ['post']",
      );
      const remove = document.paths['/api/v1/tables/{id}/members/{userId}'].delete;
      assert.ok(
        remove.parameters.some((parameter: { name: string; in: string }) => parameter.name === 'role' && parameter.in === 'query'),
        'some entry of remove.parameters matches (parameter: { name: string; in: string }) => parameter.name…',
      );
      assert.ok(remove.responses['204'], "remove.responses['204'] is set");
    });
  });
}
