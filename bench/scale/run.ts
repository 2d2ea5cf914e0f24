/**
 * `npm run bench:scale`: do the app's reads grow with the data? For each database (SQLite always;
 * PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on throw-away databases) and each
 * data set (small, large), generate a fictional network (bench/scale/generate.ts), start the real
 * app in-process on 127.0.0.1 and load each route at concurrency 1 and 10. Prints one JSON line per
 * engine, route, size and concurrency — `{engine, route, size, concurrency, p50, p95, p99, rps}`,
 * latencies in ms — and one line per engine, route and concurrency with the ratios large/small.
 * Also prints how long the generation and `audit verify` took, and fails if the chain does not verify.
 *
 * Both sets of an engine are served at once and measured in turn (the order rotated each round);
 * each figure is the median of the rounds, so that load elsewhere on the machine moves no ratio alone.
 *
 * Options (or environment): --cases N --events M (the large set; SCALE_CASES, SCALE_EVENTS),
 * --sizes small,large (SCALE_SIZES), --engines sqlite,postgres (SCALE_ENGINES),
 * --duration seconds per measurement after 1 s of warm-up (SCALE_DURATION_SECONDS, default 2),
 * --rounds N (SCALE_ROUNDS, default 3), --seed text (SCALE_SEED).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { AppContext } from '../../server/context.ts';
import { buildApp } from '../../server/http/app.ts';
import { createApiToken } from '../../server/modules/accounts/index.ts';
import { verifyAuditChain } from '../../server/modules/audit/index.ts';
import { systemClock } from '../../server/platform/clock.ts';
import type { DatabaseTarget } from '../../server/test/databases.ts';
import { bearer, createTestEnvironment } from '../../server/test/harness.ts';
import { generateScaleData, READ_CASE_ITEMS, SCALE_SIZES, type GeneratedNetwork, type ScaleSizes } from './generate.ts';
import type { LoadOrder, LoadReport } from './load-worker.ts';

const HOST = '127.0.0.1';
const CONCURRENCIES = [1, 10] as const;
const WARM_UP_MS = 1000;
/** Pages of 200 walked at most to reach the deep cursor. */
const DEEP_PAGE_LIMIT = 200;

interface Options {
  readonly sizes: { name: string; sizes: ScaleSizes }[];
  readonly engines: DatabaseTarget[];
  readonly durationMs: number;
  readonly rounds: number;
  readonly seed: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      events: { type: 'string' },
      sizes: { type: 'string' },
      engines: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const env = process.env;
  const positive = (text: string | undefined, fallback: number, what: string) => {
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${what} must be a positive number, not ${text}`);
    return value;
  };
  const large = {
    cases: Math.round(positive(values.cases ?? env.SCALE_CASES, SCALE_SIZES.large.cases, '--cases')),
    events: Math.round(positive(values.events ?? env.SCALE_EVENTS, SCALE_SIZES.large.events, '--events')),
  };
  const known: Record<string, ScaleSizes> = { small: SCALE_SIZES.small, large };
  const sizes = (values.sizes ?? env.SCALE_SIZES ?? 'small,large').split(',').map((name) => {
    const found = known[name.trim()];
    if (!found) throw new Error(`--sizes: unknown size ${name} (small, large)`);
    return { name: name.trim(), sizes: found };
  });
  const url = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  const engines = (values.engines ?? env.SCALE_ENGINES ?? (url ? 'sqlite,postgres' : 'sqlite')).split(',').map((name): DatabaseTarget => {
    if (name === 'sqlite') return { kind: 'sqlite' };
    if (name !== 'postgres') throw new Error(`--engines: unknown engine ${name} (sqlite, postgres)`);
    if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error('PostgreSQL needs BENCH_DATABASE_URL (or TEST_DATABASE_URL) = postgres://…');
    return { kind: 'postgres', adminUrl: url };
  });
  return {
    sizes,
    engines,
    durationMs: positive(values.duration ?? env.SCALE_DURATION_SECONDS, 2, '--duration') * 1000,
    rounds: Math.round(positive(values.rounds ?? env.SCALE_ROUNDS, 3, '--rounds')),
    seed: values.seed ?? env.SCALE_SEED ?? 'partnertafel-scale',
  };
}

const emit = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function load(order: LoadOrder): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: it registers tsx in its own thread (Node 20 does not pass the loader on), then loads the file.
    const entry = new URL('./load-worker.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: order });
    worker.once('message', (report: LoadReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load worker stopped with code ${code}`));
    });
  });
}

interface Route {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

async function getJson(url: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A cursor deep in the coordinator's list: the list walked in pages of 200 to about nine tenths of its length. */
async function deepCursor(base: string, headers: Record<string, string>, cases: number): Promise<string> {
  const pages = Math.min(DEEP_PAGE_LIMIT, Math.max(1, Math.floor((cases * 0.9) / 200)));
  let cursor: string | null = null;
  for (let page = 0; page < pages; page++) {
    const answer = await getJson(`${base}/api/v1/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers);
    if (typeof answer.nextCursor !== 'string') break;
    cursor = answer.nextCursor;
  }
  if (!cursor) throw new Error('the coordinator’s list has no second page');
  return cursor;
}

/** The routes the issue names, each checked once for a sensible answer before it is measured. */
async function routesOf(ctx: AppContext, base: string, network: GeneratedNetwork, cases: number): Promise<Route[]> {
  const token = async (email: string) => (await createApiToken({ email, name: 'scale bench', tenantId: network.tenantId }, ctx)).token;
  const coordinator = bearer(await token(network.users.coordinator.email));
  const professional = bearer(await token(network.users.threeCases.email));
  const dpo = bearer(await token(network.users.dpo.email));
  const cursor = await deepCursor(base, coordinator, cases);
  const routes: Route[] = [
    { name: 'GET /api/v1/me', url: `${base}/api/v1/me`, headers: coordinator },
    { name: 'GET /api/v1/cases (coordinator)', url: `${base}/api/v1/cases`, headers: coordinator },
    { name: 'GET /api/v1/cases (professional, 3 cases)', url: `${base}/api/v1/cases`, headers: professional },
    { name: 'GET /api/v1/cases?cursor= (deep page)', url: `${base}/api/v1/cases?cursor=${encodeURIComponent(cursor)}`, headers: coordinator },
    { name: 'GET /api/v1/cases?q= (reference)', url: `${base}/api/v1/cases?q=${encodeURIComponent(network.searchReference)}`, headers: coordinator },
    { name: 'GET /api/v1/cases/:id/items', url: `${base}/api/v1/cases/${network.threeCaseIds[0]}/items`, headers: professional },
    { name: 'GET /api/v1/audit/access-report', url: `${base}/api/v1/audit/access-report?caseId=${network.reportCaseId}`, headers: dpo },
    { name: 'GET /api/v1/audit/events?userId=', url: `${base}/api/v1/audit/events?userId=${network.trailUserId}`, headers: dpo },
  ];
  const answers = await Promise.all(routes.map((route) => getJson(route.url, route.headers)));
  const count = (index: number) => (answers[index]!.data as unknown[]).length;
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`scale bench: ${what}`);
  };
  expect(count(1) === 50, 'the coordinator’s first page should hold 50 cases');
  expect(count(2) === 3, `the professional should see 3 cases, saw ${count(2)}`);
  expect(count(3) > 0, 'the deep page should hold cases');
  expect(count(4) === 1, `the reference search should find 1 case, found ${count(4)}`);
  expect(count(5) === READ_CASE_ITEMS, `the professional should read ${READ_CASE_ITEMS} items, read ${count(5)}`);
  expect(((answers[6]!.data as { events: unknown[] }).events ?? []).length > 0, 'the access report should list events');
  expect(count(7) > 0, 'the trail of the user should hold events');
  return routes;
}

interface Figure {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly rps: number;
}

async function measureOnce(route: Route, concurrency: number, durationMs: number): Promise<Figure> {
  const report = await load({ url: route.url, headers: route.headers, concurrency, warmUpMs: WARM_UP_MS, durationMs });
  if (report.failures > 0) throw new Error(`${route.name}: ${report.failures} failed requests, the first: ${report.firstFailure}`);
  const sorted = [...report.latenciesMs].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    rps: (sorted.length * 1000) / report.elapsedMs,
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The median of each figure over the rounds. */
function medianFigure(rounds: readonly Figure[]): Figure {
  return {
    p50: round(median(rounds.map((figure) => figure.p50))),
    p95: round(median(rounds.map((figure) => figure.p95))),
    p99: round(median(rounds.map((figure) => figure.p99))),
    rps: round(median(rounds.map((figure) => figure.rps)), 1),
  };
}

/** One data set, generated and served: the app listens until `close`. */
interface ServedSet {
  readonly name: string;
  readonly sizes: ScaleSizes;
  readonly routes: Route[];
  close(): Promise<void>;
}

async function serveSet(target: DatabaseTarget, name: string, sizes: ScaleSizes, settings: Options): Promise<ServedSet> {
  const env = await createTestEnvironment(target, { logLevel: 'silent' });
  try {
    // The real clock: tokens, sessions and the app's own audit days behave as in production.
    const ctx = { ...env.ctx, clock: systemClock };
    const started = performance.now();
    // Another seed per size: the sets share no ids (the app's caches are per process).
    const network = await generateScaleData(ctx, { ...sizes, seed: `${settings.seed}/${name}` });
    emit({ engine: target.kind, size: name, generated: { ...sizes, seconds: round((performance.now() - started) / 1000, 1), rows: network.rows } });
    const app = await buildApp(ctx);
    let routes: Route[];
    try {
      routes = await routesOf(ctx, await app.listen({ host: HOST, port: 0 }), network, sizes.cases);
    } catch (error) {
      await app.close();
      throw error;
    }
    return {
      name,
      sizes,
      routes,
      close: async () => {
        try {
          await app.close();
          const verifyStarted = performance.now();
          const verification = await verifyAuditChain(ctx);
          const seconds = (performance.now() - verifyStarted) / 1000;
          if (!verification.ok) throw new Error(`audit verify failed on the ${name} ${target.kind} data: ${JSON.stringify(verification.firstBreak)}`);
          emit({
            engine: target.kind,
            size: name,
            auditVerify: {
              ok: true,
              events: verification.events,
              seconds: round(seconds),
              eventsPerSecond: Math.round(verification.events / seconds),
            },
          });
        } finally {
          await env.dispose();
        }
      },
    };
  } catch (error) {
    await env.dispose();
    throw error;
  }
}

/**
 * Every data set of one engine served at once; each route and concurrency measured on every set in
 * turn, `rounds` times, the order rotated each round, so that a burst of load elsewhere on the
 * machine falls on both sides of a ratio. Medians per figure.
 */
async function runEngine(target: DatabaseTarget, settings: Options): Promise<void> {
  const sets: ServedSet[] = [];
  try {
    for (const { name, sizes } of settings.sizes) sets.push(await serveSet(target, name, sizes, settings));
    const routeCount = sets[0]!.routes.length;
    for (let routeIndex = 0; routeIndex < routeCount; routeIndex++) {
      for (const concurrency of CONCURRENCIES) {
        const rounds = new Map<string, Figure[]>(sets.map((set) => [set.name, []]));
        for (let index = 0; index < settings.rounds; index++) {
          const order = [...sets.slice(index % sets.length), ...sets.slice(0, index % sets.length)];
          for (const set of order) rounds.get(set.name)!.push(await measureOnce(set.routes[routeIndex]!, concurrency, settings.durationMs));
        }
        const figures = new Map(sets.map((set) => [set.name, medianFigure(rounds.get(set.name)!)]));
        const route = sets[0]!.routes[routeIndex]!.name;
        for (const set of sets) {
          emit({
            engine: target.kind,
            route,
            size: set.name,
            cases: set.sizes.cases,
            events: set.sizes.events,
            concurrency,
            ...figures.get(set.name)!,
          });
        }
        if (sets.length < 2) continue;
        const [first, last] = [sets[0]!, sets.at(-1)!];
        const [small, large] = [figures.get(first.name)!, figures.get(last.name)!];
        emit({
          engine: target.kind,
          route,
          concurrency,
          ratio: `${last.name}/${first.name}`,
          cases: [first.sizes.cases, last.sizes.cases],
          p50: round(large.p50 / small.p50),
          p95: round(large.p95 / small.p95),
          p99: round(large.p99 / small.p99),
          rps: round(large.rps / small.rps),
        });
      }
    }
  } finally {
    for (const set of sets) await set.close();
  }
}

async function main(): Promise<void> {
  const settings = options();
  for (const target of settings.engines) await runEngine(target, settings);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
