import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../access/actor.ts';
import { createOrganisation, createUser } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { catalogues, translator } from '../../ui/i18n.ts';
import { updateTable } from './update-table.ts';
import { auditEvents } from '../../test/audit-events.ts';

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
      (await auditEvents(db()).select(['action', 'details', 'actor_user_id', 'resource_type']).where('resource_id', '=', tableId).execute()).map(
        (row) => ({
          action: row.action,
          details: row.details ? JSON.parse(row.details) : null,
          actor: row.actor_user_id,
          type: row.resource_type,
        }),
      );
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
    const ifMatch = (version: number | string, token = coordinator.token) => ({ ...bearer(token), 'if-match': `"${version}"` });
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
        [
          'audience',
          'createdAt',
          'id',
          'legalFramework',
          'members',
          'modalities',
          'modalitiesConfirmed',
          'modalitiesVersion',
          'name',
          'purpose',
          'updatedAt',
          'version',
        ],
        'the detail shape, with the version and the modalities',
      );
      assert.equal(table.version, 1, 'a new table starts at version 1');
      assert.equal(table.modalities, '', 'modalities may be left out at creation');
      assert.equal(created.headers.etag, '"1"', 'the answer names the version in ETag');
      assert.deepEqual(
        created.json().abilities,
        { update: true, manageMembers: true },
        'the coordinator may update the table and manage its members',
      );
      assert.equal(table.name, 'Casusoverleg Minderjarigen', 'the table keeps the name it was given');
      assert.deepEqual(table.members, [], 'a new table has no members');

      const list = await app.inject({ url: '/api/v1/tables', headers: bearer(coordinator.token) });
      assert.equal(list.statusCode, 200, 'the list request answers 200 OK');
      assert.equal(list.json().nextCursor, null, 'list.json().nextCursor is null');
      const listed = list.json().data.find((entry: { id: string }) => entry.id === table.id);
      assert.deepEqual(
        Object.keys(listed).sort(),
        ['audience', 'createdAt', 'id', 'legalFramework', 'modalities', 'modalitiesVersion', 'name', 'purpose', 'updatedAt', 'version'],
        'the list shape',
      );

      const read = await app.inject({ url: `/api/v1/tables/${table.id}`, headers: bearer(coordinator.token) });
      assert.equal(read.statusCode, 200, 'the coordinator reads the table');
      assert.deepEqual(read.json().data, table, 'reading answers the table as it was created');
      assert.equal(read.headers.etag, '"1"', 'GET names the version in ETag');

      env.clock.advance(60_000);
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${table.id}`,
        headers: { ...bearer(coordinator.token), 'if-match': '"1"' },
        payload: { legalFramework: 'livc_r_law_2018', audience: 'minors', name: '  LIVC-R Oeverkant  ' },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().data.legalFramework, 'livc_r_law_2018', 'patched.json().data.legalFramework is "livc_r_law_2018"');
      assert.equal(patched.json().data.name, 'LIVC-R Oeverkant', 'names are trimmed');
      assert.notEqual(patched.json().data.updatedAt, table.updatedAt, 'a change moves updatedAt');
      assert.equal(patched.json().data.version, 2, 'a change adds one to the version');
      assert.equal(patched.headers.etag, '"2"', 'PATCH names the new version in ETag');

      const unchanged = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${table.id}`,
        headers: { ...bearer(coordinator.token), 'if-match': '2' },
        payload: { audience: 'minors' },
      });
      assert.equal(unchanged.statusCode, 200, 'an unquoted version is accepted too');
      assert.equal(unchanged.json().data.updatedAt, patched.json().data.updatedAt, 'nothing changed, nothing written');
      assert.equal(unchanged.json().data.version, 2, 'a patch that changes nothing keeps the version');

      assert.deepEqual(
        await tableEvents(table.id),
        [
          { action: 'table.created', details: null, actor: coordinator.id, type: 'partner_table' },
          { action: 'table.updated', details: { fields: ['legalFramework', 'name'], version: 2 }, actor: coordinator.id, type: 'partner_table' },
        ],
        'creation and the one real change are audited, with field names and the version only',
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
        const response = await app.inject({ method: 'PATCH', url: `/api/v1/tables/${id}`, headers: ifMatch(1), payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
      }
      const empty = await app.inject({ method: 'PATCH', url: `/api/v1/tables/${id}`, headers: ifMatch(1), payload: {} });
      assert.deepEqual(
        empty.json().error.issues,
        [{ path: '', message: nl('validation.nothing_to_change') }],
        'an empty change says there is nothing to change',
      );
      assert.equal(await countTables(tenant.tenantId), tablesBefore + 1, 'exactly one table was created');
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
        headers: ifMatch(1),
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
          { method: 'GET', url: `/api/v1/tables/${id}/history` },
        ] as const;
      const missing = requests('does-not-exist');
      for (const [index, request] of requests(foreignId).entries()) {
        const response = await app.inject({ ...request, headers: ifMatch(1) });
        const absent = await app.inject({ ...missing[index]!, headers: ifMatch(1) });
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
          const denial = await auditEvents(db(), { latestFirst: true })
            .select(['details', 'decision'])
            .where('action', '=', 'access.denied')
            .where('actor_user_id', '=', user.id)
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

    const patch = (id: string, payload: Record<string, unknown>, headers: Record<string, string>) =>
      app.inject({ method: 'PATCH', url: `/api/v1/tables/${id}`, headers, payload });
    const rowOf = (id: string) => db().selectFrom('partner_tables').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const revisionsOf = async (id: string) =>
      (await db().selectFrom('partner_table_revisions').select(['version', 'fields']).where('table_id', '=', id).orderBy('version').execute()).map(
        (row) => `${row.version}:${row.fields}`,
      );

    test('PATCH needs If-Match with the current version (400 without, 409 when stale, nothing written); GET and PATCH answer ETag', async () => {
      const id = await createTableVia('Tafel Versies');
      const eventsBefore = await countAllEvents();
      for (const [headers, why] of [
        [bearer(coordinator.token), 'no If-Match at all'],
        [{ ...bearer(coordinator.token), 'if-match': '*' }, 'a wildcard names no version'],
        [{ ...bearer(coordinator.token), 'if-match': '"one"' }, 'a malformed version'],
      ] as const) {
        const response = await patch(id, { purpose: 'Een ander doel.' }, headers);
        assert.equal(response.statusCode, 400, `${why}: 400 like the cases module`);
        assert.deepEqual(
          response.json().error.issues,
          [{ path: 'If-Match', message: nl('validation.if_match_required') }],
          `${why}: the issue names the header, in the caller’s language`,
        );
      }
      const stale = await patch(id, { purpose: 'Een ander doel.' }, ifMatch(7));
      assert.equal(stale.statusCode, 409, 'a version the table never had is stale');
      assert.equal(stale.json().error.code, 'conflict', 'the error code of a stale version');
      const row = await rowOf(id);
      assert.equal(row.purpose, validTable('x').purpose, 'refused changes leave the purpose alone');
      assert.equal(Number(row.version), 1, 'refused changes leave the version alone');
      assert.equal(await countAllEvents(), eventsBefore, 'refused changes are not audited as changes');
      assert.deepEqual(await revisionsOf(id), ['1:audience,legalFramework,modalities,name,purpose'], 'only the setting up is in the history');

      const weak = await patch(id, { purpose: 'Een ander doel.' }, { ...bearer(coordinator.token), 'if-match': 'W/"1"' });
      assert.equal(weak.statusCode, 200, 'a weak tag of the current version is accepted');
      assert.equal(weak.headers.etag, '"2"', 'the answer names the new version');
      const again = await patch(id, { purpose: 'Nog een ander doel.' }, ifMatch(1));
      assert.equal(again.statusCode, 409, 'the version just replaced is stale now');
      const read = await app.inject({ url: `/api/v1/tables/${id}`, headers: bearer(coordinator.token) });
      assert.equal(read.headers.etag, '"2"', 'GET answers the current version');
      assert.equal(read.json().data.purpose, 'Een ander doel.', 'the stale edit did not overwrite the winner');
    });

    test('two parallel PATCHes of the same version: exactly one 200 and one 409; one revision and one audit event', async () => {
      const id = await createTableVia('Tafel Gelijktijdig');
      for (let round = 1; round <= 3; round += 1) {
        const [first, second] = await Promise.all([
          patch(id, { legalFramework: round % 2 ? 'livc_r_law_2018' : 'art_458ter', purpose: `Doel A${round}` }, ifMatch(round)),
          patch(id, { modalities: `Werkafspraken B${round}`, purpose: `Doel B${round}` }, ifMatch(round)),
        ]);
        const statuses = [first.statusCode, second.statusCode].sort();
        assert.deepEqual(statuses, [200, 409], `round ${round}: one edit wins, the other is told it is stale`);
        const winner = first.statusCode === 200 ? 'A' : 'B';
        const row = await rowOf(id);
        assert.equal(Number(row.version), round + 1, `round ${round}: the version went up by exactly one`);
        assert.equal(row.purpose, `Doel ${winner}${round}`, `round ${round}: the stored purpose is the winner’s`);
      }
      assert.equal((await revisionsOf(id)).length, 4, 'the setting up and one revision per round');
      const updates = (await tableEvents(id)).filter((event) => event.action === 'table.updated');
      assert.deepEqual(
        updates.map((event) => event.details.version),
        [2, 3, 4],
        'one table.updated per round, each with the version it made',
      );
    });

    test('two edits that both passed the version check before either wrote: the write itself lets exactly one through', async () => {
      const id = await createTableVia('Tafel Gelijk Gecontroleerd');
      // Both use cases read version 1 first; only then may either open its transaction.
      let waiting = 0;
      let release: () => void = () => undefined;
      const bothChecked = new Promise<void>((resolve) => (release = resolve));
      const gated = new Proxy(env.ctx.db, {
        get(target, property) {
          if (property === 'transaction')
            return () => ({
              execute: async <T>(work: (trx: Parameters<Parameters<ReturnType<typeof target.transaction>['execute']>[0]>[0]) => Promise<T>) => {
                waiting += 1;
                if (waiting === 2) release();
                await bothChecked;
                return target.transaction().execute(work);
              },
            });
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const ctx = { ...env.ctx, db: gated };
      const results = await Promise.allSettled([
        updateTable({ id, expectedVersion: 1, input: { legalFramework: 'livc_r_law_2018' } }, coordinator.actor, ctx),
        updateTable({ id, expectedVersion: 1, input: { modalities: 'Maandelijks.' } }, coordinator.actor, ctx),
      ]);
      assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected'], 'one edit is written, the other refused');
      const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      assert.equal((refused.reason as { code?: string }).code, 'conflict', 'the refused edit is a conflict');
      const row = await rowOf(id);
      assert.equal(Number(row.version), 2, 'one change, one version');
      assert.equal(
        Number(row.legal_framework === 'livc_r_law_2018') + Number(row.modalities === 'Maandelijks.'),
        1,
        'exactly one of the two edits is in the table',
      );
      assert.deepEqual((await revisionsOf(id)).length, 2, 'the setting up and the winner’s revision');
    });

    test('modalities are set at creation, changed and emptied; too long is refused', async () => {
      const created = await post('/api/v1/tables', { ...validTable('Tafel Spelregels'), modalities: '  Maandelijks, agenda een week vooraf.  ' });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().data.id as string;
      assert.equal(created.json().data.modalities, 'Maandelijks, agenda een week vooraf.', 'modalities are trimmed and stored');
      const tooLong = await patch(id, { modalities: 'x'.repeat(4001) }, ifMatch(1));
      assert.equal(tooLong.statusCode, 400, 'modalities longer than 4000 characters are refused');
      assert.equal(tooLong.json().error.issues[0].path, 'modalities', 'the issue names the field');
      const changed = await patch(id, { modalities: 'Tweewekelijks.' }, ifMatch(1));
      assert.equal(changed.json().data.modalities, 'Tweewekelijks.', 'modalities change like any field');
      const emptied = await patch(id, { modalities: '' }, ifMatch(2));
      assert.equal(emptied.statusCode, 200, emptied.body);
      assert.equal(emptied.json().data.modalities, '', 'modalities may be emptied');
      assert.equal(emptied.json().data.version, 3, 'each change is a version');
    });

    test('the history lists every change newest first, with who, when and the old and new values, written with the change', async () => {
      const id = await createTableVia('Tafel Geschiedenis');
      const setUpAt = env.clock.now().toISOString();
      env.clock.advance(3_600_000);
      await patch(id, { legalFramework: 'cooperation_protocol', modalities: 'Elke eerste dinsdag.' }, ifMatch(1));
      env.clock.advance(3_600_000);
      const secondCoordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      await patch(id, { purpose: 'Een nieuw doel.', name: 'Tafel Geschiedenis Noord' }, ifMatch(2, secondCoordinator.token));

      const history = await app.inject({ url: `/api/v1/tables/${id}/history`, headers: bearer(coordinator.token) });
      assert.equal(history.statusCode, 200, history.body);
      assert.equal(history.json().nextCursor, null, 'the whole history in one answer');
      const [third, second, first] = history.json().data;
      assert.equal(history.json().data.length, 3, 'setting up and two changes');
      assert.deepEqual(
        first,
        {
          version: 1,
          changedAt: setUpAt,
          changedBy: { userId: coordinator.id, name: 'Robin Tester', organisationName: 'City of Rivierstede' },
          fields: ['audience', 'legalFramework', 'modalities', 'name', 'purpose'],
          changes: {
            name: { from: null, to: 'Tafel Geschiedenis' },
            audience: { from: null, to: 'minors' },
            purpose: { from: null, to: validTable('x').purpose },
            legalFramework: { from: null, to: 'art_458ter' },
            modalities: { from: null, to: '' },
          },
        },
        'the setting up records every value it started with',
      );
      assert.deepEqual(
        second.changes,
        { legalFramework: { from: 'art_458ter', to: 'cooperation_protocol' }, modalities: { from: '', to: 'Elke eerste dinsdag.' } },
        'old and new values of the changed fields only',
      );
      assert.equal(second.version, 2, 'the version the change made');
      assert.deepEqual(third.fields, ['name', 'purpose'], 'the fields of the last change, sorted');
      assert.equal(third.changedBy.userId, secondCoordinator.id, 'who made the change');
      assert.deepEqual(third.changes.purpose, { from: validTable('x').purpose, to: 'Een nieuw doel.' }, 'the earlier purpose stays readable');
    });

    test('the history is for the coordinator and every member of the table; other roles 403 (audited), another network 404', async () => {
      const id = await createTableVia('Tafel Bestuur');
      const keyFigure = await seedUser(env.ctx, tenant, ['professional']);
      const minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      const outsider = await seedUser(env.ctx, tenant, ['professional']);
      for (const [userId, role] of [
        [keyFigure.id, 'key_figure'],
        [minuteTaker.id, 'minute_taker'],
      ] as const) {
        assert.equal((await post(`/api/v1/tables/${id}/members`, { userId, role })).statusCode, 201, `seat ${role}`);
      }
      const read = (token: string, tableId = id) => app.inject({ url: `/api/v1/tables/${tableId}/history`, headers: bearer(token) });
      for (const [who, token] of [
        ['coordinator', coordinator.token],
        ['key figure', keyFigure.token],
        ['minute taker', minuteTaker.token],
      ] as const) {
        const response = await read(token);
        assert.equal(response.statusCode, 200, `the ${who} reads the table’s governance`);
        assert.equal(response.json().data.length, 1, `the ${who} sees the setting up`);
      }
      const denials = async (userId: string) =>
        (
          await db()
            .selectFrom('audit_events')
            .select('details')
            .where('action', '=', 'access.denied')
            .where('actor_user_id', '=', userId)
            .where('resource_id', '=', 'GET /api/v1/tables/:id/history')
            .execute()
        ).map((row) => JSON.parse(row.details!));
      const dpo = await seedUser(env.ctx, tenant, ['dpo']);
      for (const [who, user] of [
        ['a professional who does not sit at the table', outsider],
        ['the DPO', dpo],
        ['the administrator', { token: tenant.adminToken, id: tenant.admin.userId }],
      ] as const) {
        const response = await read(user.token);
        assert.equal(response.statusCode, 403, `${who} is refused`);
        assert.deepEqual(await denials(user.id), [{ deniedAction: 'tables.readHistory' }], `the refusal of ${who} is audited`);
      }

      const removed = await app.inject({
        method: 'DELETE',
        url: `/api/v1/tables/${id}/members/${keyFigure.id}`,
        headers: bearer(coordinator.token),
      });
      assert.equal(removed.statusCode, 204, 'the coordinator removes the key figure');
      assert.equal((await read(keyFigure.token)).statusCode, 403, 'access through the seat ends at the next request');

      const foreign = await post('/api/v1/tables', validTable('Tafel Bestuur Elders'), otherCoordinator.token);
      const foreignId = foreign.json().data.id as string;
      const elsewhere = await read(coordinator.token, foreignId);
      const missing = await read(coordinator.token, 'no-such-table');
      assert.equal(elsewhere.statusCode, 404, 'another network’s table is invisible');
      assert.equal(elsewhere.body, missing.body, 'the same answer as a missing table');
      assert.equal((await read(outsider.token, foreignId)).statusCode, 404, 'a non-member gets 404, not 403, for another network’s table');
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
        'the OpenAPI document lists GET and POST /api/v1/tables',
      );
      assert.deepEqual(
        Object.keys(document.paths['/api/v1/tables/{id}']).sort(),
        ['get', 'patch'],
        'the OpenAPI document lists GET and PATCH /api/v1/tables/{id}',
      );
      assert.match(document.paths['/api/v1/tables/{id}'].patch.summary, /If-Match/, 'the PATCH description names If-Match');
      assert.deepEqual(Object.keys(document.paths['/api/v1/tables/{id}/history']), ['get'], 'the history is described');
      assert.deepEqual(
        Object.keys(document.paths['/api/v1/tables/{id}/members']),
        ['post'],
        'the OpenAPI document lists POST /api/v1/tables/{id}/members',
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
