/**
 * `npm run bench:two-nodes`: combined throughput of two application nodes (`partnertafel serve`
 * processes, precompiled, each with its own job runner) on one PostgreSQL database, against one node
 * alone, per route: `GET /api/v1/me` with a token, and an audited read of case content
 * (`GET /api/v1/cases/:id/items`). One node gets CONNECTIONS connections; with two nodes each gets as
 * many, at the same time. Rounds alternate one/two; the figures are medians. Afterwards the audit
 * chain is verified, and the trail must hold at least one `case.items_viewed` event per audited read
 * that answered 200 (warm-ups included; the answers counted by the load generator, both nodes).
 *
 * Needs PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) = postgres://… of a server on which a
 * throw-away database is created and dropped. Prints one JSON line per route with the ratio
 * two/one (`twoNodesRequestsPerSecond` is the combined throughput), then one line with the audit
 * check (`auditChainIntact`, `auditedReadsAnswered`, `itemsViewedEvents`, `everyReadAudited`); exit 1
 * when either fails. BENCH_DURATION_SECONDS (default 5) and BENCH_ROUNDS (default 3) shorten a run. Only 127.0.0.1 is loaded. On a machine with fewer
 * cores than two nodes, PostgreSQL and the load generators need, the ratio says so, not the design.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { contextFromHandle } from '../server/bootstrap.ts';
import { migrateToLatest } from '../server/db/database.ts';
import { verifyAuditChain } from '../server/modules/audit/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createLogger } from '../server/platform/logger.ts';
import { startAppProcess, type AppProcess } from '../server/test/app-process.ts';
import { addWorldItem, seedCaseWorld } from '../server/test/case-world.ts';
import { createTestDatabase } from '../server/test/databases.ts';
import { bearer } from '../server/test/harness.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const ITEMS = 20;

function adminUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url))
    throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a postgres:// server: two nodes share PostgreSQL.');
  return url;
}

/** Requests per second over the run; any error or non-2xx answer voids the figure. */
async function load(url: string, headers: Record<string, string>, duration: number): Promise<autocannon.Result> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration, workers: 1 });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  return result;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const database = await createTestDatabase({ kind: 'postgres', adminUrl: adminUrl() });
  const masterKey = randomBytes(32);
  const dataDirs: string[] = [];
  const nodes: AppProcess[] = [];
  try {
    await migrateToLatest(database.handle.db);
    const config = loadConfig({ DATABASE_URL: database.location, NODE_ENV: 'test' });
    const ctx = contextFromHandle(database.handle, { config, masterKey, clock: systemClock, logger: createLogger('silent') });
    const world = await seedCaseWorld(ctx);
    for (let n = 1; n <= ITEMS; n += 1) {
      await addWorldItem(ctx, world, { body: `Fictional item ${n} for the two-node bench.`, audience: 'table', legalBasis: 'art_458ter' });
    }
    for (const name of ['a', 'b']) {
      const dataDir = mkdtempSync(path.join(tmpdir(), `partnertafel-bench-node-${name}-`));
      dataDirs.push(dataDir);
      nodes.push(
        await startAppProcess({
          env: { DATABASE_URL: database.location, MASTER_KEY: masterKey.toString('base64'), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        }),
      );
    }
    const routes = [
      { route: 'GET /api/v1/me', path: '/api/v1/me', headers: bearer(world.users.keyFigureThisTable.token), audited: false },
      {
        route: `GET /api/v1/cases/:id/items (${ITEMS} items, audited)`,
        path: `/api/v1/cases/${world.caseA.id}/items`,
        headers: bearer(world.users.keyFigureThisTable.token),
        audited: true,
      },
    ];
    // Every audited read answered 200 during the bench (warm-ups included) must be in the trail afterwards.
    let auditedReadsAnswered = 0;
    const counted = async (result: Promise<autocannon.Result>, audited: boolean) => {
      const done = await result;
      if (audited) auditedReadsAnswered += done['2xx'];
      return done;
    };
    for (const { route, path: routePath, headers, audited } of routes) {
      // Warm-up of both nodes (JIT, pools), discarded.
      await Promise.all(nodes.map((node) => counted(load(`${node.url}${routePath}`, headers, 1), audited)));
      const one: number[] = [];
      const two: number[] = [];
      const oneP99: number[] = [];
      const twoP99: number[] = [];
      for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
        const order = roundIndex % 2 === 0 ? ['one', 'two'] : ['two', 'one'];
        for (const way of order) {
          if (way === 'one') {
            const result = await counted(load(`${nodes[0]!.url}${routePath}`, headers, DURATION_SECONDS), audited);
            one.push(result.requests.average);
            oneP99.push(result.latency.p99);
          } else {
            const results = await Promise.all(nodes.map((node) => counted(load(`${node.url}${routePath}`, headers, DURATION_SECONDS), audited)));
            two.push(results.reduce((sum, result) => sum + result.requests.average, 0));
            twoP99.push(Math.max(...results.map((result) => result.latency.p99)));
          }
        }
      }
      const line = {
        bench: 'two nodes',
        route,
        audited,
        database: 'postgres',
        durationSeconds: DURATION_SECONDS,
        rounds: ROUNDS,
        connectionsPerNode: CONNECTIONS,
        oneNodeRequestsPerSecond: round(median(one)),
        twoNodesRequestsPerSecond: round(median(two)),
        ratioTwoToOne: round(median(two) / median(one), 3),
        oneNodeLatencyP99Ms: median(oneP99),
        twoNodesLatencyP99Ms: median(twoP99),
        cpus: availableParallelism(),
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    const verification = await verifyAuditChain(ctx);
    const itemsViewedEvents = (
      await ctx.db
        .selectFrom('audit_events')
        .select('id')
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', 'case.items_viewed')
        .where('case_id', '=', world.caseA.id)
        .execute()
    ).length;
    const everyReadAudited = itemsViewedEvents >= auditedReadsAnswered;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'two nodes',
        auditChainIntact: verification.ok,
        auditEvents: verification.events,
        firstBreak: verification.firstBreak,
        auditedReadsAnswered,
        itemsViewedEvents,
        everyReadAudited,
      })}\n`,
    );
    if (!verification.ok || !everyReadAudited) process.exitCode = 1;
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
    await database.dispose();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
