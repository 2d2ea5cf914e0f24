/**
 * `npm run bench:hot-queries`: the reads that must not grow with the data (issue 14), on a small and
 * a large fictional network, through their use cases (the route's own path minus HTTP, audit write
 * included): the DPO's access report of one case, a deep page of the audit trail, the trail of one
 * user, the list of a professional who sees three cases, a deeper page of the coordinator's list, and
 * the reference prefix search. Prints one JSON line per database, size and query with p50/p95 in
 * milliseconds (BENCH_RUNS runs each, default 30), then one line per query with the ratio large/small
 * of the p50. Sizes: BENCH_SMALL_CASES (200) / BENCH_SMALL_EVENTS (2 000) and BENCH_CASES (20 000) /
 * BENCH_EVENTS (200 000). SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL
 * names a server (a throw-away database, dropped afterwards).
 */
import { seedCaseWorld } from '../server/test/case-world.ts';
import type { DatabaseTarget } from '../server/test/databases.ts';
import { createTestEnvironment } from '../server/test/harness.ts';
import { analyse, fillAuditEvents, fillCases, fillerCaseId } from '../server/test/query-plans.ts';
import { viewAccessReport, viewAuditTrail } from '../server/modules/audit/index.ts';
import { addParticipant, createCase, listCases } from '../server/modules/cases/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SIZES = {
  small: { cases: Number(process.env.BENCH_SMALL_CASES ?? 200), events: Number(process.env.BENCH_SMALL_EVENTS ?? 2_000) },
  large: { cases: Number(process.env.BENCH_CASES ?? 20_000), events: Number(process.env.BENCH_EVENTS ?? 200_000) },
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let warm = 0; warm < 3; warm++) await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function benchOne(target: DatabaseTarget, size: keyof typeof SIZES): Promise<Map<string, number>> {
  const env = await createTestEnvironment(target);
  const p50s = new Map<string, number>();
  try {
    const { ctx } = env;
    const world = await seedCaseWorld(ctx);
    const coordinator = world.users.coordinator.actor;
    const outsider = world.users.outsider.actor;
    const make = async (extra: { caseOwnerOrganisationId?: string; referrerOrganisationId?: string }) =>
      (
        await createCase(
          {
            input: {
              tableId: world.tables.minors,
              theme: 'school_dropout',
              summary: 'Fictional concern for the bench.',
              identityDisclosure: 'anonymous',
              subject: { ageBand: '12-15', gender: 'female' },
              contextPersons: [],
              ...extra,
            },
          },
          coordinator,
          ctx,
        )
      ).id;
    await make({ caseOwnerOrganisationId: world.organisations.employment });
    await make({ referrerOrganisationId: world.organisations.employment });
    await addParticipant({ caseId: await make({}), input: { userId: outsider.userId, role: 'care_network' } }, coordinator, ctx);
    const { cases, events } = SIZES[size];
    const started = process.hrtime.bigint();
    await fillCases(env.database.handle, {
      templateCaseId: world.caseB.id,
      count: cases,
      tableIds: [world.tables.minors, world.tables.adults],
      ownerId: world.organisations.school,
      referrerId: world.organisations.community,
    });
    await fillAuditEvents(env.database.handle, { tenantId: world.tenant.tenantId, count: events, caseCount: cases });
    await analyse(env.database.handle);
    console.log(
      JSON.stringify({ bench: 'hot-queries', database: target.kind, size, cases, events, fillMs: Number(process.hrtime.bigint() - started) / 1e6 }),
    );

    const dpo = world.users.dpo.actor;
    const trailCursor = (await viewAuditTrail({ filters: {}, via: 'api' }, dpo, ctx)).nextCursor!;
    const deepTrail = async () => {
      let cursor = trailCursor;
      // Ten pages in: the cursor of the tenth page, then that page is what is timed.
      for (let page = 0; page < 9; page++) cursor = (await viewAuditTrail({ filters: { cursor }, via: 'api' }, dpo, ctx)).nextCursor!;
      return cursor;
    };
    const tenthTrailCursor = await deepTrail();
    // Five pages of twenty in; then a page of fifty from there is what is timed (full on both sizes).
    let caseCursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      caseCursor = (await listCases({ filters: { limit: 20, ...(caseCursor && { cursor: caseCursor }) } }, coordinator, ctx)).nextCursor!;
    }
    const queries: Record<string, () => Promise<unknown>> = {
      'access report (one case)': () => viewAccessReport({ key: { caseId: fillerCaseId(7) }, via: 'api' }, dpo, ctx),
      'audit trail, tenth page': () => viewAuditTrail({ filters: { cursor: tenthTrailCursor }, via: 'api' }, dpo, ctx),
      'audit trail by user': () => viewAuditTrail({ filters: { userId: 'filler-user-7' }, via: 'api' }, dpo, ctx),
      'case list, professional with 3 cases': () => listCases({ filters: {} }, outsider, ctx),
      'case list, coordinator, page after 100 cases': () => listCases({ filters: { limit: 50, cursor: caseCursor! } }, coordinator, ctx),
      'case list, reference prefix': () => listCases({ filters: { q: 'FIL-00000000001' } }, coordinator, ctx),
    };
    for (const [query, run] of Object.entries(queries)) {
      const { p50, p95 } = await measure(run);
      p50s.set(query, p50);
      console.log(JSON.stringify({ bench: 'hot-queries', database: target.kind, size, query, runs: RUNS, p50Ms: round(p50), p95Ms: round(p95) }));
    }
  } finally {
    await env.dispose();
  }
  return p50s;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const targets: DatabaseTarget[] = [{ kind: 'sqlite' }, ...(adminUrl ? [{ kind: 'postgres' as const, adminUrl }] : [])];
for (const target of targets) {
  const small = await benchOne(target, 'small');
  const large = await benchOne(target, 'large');
  for (const [query, p50] of large) {
    const base = small.get(query)!;
    console.log(JSON.stringify({ bench: 'hot-queries', database: target.kind, query, ratioLargeToSmallP50: round(p50 / base) }));
  }
}
