/**
 * `npm run bench:directory`: the social map's search with 10 000 fictional services. Imports them
 * (HSDS documents of 1 000 services, through the import use case), then runs a few searches through
 * the list use case — the route's own path minus HTTP — and prints one JSON line per database and
 * query with p50/p95 in milliseconds (BENCH_SEARCH_RUNS runs each, default 50) and the hit count,
 * plus one line with the import time. SQLite in a temporary directory always; PostgreSQL too when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a server (a throw-away database, dropped afterwards).
 */
import type { DatabaseTarget } from '../server/test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser } from '../server/test/harness.ts';
import { importHsds, listServices, type HsdsService } from '../server/modules/directory/index.ts';

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
    const city = pick(CITIES);
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

const QUERIES: Record<string, { q?: string; theme?: string; language?: string; age?: number; noWaitingList?: boolean }> = {
  'q=creche': { q: 'creche' },
  'q=ecole devoirs': { q: 'ecole devoirs' },
  'q=begel (prefix)': { q: 'begel' },
  'q=jeugdhulp&language=fr&age=15': { q: 'jeugdhulp', language: 'fr', age: 15 },
  'language=fr&age=15': { language: 'fr', age: 15 },
  'theme=drugs&noWaitingList': { theme: 'drugs', noWaitingList: true },
  'q=rivierstede (broad)': { q: 'rivierstede' },
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(target: DatabaseTarget): Promise<void> {
  const env = await createTestEnvironment(target);
  try {
    const tenant = await seedTenant(env.ctx);
    const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
    const all = services(SERVICES);
    const started = performance.now();
    for (let start = 0; start < all.length; start += CHUNK)
      await importHsds({ document: all.slice(start, start + CHUNK) }, coordinator.actor, env.ctx);
    console.log(
      JSON.stringify({
        bench: 'directory-import',
        database: target.kind,
        services: SERVICES,
        seconds: Math.round(performance.now() - started) / 1000,
      }),
    );
    for (const [name, filters] of Object.entries(QUERIES)) {
      const times: number[] = [];
      let hits = 0;
      for (let runIndex = 0; runIndex < RUNS + 3; runIndex += 1) {
        const before = performance.now();
        const page = await listServices({ filters, limit: 50 }, coordinator.actor, env.ctx);
        const elapsed = performance.now() - before;
        if (runIndex >= 3) times.push(elapsed);
        hits = page.data.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          bench: 'directory-search',
          database: target.kind,
          services: SERVICES,
          query: name,
          firstPageHits: hits,
          runs: RUNS,
          p50ms: Math.round(percentile(times, 50) * 10) / 10,
          p95ms: Math.round(percentile(times, 95) * 10) / 10,
        }),
      );
    }
  } finally {
    await env.dispose();
  }
}

const targets: DatabaseTarget[] = [{ kind: 'sqlite' }];
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresUrl) targets.push({ kind: 'postgres', adminUrl: postgresUrl });
for (const target of targets) await run(target);
