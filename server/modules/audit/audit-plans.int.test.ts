import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { analyse, describePlan, fillAuditEvents, fillCases, fillerCaseId, fullScans, indexesUsed, planOf } from '../../test/query-plans.ts';
import { auditEventsQuery, caseAuditEventsQuery, listAuditEvents } from './audit.queries.ts';

/**
 * The access report and the audit trail must not grow with the trail (issue 14): their statements
 * are explained on both databases over tens of thousands of generated events, and a plan that walks
 * the network's events fails.
 */
const EVENTS = 20_000;
const CASES = 2_000;

for (const target of databaseTargets()) {
  describe(`audit plans on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedCaseWorld(env.ctx);
      await fillCases(env.database.handle, {
        templateCaseId: world.caseB.id,
        count: CASES,
        tableIds: [world.tables.minors, world.tables.adults],
        ownerId: world.organisations.school,
        referrerId: world.organisations.community,
      });
      await fillAuditEvents(env.database.handle, { tenantId: world.tenant.tenantId, count: EVENTS, caseCount: CASES });
      await analyse(env.database.handle);
    });

    after(async () => {
      await env?.dispose();
    });

    test('the access report reads one case’s events from the (tenant, case, time, day, seq, chain) index', async () => {
      const dpo = world.users.dpo.actor;
      const steps = await planOf(env.database.handle, caseAuditEventsQuery(env.ctx.db, dpo, fillerCaseId(7)));
      assert.deepEqual(fullScans(steps, ['audit_events']), [], `no step should walk the network’s events; plan: ${describePlan(steps)}`);
      assert.deepEqual(
        indexesUsed(steps),
        ['audit_events_by_case'],
        `the plan should search audit_events_by_case only; plan: ${describePlan(steps)}`,
      );
      assert.ok(
        !steps.some((step) => /TEMP B-TREE|^Sort$/.test(step.kind === 'USE' ? step.detail : step.kind)),
        `the index should give the report’s order without a sort; plan: ${describePlan(steps)}`,
      );
      const events = await caseAuditEventsQuery(env.ctx.db, dpo, fillerCaseId(7)).execute();
      assert.equal(events.length, EVENTS / CASES, 'the report should hold every event of the case, and only those');
    });

    test('a deep page of the trail is one range of the (tenant, time, day, seq, chain) index', async () => {
      const dpo = world.users.dpo.actor;
      const deep = await listAuditEvents(env.ctx.db, dpo, {}, 500);
      assert.ok(deep.nextCursor, 'the trail should continue after 500 events');
      const steps = await planOf(env.database.handle, auditEventsQuery(env.ctx.db, dpo, { cursor: deep.nextCursor }));
      assert.deepEqual(
        fullScans(steps, ['audit_events'], 'audit_events_by_time'),
        [],
        `no step should scan the events; plan: ${describePlan(steps)}`,
      );
      const search = steps.find((step) => step.index === 'audit_events_by_time');
      assert.ok(search, `the plan should search audit_events_by_time; plan: ${describePlan(steps)}`);
      assert.match(search.detail, /occurred_at/, `the cursor should bound the index range, not filter its rows; plan: ${describePlan(steps)}`);
      const next = await listAuditEvents(env.ctx.db, dpo, { cursor: deep.nextCursor }, 500);
      const last = deep.rows.at(-1)!;
      assert.ok(
        next.rows.every(
          (row) =>
            row.occurred_at < last.occurred_at ||
            (row.occurred_at === last.occurred_at && (row.day < last.day || (row.day === last.day && Number(row.seq) < Number(last.seq)))),
        ),
        'the next page should hold only events after the cursor in (occurred_at, day, seq) order',
      );
    });

    test('the trail filtered by user is answered from the (tenant, user, time, day, seq, chain) index', async () => {
      const dpo = world.users.dpo.actor;
      const steps = await planOf(env.database.handle, auditEventsQuery(env.ctx.db, dpo, { userId: 'filler-user-7' }));
      assert.deepEqual(fullScans(steps, ['audit_events']), [], `no step should walk the network’s events; plan: ${describePlan(steps)}`);
      assert.ok(indexesUsed(steps).includes('audit_events_by_user'), `the plan should search audit_events_by_user; plan: ${describePlan(steps)}`);
      const page = await listAuditEvents(env.ctx.db, dpo, { userId: 'filler-user-7' }, 50);
      assert.equal(page.rows.length, 50, 'a full page of the user’s events should come back');
      assert.ok(
        page.rows.every((row) => row.actor_user_id === 'filler-user-7'),
        'the page should hold only the user’s events',
      );
    });
  });
}
