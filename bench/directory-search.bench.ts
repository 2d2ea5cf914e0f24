/**
 * `npm run bench:directory`: the social map's search and import with 10 000 fictional services, on
 * SQLite (a temporary directory) always and on PostgreSQL too when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL names a server (a throw-away database is created there and dropped afterwards).
 *
 * Per engine it prints one JSON line per step:
 * - `directory-import`: the 10 000 services imported as documents of 1 000 through the import use
 *   case (validation, one transaction each), then the first document imported again (every service
 *   unchanged): seconds, services per second and milliseconds per service;
 * - `directory-search`, one line per query: p50/p95 in milliseconds of a page of 50 results through
 *   the list use case (the route's own path minus HTTP: the search statement, the page's relations,
 *   the presenter) over BENCH_SEARCH_RUNS runs (default 50), and the same for the baseline — the
 *   search statement alone, compiled by the same code and run straight on the driver — with the ratio
 *   of the two p50s. The ratio says what loading and presenting a page costs on top of finding it.
 *
 * PostgreSQL: the statistics are gathered (ANALYZE) after the import. In production autovacuum does
 * that within a minute of a bulk import; the test server runs with autovacuum off, and without
 * statistics the planner believes `tenant_id = ?` keeps a handful of rows and checks every service's
 * words. SQLite needs no statistics: its indexes are built for that (migration 20261202T100000).
 */
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseTarget } from '../server/test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser } from '../server/test/harness.ts';
import { importHsds, listServices, type HsdsService } from '../server/modules/directory/index.ts';
/* eslint-disable-next-line partnertafel/module-boundaries -- the baseline runs the module's own search statement on the driver; production code never imports it from outside */
import { serviceSearchQuery, type ServiceFilters } from '../server/modules/directory/directory.queries.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 50);
const CHUNK = 1_000;

const NL = [
  'opvoedingsondersteuning',
  'jeugdhulp',
  'crèche',
  'kinderopvang',
  'budgetbegeleiding',
  'huiswerkbegeleiding',
  'sportclub',
  'wijkwerking',
  'drugpreventie',
  'onthaal',
  'psychologische',
  'begeleiding',
  'vrijetijd',
  'taalles',
  'moskee',
  'parochie',
];
const FR = [
  'école',
  'devoirs',
  'aide',
  'jeunesse',
  'santé',
  'mentale',
  'accueil',
  'crèche',
  'quartier',
  'sport',
  'prévention',
  'écoute',
  'famille',
  'logement',
  'emploi',
  'médiation',
];
const CITIES = ['Rivierstede', 'Oeverkant', 'Molenbeke', 'Zandhoven-Zuid', 'Liège-Nord', 'Bruxelles-Est'];
const LANGUAGES = ['nl', 'fr', 'en', 'ar', 'tr', 'ro', 'pl', 'uk'];
const THEMES = ['radicalisation', 'drugs', 'intra_family_violence', 'gangs', 'school_dropout', 'other'] as const;

/** A small deterministic generator, so that every run searches the same map. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function services(count: number): HsdsService[] {
  const random = generator(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const words = Array.from({ length: 12 }, () => pick(random() < 0.5 ? NL : FR));
    const min = Math.floor(random() * 20);
    const languages = [...new Set([pick(LANGUAGES), pick(LANGUAGES), pick(['nl', 'fr'])])];
    const noWaitingList = random() < 0.3;
    // A place is shared by five services, so its address must be the same in each (the draw is kept
    // so that the other fields stay those of earlier runs of this bench).
    pick(CITIES);
    const city = CITIES[(index % 2000) % CITIES.length]!;
    return {
      id: `bench-service-${index}`,
      name: `${words[0]} ${words[1]} ${index}`,
      description: `${words.join(' ')} in ${city}; fictief aanbod ${index}.`,
      status: 'active',
      minimum_age: min,
      maximum_age: min + 5 + Math.floor(random() * 60),
      languages: languages.map((code, position) => ({ id: `bench-language-${index}-${position}`, code })),
      organization: { id: `bench-organisation-${index % 800}`, name: `Fictieve aanbieder ${index % 800}`, description: 'Fictief.' },
      service_at_locations: [
        {
          id: `bench-sal-${index}`,
          location: {
            id: `bench-location-${index % 2000}`,
            location_type: 'physical',
            name: `Locatie ${index % 2000}`,
            addresses: [
              {
                id: `bench-address-${index % 2000}`,
                address_1: `Straat ${index % 2000}`,
                city,
                postal_code: '8000',
                country: 'BE',
                address_type: 'physical',
              },
            ],
          },
        },
      ],
      x_partnertafel: {
        themes: [pick(THEMES)],
        no_waiting_list: noWaitingList,
        ...(noWaitingList ? {} : { waiting_days: Math.floor(random() * 120) }),
      },
    } as HsdsService;
  });
}

const QUERIES: Record<string, ServiceFilters> = {
  'q=creche': { q: 'creche' },
  'q=ecole devoirs': { q: 'ecole devoirs' },
  'q=begel (prefix)': { q: 'begel' },
  'q=jeugdhulp&language=fr&age=15': { q: 'jeugdhulp', language: 'fr', age: 15 },
  'language=fr&age=15': { language: 'fr', age: 15 },
  'theme=drugs&noWaitingList': { theme: 'drugs', noWaitingList: true },
  'q=rivierstede (broad)': { q: 'rivierstede' },
  'q=fictief 9999 (one hit)': { q: 'fictief 9999' },
  'theme=gangs&language=uk&noWaitingList&age=15 (rare)': { theme: 'gangs', language: 'uk', noWaitingList: true, age: 15 },
};

const PAGE = 50;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The fastest, p50 and p95 of RUNS timed calls, after three untimed ones (the fastest: the floor on a busy machine). */
async function measure(call: () => Promise<unknown>): Promise<{ min: number; p50: number; p95: number }> {
  const times: number[] = [];
  for (let runIndex = 0; runIndex < RUNS + 3; runIndex += 1) {
    const before = performance.now();
    await call();
    if (runIndex >= 3) times.push(performance.now() - before);
  }
  times.sort((a, b) => a - b);
  return { min: round(times[0]!), p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

async function run(target: DatabaseTarget): Promise<void> {
  const env = await createTestEnvironment(target);
  const client = target.kind === 'postgres' ? new pg.Client({ connectionString: env.database.location }) : null;
  try {
    await client?.connect();
    const tenant = await seedTenant(env.ctx);
    const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
    const all = services(SERVICES);
    const started = performance.now();
    for (let start = 0; start < all.length; start += CHUNK)
      await importHsds({ document: all.slice(start, start + CHUNK) }, coordinator.actor, env.ctx);
    const seconds = (performance.now() - started) / 1000;
    const again = performance.now();
    const unchanged = await importHsds({ document: all.slice(0, CHUNK) }, coordinator.actor, env.ctx);
    const againSeconds = (performance.now() - again) / 1000;
    if (unchanged.created + unchanged.updated !== 0) throw new Error('importing the same document again should change nothing');
    console.log(
      JSON.stringify({
        bench: 'directory-import',
        database: target.kind,
        services: SERVICES,
        documentSize: CHUNK,
        seconds: round(seconds),
        servicesPerSecond: Math.round(SERVICES / seconds),
        msPerService: round((seconds * 1000) / SERVICES),
        reimportUnchangedSeconds: round(againSeconds),
        reimportMsPerService: round((againSeconds * 1000) / CHUNK),
      }),
    );
    if (target.kind === 'postgres') await sql`analyze`.execute(env.database.handle.db);

    for (const [name, filters] of Object.entries(QUERIES)) {
      const compiled = serviceSearchQuery(env.database.handle.db, target.kind, tenant.tenantId, filters, { limit: PAGE + 1 }).compile();
      const baselineRun =
        client !== null
          ? async () => (await client.query(compiled.sql, compiled.parameters as unknown[])).rows
          : async () => env.database.handle.sqlite!.prepare(compiled.sql).all(...(compiled.parameters as unknown[]));
      const baselineRows = (await baselineRun()).length;
      let hits = 0;
      const useCase = await measure(async () => {
        hits = (await listServices({ filters, limit: PAGE }, coordinator.actor, env.ctx)).data.length;
      });
      const baseline = await measure(baselineRun);
      if (hits !== Math.min(baselineRows, PAGE)) throw new Error(`${name}: the use case found ${hits} services, the statement ${baselineRows}`);
      console.log(
        JSON.stringify({
          bench: 'directory-search',
          database: target.kind,
          services: SERVICES,
          query: name,
          firstPageHits: hits,
          runs: RUNS,
          minMs: useCase.min,
          p50ms: useCase.p50,
          p95ms: useCase.p95,
          baseline: 'the search statement alone on the driver',
          baselineMinMs: baseline.min,
          baselineP50ms: baseline.p50,
          baselineP95ms: baseline.p95,
          ratioP50: round(useCase.p50 / Math.max(baseline.p50, 0.01)),
        }),
      );
    }
  } finally {
    await client?.end();
    await env.dispose();
  }
}

const targets: DatabaseTarget[] = [{ kind: 'sqlite' }];
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresUrl) targets.push({ kind: 'postgres', adminUrl: postgresUrl });
for (const target of targets) await run(target);
