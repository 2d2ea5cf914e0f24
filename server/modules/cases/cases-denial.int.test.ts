import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addWorldConsent, addWorldItem, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The HTTP denial matrix: for every case route, each person who may not see case A gets 404 with
 * the very same body as for an id that does not exist, and nothing changes. People who can see the
 * case but may not perform the action get 403, audited, and nothing changes either.
 */
interface CaseRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: (caseId: string, world: CaseWorld, consentId: string) => string;
  readonly body?: (world: CaseWorld, consentId: string) => unknown;
  readonly headers?: Record<string, string>;
}

const ROUTES: Record<string, CaseRoute> = {
  'GET case': { method: 'GET', path: (id) => `/api/v1/cases/${id}` },
  'PATCH case': { method: 'PATCH', path: (id) => `/api/v1/cases/${id}`, body: () => ({ summary: 'Overwritten' }), headers: { 'if-match': '1' } },
  'GET participants': { method: 'GET', path: (id) => `/api/v1/cases/${id}/participants` },
  'POST participants': {
    method: 'POST',
    path: (id) => `/api/v1/cases/${id}/participants`,
    body: (w) => ({ userId: w.users.outsider.id, role: 'guest' }),
  },
  'DELETE participant': { method: 'DELETE', path: (id, w) => `/api/v1/cases/${id}/participants/${w.users.guestThisCase.id}` },
  'POST items': {
    method: 'POST',
    path: (id) => `/api/v1/cases/${id}/items`,
    body: () => ({ body: 'Intruder', audience: 'own_organisation', legalBasis: 'art_458ter' }),
  },
  'GET items': { method: 'GET', path: (id) => `/api/v1/cases/${id}/items` },
  'GET consents': { method: 'GET', path: (id) => `/api/v1/cases/${id}/consents` },
  'POST consents': {
    method: 'POST',
    path: (id) => `/api/v1/cases/${id}/consents`,
    body: (w) => ({ givenBy: 'subject', organisationIds: [w.organisations.city], purpose: 'x', withFeedback: false }),
  },
  'POST withdraw consent': {
    method: 'POST',
    path: (id, _w, consentId) => `/api/v1/cases/${id}/consents/${consentId}/withdraw`,
    // The fake clock's first day: the consent was given on it, and it is never in the future.
    body: () => ({ withdrawnOn: '2026-01-05', reason: 'x' }),
  },
  'POST disclosure': { method: 'POST', path: (id) => `/api/v1/cases/${id}/disclosure`, body: () => ({ level: 'table', rationale: 'x' }) },
  'POST close': { method: 'POST', path: (id) => `/api/v1/cases/${id}/close`, body: () => ({ outcome: 'moved_away', rationale: 'x' }) },
  'POST reopen': { method: 'POST', path: (id) => `/api/v1/cases/${id}/reopen`, body: () => ({ reason: 'x' }) },
  'GET timeline': { method: 'GET', path: (id) => `/api/v1/cases/${id}/timeline` },
};

/** People who may not see case A at all. */
const OUTSIDERS: WorldActor[] = ['keyFigureOtherTable', 'guestOtherCase', 'outsider', 'admin', 'dpo', 'analyst', 'otherTenant'];

/** People who see case A, and the routes each may NOT use (403); reopen of an open case is a 409 for everyone. */
const FORBIDDEN: Partial<Record<WorldActor, string[]>> = {
  guestThisCase: ['PATCH case', 'POST participants', 'DELETE participant', 'POST consents', 'POST withdraw consent', 'POST disclosure', 'POST close'],
  keyFigureThisTable: [
    'PATCH case',
    'POST participants',
    'DELETE participant',
    'POST consents',
    'POST withdraw consent',
    'POST disclosure',
    'POST close',
  ],
  careNetwork: ['PATCH case', 'POST participants', 'DELETE participant', 'POST consents', 'POST withdraw consent', 'POST disclosure', 'POST close'],
  referrer: ['PATCH case', 'POST participants', 'DELETE participant', 'POST consents', 'POST withdraw consent', 'POST disclosure', 'POST close'],
  caseOwnerMember: ['PATCH case', 'POST participants', 'DELETE participant', 'POST disclosure', 'POST close'],
};

for (const target of databaseTargets()) {
  describe(`case routes deny on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let consentId: string;

    const snapshot = async () => {
      const tenantId = world.tenant.tenantId;
      const count = async (table: 'case_items' | 'case_participants' | 'case_consents' | 'case_events') =>
        (await env.ctx.db.selectFrom(table).select('case_id').where('tenant_id', '=', tenantId).execute()).length;
      const row = await env.ctx.db
        .selectFrom('cases')
        .select(['version', 'status', 'identity_disclosure', 'summary_sealed'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', world.caseA.id)
        .executeTakeFirstOrThrow();
      const withdrawn = await env.ctx.db
        .selectFrom('case_consents')
        .select('withdrawn_at')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', consentId)
        .executeTakeFirstOrThrow();
      return {
        items: await count('case_items'),
        participants: await count('case_participants'),
        consents: await count('case_consents'),
        events: await count('case_events'),
        row,
        withdrawn,
      };
    };
    const call = (route: CaseRoute, who: WorldActor, caseId: string) =>
      app.inject({
        method: route.method,
        url: route.path(caseId, world, consentId),
        headers: { ...bearer(world.users[who].token), ...route.headers },
        ...(route.body && { payload: route.body(world, consentId) as Record<string, unknown> }),
      });

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
      consentId = await addWorldConsent(env.ctx, world, [world.organisations.city, world.organisations.welfare]);
      await addWorldItem(env.ctx, world, { body: 'Fictional table item', audience: 'table', legalBasis: 'art_458ter' });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('every case route answers 404 to people who may not see the case, byte-identical to a missing case, and changes nothing', async () => {
      const before = await snapshot();
      let rows = 0;
      for (const who of OUTSIDERS) {
        for (const [name, route] of Object.entries(ROUTES)) {
          const denied = await call(route, who, world.caseA.id);
          const missing = await call(route, who, randomUUID());
          assert.equal(denied.statusCode, 404, `${who} × ${name}: ${denied.body}`);
          assert.equal(missing.statusCode, 404, `${who} × ${name} (missing)`);
          assert.equal(denied.body, missing.body, `${who} × ${name}: same body as a missing case`);
          assert.equal(
            denied.headers['content-type'],
            missing.headers['content-type'],
            "denied.headers['content-type'] is missing.headers['content-type']",
          );
          rows += 1;
        }
      }
      assert.equal(rows, OUTSIDERS.length * Object.keys(ROUTES).length, 'rows is OUTSIDERS.length * Object.keys(ROUTES).length');
      assert.deepEqual(await snapshot(), before, 'nothing changed');
      const denials = await env.ctx.db
        .selectFrom('audit_events')
        .select(['actor_user_id', 'decision'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('case_id', '=', world.caseA.id)
        .where('action', '=', 'case.viewed')
        .where('decision', '=', 'deny')
        .execute();
      const deniedUsers = new Set(denials.map((d) => d.actor_user_id));
      for (const who of OUTSIDERS.filter((w) => w !== 'otherTenant' && w !== 'admin' && w !== 'dpo' && w !== 'analyst')) {
        assert.ok(deniedUsers.has(world.users[who].id), `the attempt of ${who} is in the audit trail`);
      }
    });

    test('people who see the case but may not act get 403 forbidden, audited, and nothing changes', async () => {
      const before = await snapshot();
      for (const [who, names] of Object.entries(FORBIDDEN) as [WorldActor, string[]][]) {
        for (const name of names) {
          const response = await call(ROUTES[name]!, who, world.caseA.id);
          assert.equal(response.statusCode, 403, `${who} × ${name}: ${response.body}`);
          assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
        }
      }
      assert.deepEqual(await snapshot(), before, 'nothing changed');
      const audited = await env.ctx.db
        .selectFrom('audit_events')
        .select('actor_user_id')
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.users.guestThisCase.id)
        .execute();
      assert.equal(audited.length, FORBIDDEN.guestThisCase!.length, 'audited holds FORBIDDEN.guestThisCase.length entries');
    });

    test('the same people read what they may: each GET answers 200 and is audited with its purpose', async () => {
      for (const who of ['coordinator', 'keyFigureThisTable', 'guestThisCase', 'careNetwork', 'caseOwnerMember', 'referrer'] as const) {
        for (const name of ['GET case', 'GET items', 'GET timeline', 'GET participants', 'GET consents']) {
          const response = await call(ROUTES[name]!, who, world.caseA.id);
          assert.equal(response.statusCode, 200, `${who} × ${name}`);
        }
      }
      const purposes = await auditEvents(env.ctx.db)
        .select(['actor_user_id', 'purpose'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('case_id', '=', world.caseA.id)
        .where('action', '=', 'case.items_viewed')
        .execute();
      const purposeOf = (who: WorldActor) => purposes.find((p) => p.actor_user_id === world.users[who].id)?.purpose;
      assert.equal(purposeOf('coordinator'), 'coordination', 'purposeOf(\'coordinator\') is "coordination"');
      assert.equal(purposeOf('guestThisCase'), 'guest', 'purposeOf(\'guestThisCase\') is "guest"');
      assert.equal(purposeOf('careNetwork'), 'care_network', 'purposeOf(\'careNetwork\') is "care_network"');
      assert.equal(purposeOf('caseOwnerMember'), 'case_owner', 'purposeOf(\'caseOwnerMember\') is "case_owner"');
      assert.equal(purposeOf('referrer'), 'referrer', 'purposeOf(\'referrer\') is "referrer"');
      assert.equal(purposeOf('keyFigureThisTable'), 'key_figure', 'purposeOf(\'keyFigureThisTable\') is "key_figure"');
    });
  });
}

for (const target of databaseTargets()) {
  describe(`case reads fail closed on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
      await addWorldItem(env.ctx, world, { body: 'Fictional item that must not leave unaudited', audience: 'table', legalBasis: 'art_458ter' });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('when the audit write fails, no case content is answered', async () => {
      const headers = bearer(world.users.guestThisCase.token);
      const working = await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/items`, headers });
      assert.equal(working.statusCode, 200, 'the working request answers 200 OK');
      assert.match(working.body, /must not leave unaudited/, 'working.body matches /must not leave unaudited/');
      // The chain heads are gone: no audit event can be appended any more.
      await env.database.handle.db.schema.dropTable('audit_segments').execute();
      for (const url of [`/api/v1/cases/${world.caseA.id}`, `/api/v1/cases/${world.caseA.id}/items`, `/api/v1/cases/${world.caseA.id}/timeline`]) {
        const response = await app.inject({ method: 'GET', url, headers });
        assert.equal(response.statusCode, 500, url);
        assert.equal(response.json().error.code, 'internal', 'the error code is "internal"');
        assert.doesNotMatch(response.body, /unaudited|Fictional concern/, 'response.body does not match /unaudited|Fictional concern/');
      }
    });
  });
}
