/**
 * `npm run bench:cases`: what field decryption and read auditing cost on `GET /api/v1/cases/:id/items`
 * for a case with 20 items, read by a participant (Bearer token), against the real app. Four variants
 * (and the raw baseline) run on the same app instance, through the same hooks, queries and sharing rules:
 *
 *   full         the real route: 20 bodies decrypted, one `case.items_viewed` event written
 *   neither      bench-only route: bodies returned sealed, no audit event
 *   decryptOnly  bench-only route: bodies decrypted, no audit event
 *   auditOnly    bench-only route: bodies returned sealed, audit event written
 *   raw          bare node:http answering the real route's bytes (bench/raw-baseline.ts): the ratio
 *                full/raw is issue 14's target for the audited read
 *
 * The bench-only routes are registered here, built from the module's own functions (openCase,
 * readableItems, presentItem …), never from a switch in production code. Prints ONE JSON line with
 * requests per second of each variant (median of BENCH_ROUNDS rounds, default 3, the order rotated
 * each round) and the ratios that isolate each cost. Only 127.0.0.1 is loaded. SQLite in a
 * temporary directory by default; BENCH_DATABASE_URL=postgres://… runs against a throw-away database
 * created on that server (and dropped afterwards).
 */
import autocannon from 'autocannon';
import { captureAnswer, startRawServer } from './raw-baseline.ts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../server/context.ts';
import { apiRoute, requireActor } from '../server/http/api.ts';
import { buildApp } from '../server/http/app.ts';
import { systemClock } from '../server/platform/clock.ts';
import { addWorldItem, seedCaseWorld } from '../server/test/case-world.ts';
import type { DatabaseTarget } from '../server/test/databases.ts';
import { bearer, createTestEnvironment } from '../server/test/harness.ts';
/* eslint-disable partnertafel/module-boundaries -- bench-only variants of listItems need the module's inner functions; production code never imports them */
import { fieldOpener, type FieldOpener } from '../server/db/sealing.ts';
import { readCase } from '../server/modules/cases/case-door.ts';
import { presentItem } from '../server/modules/cases/cases.presenter.ts';
import { namesForItems } from '../server/modules/cases/case-directory.queries.ts';
import { parseIds, readableItems, type ItemRow } from '../server/modules/cases/cases.queries.ts';
/* eslint-enable partnertafel/module-boundaries */

const HOST = '127.0.0.1';
const ITEMS = 20;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
/** Rounds per variant, each in another order; the median counts, so a burst of load elsewhere moves no single figure. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = 1;
const CONNECTIONS = 10;

const VARIANTS = {
  neither: { decrypt: false, audit: false },
  decryptOnly: { decrypt: true, audit: false },
  auditOnly: { decrypt: false, audit: true },
} as const;
type Variant = keyof typeof VARIANTS;
/** Every measured URL: the real route, the bench-only variants, and raw node:http answering the real route's bytes. */
type Measured = Variant | 'full' | 'raw';

/** An "opener" that hands the sealed value back as it is: the presenter runs, nothing is decrypted. */
const SEALED_AS_STORED: FieldOpener = {
  open: async (_table, _id, _field, sealed) => sealed,
  openOptional: async (_table, _id, _field, sealed) => sealed,
};

function targetFromEnvironment(): DatabaseTarget {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return { kind: 'sqlite' };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('BENCH_DATABASE_URL must be a postgres:// URL');
  return { kind: 'postgres', adminUrl: url };
}

/**
 * `GET /api/v1/bench/cases/:id/items/<variant>`: listItems step by step, with decryption and the audit
 * write each switched by the variant. The audited variant goes through the door (`readCase`); the
 * unaudited ones cannot (the door always audits), so they read the same rows with the raw handle —
 * the difference is the cost of the door's decision and its audit write.
 */
function registerVariantRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const [name, variant] of Object.entries(VARIANTS)) {
    const url = `/api/v1/bench/cases/:id/items/${name}`;
    apiRoute(app, [], { method: 'GET', url, summary: `bench: items, ${name}`, tag: 'bench' }, async (request) => {
      const actor = requireActor(request);
      const caseId = String((request.params as { id: string }).id);
      const items: ItemRow[] = variant.audit
        ? await readableItems(ctx.db, actor, await readCase(ctx, actor, caseId, 'items'))
        : await ctx.handle.db.selectFrom('case_items').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      const { users: authors, organisations } = await namesForItems(ctx.db, actor, {
        userIds: items.map((item) => item.author_user_id),
        organisationIds: items.flatMap((item) => [item.author_organisation_id, ...parseIds(item.organisation_ids)]),
      });
      const opener = variant.decrypt ? fieldOpener(ctx, actor.tenantId) : SEALED_AS_STORED;
      return { body: { data: await Promise.all(items.map((item) => presentItem(item, organisations, authors, opener))), nextCursor: null } };
    });
  }
}

interface ItemAnswer {
  readonly data: { id: string; body: string }[];
}

async function fetchItems(url: string, headers: Record<string, string>): Promise<ItemAnswer> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as ItemAnswer;
}

/** The variants answer what they claim: the same items, decrypted or sealed as the variant says. */
async function checkAnswers(urls: Record<Variant | 'full', string>, headers: Record<string, string>): Promise<number> {
  const answers = Object.fromEntries(
    await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await fetchItems(url, headers)] as const)),
  ) as Record<Variant | 'full', ItemAnswer>;
  const ids = (answer: ItemAnswer) => JSON.stringify(answer.data.map((item) => item.id));
  for (const name of Object.keys(VARIANTS) as Variant[]) {
    if (ids(answers[name]) !== ids(answers.full)) throw new Error(`${name} does not answer the same items as the real route`);
  }
  if (answers.full.data.length !== ITEMS) throw new Error(`the participant reads ${answers.full.data.length} items, not ${ITEMS}`);
  if (JSON.stringify(answers.decryptOnly) !== JSON.stringify(answers.full)) throw new Error('decryptOnly differs from the real answer');
  if (JSON.stringify(answers.auditOnly) !== JSON.stringify(answers.neither)) throw new Error('auditOnly differs from neither');
  if (!answers.neither.data.every((item) => /^k\d+\./.test(item.body))) throw new Error('neither should answer sealed bodies');
  if (answers.full.data.some((item) => /^k\d+\./.test(item.body))) throw new Error('full should answer decrypted bodies');
  return Buffer.byteLength(JSON.stringify(answers.full));
}

/** A warm-up run (discarded), then the measured run; any error or non-2xx answer voids the figure. */
async function measure(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  // The load generator runs in a worker thread so it does not share the server's event loop.
  const base = { url, connections: CONNECTIONS, headers, workers: 1 };
  await autocannon({ ...base, duration: WARM_UP_SECONDS });
  const result = await autocannon({ ...base, duration: DURATION_SECONDS });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  return result;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const ORDER = ['full', 'neither', 'decryptOnly', 'auditOnly', 'raw'] as const;
interface Figure {
  readonly requestsPerSecond: number;
  readonly latencyP99Ms: number;
  readonly rounds: number[];
}

/** Every variant once per round, the order rotated each round; medians of requests/s and p99 latency. */
async function measureRounds(urls: Record<Measured, string>, headers: Record<string, string>): Promise<Record<Measured, Figure>> {
  const runs = Object.fromEntries(ORDER.map((name) => [name, [] as autocannon.Result[]])) as Record<Measured, autocannon.Result[]>;
  for (let index = 0; index < ROUNDS; index++) {
    const order = [...ORDER.slice(index % ORDER.length), ...ORDER.slice(0, index % ORDER.length)];
    for (const name of order) runs[name].push(await measure(urls[name], headers));
  }
  return Object.fromEntries(
    ORDER.map((name) => {
      const rounds = runs[name].map((result) => round(result.requests.average, 0));
      return [name, { requestsPerSecond: median(rounds), latencyP99Ms: median(runs[name].map((result) => result.latency.p99)), rounds }];
    }),
  ) as Record<Measured, Figure>;
}

async function seedCaseWithItems(ctx: AppContext) {
  const world = await seedCaseWorld(ctx);
  for (let index = 1; index <= ITEMS; index++) {
    const body = `Fictional observation ${index}: attendance dropped in the last weeks; contact with the family through the school.`;
    await addWorldItem(ctx, world, { body: body.repeat(3), audience: 'table', legalBasis: 'art_458ter' });
  }
  return world;
}

async function main(): Promise<void> {
  const target = targetFromEnvironment();
  const env = await createTestEnvironment(target, { logLevel: 'silent' });
  try {
    // The real clock: token bookkeeping and audit days behave as in production.
    const ctx = { ...env.ctx, clock: systemClock };
    const world = await seedCaseWithItems(ctx);
    const headers = bearer(world.users.guestThisCase.token);
    const app = await buildApp(ctx);
    registerVariantRoutes(app, ctx);
    const base = await app.listen({ host: HOST, port: 0 });
    const caseId = world.caseA.id;
    const urls = {
      full: `${base}/api/v1/cases/${caseId}/items`,
      ...(Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, `${base}/api/v1/bench/cases/${caseId}/items/${name}`])) as Record<
        Variant,
        string
      >),
    };
    try {
      const responseBytes = await checkAnswers(urls, headers);
      const raw = await startRawServer(await captureAnswer(urls.full, headers));
      const results = await measureRounds({ ...urls, raw: `${raw.base}/api/v1/cases/${caseId}/items` }, headers).finally(() => raw.close());
      const rps = (name: Measured) => results[name].requestsPerSecond;
      const line = {
        bench: `GET /api/v1/cases/:id/items (${ITEMS} items, participant)`,
        database: target.kind,
        durationSeconds: DURATION_SECONDS,
        connections: CONNECTIONS,
        requestsPerSecond: {
          full: round(rps('full'), 0),
          neither: round(rps('neither'), 0),
          decryptOnly: round(rps('decryptOnly'), 0),
          auditOnly: round(rps('auditOnly'), 0),
          raw: round(rps('raw'), 0),
        },
        ratios: {
          // Issue 14's target: the real audited read against bare node:http answering the same bytes.
          fullOverRaw: round(rps('full') / rps('raw')),
          // Throughput kept with both costs, and with each cost added to the other / to nothing.
          fullOverNeither: round(rps('full') / rps('neither')),
          withAuditOverWithout: round(rps('full') / rps('decryptOnly')),
          withDecryptionOverWithout: round(rps('full') / rps('auditOnly')),
          decryptOnlyOverNeither: round(rps('decryptOnly') / rps('neither')),
          auditOnlyOverNeither: round(rps('auditOnly') / rps('neither')),
        },
        latencyP99Ms: {
          full: results.full.latencyP99Ms,
          neither: results.neither.latencyP99Ms,
          decryptOnly: results.decryptOnly.latencyP99Ms,
          auditOnly: results.auditOnly.latencyP99Ms,
          raw: results.raw.latencyP99Ms,
        },
        rounds: ROUNDS,
        roundsRequestsPerSecond: {
          full: results.full.rounds,
          neither: results.neither.rounds,
          decryptOnly: results.decryptOnly.rounds,
          auditOnly: results.auditOnly.rounds,
          raw: results.raw.rounds,
        },
        responseBytes,
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
