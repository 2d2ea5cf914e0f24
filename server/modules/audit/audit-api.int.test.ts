import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { catalogues } from '../../ui/i18n.ts';
import { AUDIT_PAGE_SIZE } from './audit.schemas.ts';
import { auditEvents } from '../../test/audit-events.ts';

type ApiEvent = {
  id: string;
  occurredAt: string;
  actor: { userId: string | null; organisationId: string | null; roles: string[] };
  action: string;
  resource: { type: string; id: string | null };
  caseId: string | null;
  decision: string;
  requestId: string | null;
  details: Record<string, unknown> | null;
};

const EVENT_KEYS = [
  'action',
  'actor',
  'caseId',
  'decision',
  'details',
  'id',
  'legalBasis',
  'occurredAt',
  'personPseudonym',
  'purpose',
  'requestId',
  'resource',
];
const URL = '/api/v1/audit/events';

for (const target of databaseTargets()) {
  describe(`audit trail API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let dpo: Awaited<ReturnType<typeof seedUser>>;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let professional: Awaited<ReturnType<typeof seedUser>>;
    let youthWorkId: string;

    const get = (url: string, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { ...bearer(token), ...headers } });

    /** Every event of the query, following nextCursor to the end. */
    async function all(query: string): Promise<ApiEvent[]> {
      const events: ApiEvent[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(`${URL}?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, dpo.token);
        assert.equal(response.statusCode, 200, response.body);
        events.push(...(response.json().data as ApiEvent[]));
        cursor = response.json().nextCursor;
      } while (cursor);
      return events;
    }

    const eventRows = (tenantId: string) =>
      auditEvents(env.ctx.db)
        .select(['id', 'action', 'actor_user_id', 'details', 'case_id', 'request_id', 'decision'])
        .where('tenant_id', '=', tenantId)
        .execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      youthWorkId = (
        await createOrganisation({ input: { name: 'Jeugdhuis De Brug', sector: 'youth_work', secrecyRegime: 'discretion' } }, tenant.admin, env.ctx)
      ).id;
      dpo = await seedUser(env.ctx, tenant, ['dpo']);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      professional = await seedUser(env.ctx, tenant, ['professional'], { organisationId: youthWorkId });
      await seedUser(env.ctx, other, ['dpo']);
      // Activity in the other network that must stay invisible.
      await createOrganisation(
        { input: { name: 'Politiezone Rivierstede', sector: 'police', secrecyRegime: 'investigation_secrecy' } },
        other.admin,
        env.ctx,
      );
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('without credentials: 401, and nothing is recorded as viewed', async () => {
      const before = (await eventRows(tenant.tenantId)).length;
      const response = await app.inject({ method: 'GET', url: URL });
      assert.equal(response.statusCode, 401, 'the request answers 401 Unauthorized');
      assert.equal(response.json().error.code, 'unauthenticated', 'the error code is "unauthenticated"');
      assert.equal((await eventRows(tenant.tenantId)).length, before, 'the number of eventRows(tenant.tenantId) is unchanged (before)');
    });

    test('admin, coordinator and professional get 403; each denial is audited as access.denied and nothing as viewed', async () => {
      for (const [who, token, userId] of [
        ['admin', tenant.adminToken, tenant.admin.userId],
        ['coordinator', coordinator.token, coordinator.id],
        ['professional', professional.token, professional.id],
      ] as const) {
        const response = await get(`${URL}?action=organisation.created`, token);
        assert.equal(response.statusCode, 403, who);
        assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
        assert.equal(response.json().data, undefined, 'response.json().data is undefined');
        const mine = (await eventRows(tenant.tenantId)).filter((row) => row.actor_user_id === userId);
        const denied = mine.filter((row) => row.action === 'access.denied');
        assert.equal(denied.length, 1, who);
        assert.equal(denied[0]!.decision, 'deny', 'denied[0].decision is "deny"');
        assert.deepEqual(
          JSON.parse(denied[0]!.details!),
          { deniedAction: 'audit.list' },
          "JSON.parse(denied[0].details) is { deniedAction: 'audit.list' }",
        );
        assert.equal(mine.filter((row) => row.action === 'audit.viewed').length, 0, who);
      }
    });

    test('the DPO sees exactly the own network’s events, newest first, in the contract shape', async () => {
      const own = new Set((await eventRows(tenant.tenantId)).map((row) => row.id));
      const foreign = new Set((await eventRows(other.tenantId)).map((row) => row.id));
      assert.ok(own.size >= 10 && foreign.size >= 4, 'the size of own is at least 10, and the size of foreign is at least 4');
      const events = await all('');
      const seen = new Set(events.map((event) => event.id));
      for (const id of own) assert.ok(seen.has(id), `own event ${id} is listed`);
      for (const id of foreign) assert.ok(!seen.has(id), `foreign event ${id} is not listed`);
      assert.equal(seen.size, events.length, 'no event twice');
      assert.ok(
        events.every((event, index) => index === 0 || events[index - 1]!.occurredAt >= event.occurredAt),
        'newest first',
      );
      for (const event of events) assert.deepEqual(Object.keys(event).sort(), EVENT_KEYS, 'Object.keys(event).sort() is EVENT_KEYS');
      const created = events.find((event) => event.action === 'organisation.created' && event.resource.id === youthWorkId)!;
      assert.deepEqual(
        created.actor,
        { userId: tenant.admin.userId, organisationId: tenant.organisationId, roles: ['admin'] },
        'created.actor is the expected { userId, organisationId, roles }',
      );
      assert.deepEqual(created.resource, { type: 'organisation', id: youthWorkId }, "created.resource is { type: 'organisation', id: youthWorkId }");
      assert.equal(created.decision, 'permit', 'created.decision is "permit"');
      const denial = events.find((event) => event.action === 'access.denied' && event.actor.userId === professional.id)!;
      assert.deepEqual(denial.details, { deniedAction: 'audit.list' }, 'details are parsed JSON');
      assert.equal(JSON.stringify(events).includes('"mac"'), false, 'JSON.stringify(events).includes(\'"mac"\') is false');
    });

    test('every read is itself audited with its filters, before the answer, and never with content', async () => {
      const response = await get(`${URL}?action=organisation.created&decision=permit&caseId=case-0042`, dpo.token);
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      const viewed = (await eventRows(tenant.tenantId)).filter((row) => row.action === 'audit.viewed' && row.case_id === 'case-0042');
      assert.equal(viewed.length, 1, 'viewed holds 1 entry');
      assert.equal(viewed[0]!.actor_user_id, dpo.id, 'viewed[0].actor_user_id is dpo.id');
      assert.equal(viewed[0]!.case_id, 'case-0042', 'viewed[0].case_id is "case-0042"');
      assert.ok(viewed[0]!.request_id, 'viewed[0].request_id is set');
      assert.deepEqual(
        JSON.parse(viewed[0]!.details!),
        { action: 'organisation.created', decision: 'permit', via: 'api', results: 0 },
        'JSON.parse(viewed[0].details) is the expected { action, decision, via, results }',
      );
      // The view itself is now part of the trail, findable by its case.
      const byCase = (await get(`${URL}?caseId=case-0042`, dpo.token)).json().data as ApiEvent[];
      assert.deepEqual(
        byCase.map((event) => [event.action, event.caseId, event.actor.userId]),
        [['audit.viewed', 'case-0042', dpo.id]],
        "byCase.map((event) => [event.action, event.caseId, event.actor.userId… is [['audit.viewed', 'case-0042', dpo.id]]",
      );
    });

    test('filters: user, organisation, action and decision', async () => {
      const byUser = await all(`userId=${professional.id}`);
      assert.ok(byUser.length >= 1, 'the number of byUser is at least 1');
      assert.ok(
        byUser.every((event) => event.actor.userId === professional.id),
        'every entry of byUser matches (event) => event.actor.userId === professional.id',
      );
      const byOrganisation = await all(`organisationId=${youthWorkId}`);
      assert.deepEqual(
        [...new Set(byOrganisation.map((event) => event.actor.organisationId))],
        [youthWorkId],
        '[...new Set(byOrganisation.map((event) => event.actor.organisationId)… is [youthWorkId]',
      );
      assert.ok(
        byOrganisation.some((event) => event.actor.userId === professional.id),
        'some entry of byOrganisation matches (event) => event.actor.userId === professional.id',
      );
      const byAction = await all('action=user.created');
      assert.equal(byAction.length, 4, 'the admin and the three seeded users');
      assert.ok(
        byAction.every((event) => event.action === 'user.created'),
        "every entry of byAction matches (event) => event.action === 'user.created'",
      );
      const denials = await all('decision=deny');
      assert.ok(
        denials.length >= 3 && denials.every((event) => event.decision === 'deny'),
        "the number of denials is at least 3, and every entry of denials matches (event) => event.decision === 'deny'",
      );
      const combined = await all(`decision=deny&userId=${coordinator.id}&action=access.denied`);
      assert.equal(combined.length, 1, 'combined holds 1 entry');
      assert.deepEqual(await all(`userId=${other.admin.userId}`), [], 'a user of another network has no events here');
    });

    test('from and to are inclusive calendar days in Brussels time', async () => {
      // FakeClock started on 2026-01-05 (winter: UTC+1). Three days later, late in the evening UTC.
      env.clock.advance(3 * 24 * 3600_000);
      const late = new Date(env.clock.now());
      late.setUTCHours(23, 30, 0, 0); // 2026-01-09 00:30 in Brussels
      env.clock.advance(late.getTime() - env.clock.now().getTime());
      const organisation = await createOrganisation(
        { input: { name: 'Wijkwerking Noord', sector: 'community', secrecyRegime: 'none' } },
        tenant.admin,
        env.ctx,
      );
      const day = env.clock.now().toISOString().slice(0, 10);
      assert.equal(day, '2026-01-08', 'day is "2026-01-08"');
      const onBrusselsDay = (from: string, to: string) => all(`action=organisation.created&from=${from}&to=${to}`);
      assert.deepEqual(
        (await onBrusselsDay('2026-01-09', '2026-01-09')).map((event) => event.resource.id),
        [organisation.id],
        "onBrusselsDay('2026-01-09', '2026-01-09').map((event) => event.resour… is [organisation.id]",
      );
      assert.deepEqual(await onBrusselsDay('2026-01-08', '2026-01-08'), [], 'the UTC date is not the Brussels date');
      const early = await onBrusselsDay('2026-01-05', '2026-01-05');
      assert.ok(
        early.length >= 2 && !early.some((event) => event.resource.id === organisation.id),
        'the number of early is at least 2, and no entry of early matches',
      );
      assert.equal(
        (await all('action=organisation.created&from=2026-01-05')).length,
        early.length + 1,
        "all('action=organisation.created&from=2026-01-05') holds early.length + 1 entries",
      );
      assert.deepEqual(await all('action=organisation.created&to=2026-01-04'), [], "all('action=organisation.created&to=2026-01-04') is empty");
    });

    test(`pagination: ${AUDIT_PAGE_SIZE} per page with an opaque cursor, stable under identical times`, async () => {
      for (let index = 0; index < AUDIT_PAGE_SIZE + 7; index++) {
        if (index % 10 === 0) env.clock.advance(1); // many events share one millisecond
        await createOrganisation({ input: { name: `Buurthuis ${index}`, sector: 'community', secrecyRegime: 'none' } }, tenant.admin, env.ctx);
      }
      const first = await get(`${URL}?action=organisation.created`, dpo.token);
      const page1 = first.json();
      assert.equal(page1.data.length, AUDIT_PAGE_SIZE, 'page1.data holds AUDIT_PAGE_SIZE entries');
      assert.equal(typeof page1.nextCursor, 'string', 'typeof page1.nextCursor is "string"');
      const second = (await get(`${URL}?action=organisation.created&cursor=${encodeURIComponent(page1.nextCursor)}`, dpo.token)).json();
      const total = (await eventRows(tenant.tenantId)).filter((row) => row.action === 'organisation.created').length;
      assert.equal(page1.data.length + second.data.length, total, 'page1.data.length + second.data.length is total');
      assert.equal(second.nextCursor, null, 'second.nextCursor is null');
      const ids = [...page1.data, ...second.data].map((event: ApiEvent) => event.id);
      assert.equal(new Set(ids).size, ids.length, 'no event on two pages');
      // New events arriving while paging do not shift the next page.
      await createOrganisation({ input: { name: 'Nieuw Buurthuis', sector: 'community', secrecyRegime: 'none' } }, tenant.admin, env.ctx);
      const again = (await get(`${URL}?action=organisation.created&cursor=${encodeURIComponent(page1.nextCursor)}`, dpo.token)).json();
      assert.deepEqual(
        again.data.map((event: ApiEvent) => event.id),
        second.data.map((event: ApiEvent) => event.id),
        'again.data.map((event: ApiEvent) => event.id) is second.data.map((event: ApiEvent) => event.id)',
      );
    });

    test('bad queries: 400 validation_failed with localised issues, and nothing recorded as viewed', async () => {
      const before = (await eventRows(tenant.tenantId)).length;
      const cases: [string, string, string][] = [
        ['colour=red', 'colour', 'validation.unknown_field'],
        ['action=case.burned', 'action', 'validation.choice'],
        ['decision=maybe', 'decision', 'validation.choice'],
        ['from=2026-02-30', 'from', 'validation.date'],
        ['to=yesterday', 'to', 'validation.date'],
        ['from=2026-03-02&to=2026-03-01', 'to', 'validation.invalid'],
        ['cursor=not-a-cursor', 'cursor', 'validation.invalid'],
        [`userId=${'x'.repeat(65)}`, 'userId', 'validation.too_long'],
        ['action=user.created&action=user.updated', 'action', 'validation.choice'],
        ['caseId=case-1&caseId=case-2', 'caseId', 'validation.invalid'],
      ];
      for (const locale of ['nl', 'fr', 'en'] as const) {
        for (const [query, path, key] of cases) {
          const response = await get(`${URL}?${query}`, dpo.token, { 'accept-language': locale });
          assert.equal(response.statusCode, 400, query);
          const { error } = response.json();
          assert.equal(error.code, 'validation_failed', 'error.code is "validation_failed"');
          assert.equal(error.message, catalogues[locale]['errors.validation_failed'], 'error.message is the "errors.validation_failed" text');
          const issue = error.issues.find((entry: { path: string }) => entry.path === path);
          assert.ok(issue, `${query}: ${JSON.stringify(error.issues)}`);
          assert.equal(issue.message, catalogues[locale][key]!.replace('{maximum}', '64'), query);
        }
      }
      assert.equal((await eventRows(tenant.tenantId)).length, before, 'the number of eventRows(tenant.tenantId) is unchanged (before)');
    });

    test('the route is described in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const operation = document.paths['/api/v1/audit/events']?.get;
      assert.ok(operation, 'operation is set');
      assert.deepEqual(operation.tags, ['audit'], "operation.tags is ['audit']");
      const item = operation.responses['200'].content['application/json'].schema.properties.data.items;
      assert.deepEqual(Object.keys(item.properties).sort(), EVENT_KEYS, 'Object.keys(item.properties).sort() is EVENT_KEYS');
    });
  });

  describe(`audit trail reads fail closed on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let dpo: Awaited<ReturnType<typeof seedUser>>;
    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      const tenant = await seedTenant(env.ctx);
      dpo = await seedUser(env.ctx, tenant, ['dpo']);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('when the audit write fails the request fails with 500 and shows no event', async () => {
      const working = await app.inject({ method: 'GET', url: URL, headers: bearer(dpo.token) });
      assert.equal(working.statusCode, 200, 'the working request answers 200 OK');
      assert.ok(working.json().data.length > 0, 'the number of working.json().data is more than 0');
      // An administrator of the database removes the chain heads: no audit event can be appended now.
      await env.database.handle.db.schema.dropTable('audit_segments').execute();
      const response = await app.inject({ method: 'GET', url: URL, headers: bearer(dpo.token) });
      assert.equal(response.statusCode, 500, 'the request answers 500 Internal Server Error');
      assert.deepEqual(Object.keys(response.json()), ['error'], "Object.keys(response.json()) is ['error']");
      assert.equal(response.json().error.code, 'internal', 'the error code is "internal"');
      const page = await app.inject({ method: 'GET', url: '/audit', headers: bearer(dpo.token) });
      assert.equal(page.statusCode, 500, 'the request answers 500 Internal Server Error');
      assert.doesNotMatch(page.body, /<time datetime=/, 'page.body does not match /<time datetime=/');
    });
  });
}
