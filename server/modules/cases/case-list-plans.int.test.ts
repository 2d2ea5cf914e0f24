import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { analyse, describePlan, fillCases, fillerCaseId, fullScans, indexesUsed, planOf } from '../../test/query-plans.ts';
import { keyFigureTableIds } from '../tables/index.ts';
import { listVisibleCases, visibleCasesQuery } from './case-list.queries.ts';
import { createCase } from './create-case.ts';
import { listCases } from './list-cases.ts';
import { addParticipant } from './manage-participants.ts';

/**
 * The case list must not grow with the network's cases (issue 14): its hot statements are explained
 * on both databases over thousands of generated cases, and a plan that reads every case of the
 * network fails. The tables every hot statement may only search, never scan: */
const BIG = ['cases', 'by_table', 'owned', 'referred', 'case_participants'];
const FILLER_CASES = 3000;

for (const target of databaseTargets()) {
  describe(`case list plans on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    /** The outsider's three cases, each reached through another relation: owner, referrer, participant. */
    const outsiderCases: string[] = [];

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedCaseWorld(env.ctx);
      const coordinator = world.users.coordinator.actor;
      const employment = world.organisations.employment;
      const subject = { ageBand: '12-15' as const, gender: 'female' as const };
      const make = async (extra: { caseOwnerOrganisationId?: string; referrerOrganisationId?: string }) =>
        (
          await createCase(
            {
              input: {
                tableId: world.tables.minors,
                theme: 'school_dropout',
                summary: 'Fictional concern for the plan test.',
                identityDisclosure: 'anonymous',
                subject,
                contextPersons: [],
                ...extra,
              },
            },
            coordinator,
            env.ctx,
          )
        ).id;
      outsiderCases.push(await make({ caseOwnerOrganisationId: employment }));
      outsiderCases.push(await make({ referrerOrganisationId: employment }));
      const participation = await make({});
      await addParticipant({ caseId: participation, input: { userId: world.users.outsider.id, role: 'care_network' } }, coordinator, env.ctx);
      outsiderCases.push(participation);
      // Thousands of newer cases of other organisations: a list that walks the network's cases by
      // time meets all of them before the outsider's.
      await fillCases(env.database.handle, {
        templateCaseId: world.caseB.id,
        count: FILLER_CASES,
        tableIds: [world.tables.minors, world.tables.adults],
        ownerId: world.organisations.school,
        referrerId: world.organisations.community,
      });
      await analyse(env.database.handle);
    });

    after(async () => {
      await env?.dispose();
    });

    test('a professional who sees three cases among thousands gets exactly those three, page by page', async () => {
      const outsider = world.users.outsider.actor;
      const { entries } = await listCases({ filters: {} }, outsider, env.ctx);
      assert.deepEqual(
        entries.map((entry) => entry.id).sort(),
        [...outsiderCases].sort(),
        'the outsider should see their organisation’s owned and referred cases and their participation, and nothing else',
      );
      const first = await listVisibleCases(env.ctx.db, outsider, { limit: 2 });
      assert.equal(first.entries.length, 2, 'the first page should hold two of the three cases');
      assert.ok(first.nextCursor, 'a second page should follow');
      const second = await listVisibleCases(env.ctx.db, outsider, { limit: 2, cursor: first.nextCursor });
      assert.deepEqual(
        [...first.entries, ...second.entries].map((entry) => entry.row.id).sort(),
        [...outsiderCases].sort(),
        'the two pages together should hold the three cases once each',
      );
      assert.equal(second.nextCursor, null, 'no third page should follow');
    });

    for (const who of ['outsider', 'keyFigureThisTable'] as const) {
      test(`the list of a professional (${who}) is built from the candidate sets’ indexes, not by filtering every case`, async () => {
        const actor = world.users[who].actor;
        const seats = await keyFigureTableIds(env.ctx.db, actor);
        const steps = await planOf(env.database.handle, visibleCasesQuery(env.ctx.db, actor, {}, seats));
        assert.deepEqual(fullScans(steps, BIG), [], `no step should read every case; plan: ${describePlan(steps)}`);
        const used = indexesUsed(steps);
        const expected = ['cases_by_owner', 'cases_by_referrer', 'case_participants_user', ...(seats.length > 0 ? ['cases_by_table'] : [])];
        for (const index of expected) assert.ok(used.includes(index), `the plan should search ${index}; plan: ${describePlan(steps)}`);
      });
    }

    test('a deep page of the coordinator’s list is one range of the (tenant, updated_at, id) index', async () => {
      const coordinator = world.users.coordinator.actor;
      const deep = await listVisibleCases(env.ctx.db, coordinator, { limit: 200 });
      assert.ok(deep.nextCursor, 'the list should continue after 200 cases');
      const steps = await planOf(env.database.handle, visibleCasesQuery(env.ctx.db, coordinator, { cursor: deep.nextCursor }, []));
      assert.deepEqual(fullScans(steps, BIG, 'cases_by_update'), [], `no step should read every case; plan: ${describePlan(steps)}`);
      const search = steps.find((step) => step.index === 'cases_by_update');
      assert.ok(search, `the plan should search cases_by_update; plan: ${describePlan(steps)}`);
      assert.match(search.detail, /updated_at/, `the cursor should bound the index range, not filter its rows; plan: ${describePlan(steps)}`);
    });

    test('paging the coordinator’s list with the row-value cursor meets every case once, newest first, ties by id', async () => {
      const coordinator = world.users.coordinator.actor;
      const seen: { id: string; updatedAt: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listVisibleCases(env.ctx.db, coordinator, { limit: 199, ...(cursor && { cursor }) });
        seen.push(...page.entries.map((entry) => ({ id: entry.row.id, updatedAt: entry.row.updated_at })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.equal(seen.length, FILLER_CASES + 5, 'every case of the network should be listed (fillers, the world’s two, the outsider’s three)');
      assert.equal(new Set(seen.map((row) => row.id)).size, seen.length, 'no case should be listed twice');
      const ordered = seen.every((row, index) => {
        const previous = seen[index - 1];
        return !previous || previous.updatedAt > row.updatedAt || (previous.updatedAt === row.updatedAt && previous.id > row.id);
      });
      assert.ok(ordered, 'the pages should follow (updated_at, id) descending, with ties broken by id');
    });

    test('the reference search is a prefix, answered from the reference prefix index', async () => {
      const coordinator = world.users.coordinator.actor;
      const steps = await planOf(env.database.handle, visibleCasesQuery(env.ctx.db, coordinator, { q: 'FIL-00000000001' }, []));
      assert.deepEqual(fullScans(steps, BIG), [], `no step should read every case; plan: ${describePlan(steps)}`);
      assert.ok(
        indexesUsed(steps).includes('cases_by_reference_prefix'),
        `the plan should search cases_by_reference_prefix; plan: ${describePlan(steps)}`,
      );
      const found = await listVisibleCases(env.ctx.db, coordinator, { q: 'fil-00000000001' });
      const expected = Array.from({ length: 10 }, (_, index) => fillerCaseId(10 + index)).sort();
      assert.deepEqual(
        found.entries.map((entry) => entry.row.id).sort(),
        expected,
        'a prefix in any case should find the ten references that begin with it',
      );
      const inside = await listVisibleCases(env.ctx.db, coordinator, { q: '00000000001' });
      assert.equal(inside.entries.length, 0, 'a piece from the middle of a reference should find nothing: the search is a prefix');
    });
  });
}
