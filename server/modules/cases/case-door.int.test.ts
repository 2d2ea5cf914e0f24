import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addWorldItem, seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { addTableMember, removeTableMember } from '../tables/index.ts';
import { addParticipant } from './manage-participants.ts';
import { readCase } from './case-door.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The door to case content, held by tests that kill the mutations a review found surviving:
 * every read of case content — each GET route of the route table under a case, API and page —
 * answers nothing when its audit write fails; a seat removed from the table ends access through any
 * participation row; a missing and an invisible case are refused and recorded alike.
 */
const MARKER = 'Fictional item that must not leave unaudited';

for (const target of databaseTargets()) {
  describe(`the door to case content on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let page: PageClient;
    const db = () => env.database.handle.db;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      await addWorldItem(env.ctx, world, { body: MARKER, audience: 'table', legalBasis: 'art_458ter' });
      page = new PageClient(app);
      const coordinator = world.users.coordinator;
      await signInWithPages(page, { email: coordinator.email, password: TEST_PASSWORD, code: () => nextTotpCode(coordinator.totpSecret, env.clock) });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    /** Every GET route that reads one case, API and page, taken from the application's route table. */
    const caseReadRoutes = () =>
      app.routeTable.filter((route) => route.method === 'GET' && /^(\/api\/v1)?\/cases\/:id(\/[a-z]+)?$/.test(route.url)).map((route) => route.url);

    test('every read of case content fails closed when its audit write fails', async () => {
      const routes = caseReadRoutes();
      for (const expected of ['/cases/:id', '/api/v1/cases/:id', '/api/v1/cases/:id/items', '/api/v1/cases/:id/timeline']) {
        assert.ok(routes.includes(expected), `the route table lists ${expected} among the case reads (found: ${routes.join(', ')})`);
      }
      const get = (route: string) => {
        const url = route.replace(':id', world.caseA.id);
        return route.startsWith('/api/') ? app.inject({ method: 'GET', url, headers: bearer(world.users.coordinator.token) }) : page.get(url);
      };
      for (const route of routes) {
        const working = await get(route);
        assert.equal(working.statusCode, 200, `${route} answers the coordinator while the audit trail works`);
        // The chain heads are out of reach: no audit event can be appended.
        await db().schema.alterTable('audit_segments').renameTo('audit_segments_off').execute();
        try {
          const refused = await get(route);
          assert.equal(refused.statusCode, 500, `${route} answers 500 when the read cannot be audited`);
          assert.doesNotMatch(refused.body, /must not leave unaudited|Fictional concern/, `${route} answers no case content unaudited`);
        } finally {
          await db().schema.alterTable('audit_segments_off').renameTo('audit_segments').execute();
        }
      }
    });

    test('a case-page form sent with an error re-reads the file through the door, and fails closed too', async () => {
      const form = await page.get(`/cases/${world.caseA.id}`);
      assert.equal(form.statusCode, 200, 'the case page opens');
      await db().schema.alterTable('audit_segments').renameTo('audit_segments_off').execute();
      try {
        const refused = await page.post(`/cases/${world.caseA.id}/items`, { body: '', audience: 'table', legalBasis: 'art_458ter' });
        assert.equal(refused.statusCode, 500, 'the form with an error cannot show the case without an audited read');
        assert.doesNotMatch(refused.body, /must not leave unaudited/, 'no item leaves unaudited');
      } finally {
        await db().schema.alterTable('audit_segments_off').renameTo('audit_segments').execute();
      }
    });

    test('removing a seat ends access through the table, whatever participation rows remain', async () => {
      const coordinator = world.users.coordinator.actor;
      const seated = world.users.keyFigureOtherTable;
      await addTableMember({ tableId: world.tables.minors, input: { userId: seated.id, role: 'key_figure' } }, coordinator, env.ctx);
      await addParticipant({ caseId: world.caseA.id, input: { userId: seated.id, role: 'key_figure' } }, coordinator, env.ctx);
      const before = await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/items`, headers: bearer(seated.token) });
      assert.equal(before.statusCode, 200, 'a key figure with a seat reads the case');
      await removeTableMember({ tableId: world.tables.minors, userId: seated.id, role: 'key_figure' }, coordinator, env.ctx);
      const leftover = await db()
        .selectFrom('case_participants')
        .select('role')
        .where('case_id', '=', world.caseA.id)
        .where('user_id', '=', seated.id)
        .executeTakeFirst();
      assert.equal(leftover?.role, 'key_figure', 'the participation row is still there (the rule, not a clean-up, ends the access)');
      for (const url of [`/api/v1/cases/${world.caseA.id}`, `/api/v1/cases/${world.caseA.id}/items`, `/api/v1/cases/${world.caseA.id}/timeline`]) {
        const after = await app.inject({ method: 'GET', url, headers: bearer(seated.token) });
        assert.equal(after.statusCode, 404, `${url}: without the seat the case is invisible`);
      }
      const participants = await app.inject({
        method: 'GET',
        url: `/api/v1/cases/${world.caseA.id}/participants`,
        headers: bearer(world.users.coordinator.token),
      });
      const ids = (participants.json() as { data: { userId: string }[] }).data.map((p) => p.userId);
      assert.ok(!ids.includes(seated.id), 'the participants list no longer shows a key figure who left the table');
    });

    test('a missing case and an invisible one are refused alike: same answer, both recorded for the DPO', async () => {
      const outsider = world.users.outsider;
      const missingId = randomUUID();
      const invisible = await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}`, headers: bearer(outsider.token) });
      const missing = await app.inject({ method: 'GET', url: `/api/v1/cases/${missingId}`, headers: bearer(outsider.token) });
      assert.equal(invisible.statusCode, 404, 'an invisible case answers 404');
      assert.equal(invisible.body, missing.body, 'the invisible case answers exactly like a missing one');
      const denials = await auditEvents(db())
        .select(['resource_id', 'case_id', 'decision'])
        .where('actor_user_id', '=', outsider.id)
        .where('action', '=', 'case.viewed')
        .where('resource_id', 'in', [world.caseA.id, missingId])
        .execute();
      const byResource = new Map(denials.map((event) => [event.resource_id, event]));
      assert.equal(byResource.get(world.caseA.id)?.decision, 'deny', 'the attempt on the invisible case is recorded as a denial');
      assert.equal(byResource.get(missingId)?.decision, 'deny', 'the attempt on a missing id is recorded the same way');
      assert.equal(byResource.get(missingId)?.case_id, null, 'a missing id is recorded without a case');
    });

    test('a read audited for one part opens only that part', async () => {
      const read = await readCase(env.ctx, world.users.coordinator.actor, world.caseA.id, 'participants');
      const { readableItems } = await import('./cases.queries.ts');
      await assert.rejects(
        readableItems(env.ctx.db, world.users.coordinator.actor, read),
        /does not open its items/,
        'a read recorded as "participants" cannot fetch the items',
      );
    });
  });
}
