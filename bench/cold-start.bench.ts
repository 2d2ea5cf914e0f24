/**
 * `npm run bench:cold-start`: how long the web application takes from `node …` to answering, started
 * the old way (`tsx server/main.ts`, transpiling at start; tsx's own transpile cache warm) and the new
 * way (`node scripts/start.mjs`, the precompiled bundle in dist/ already current), on one SQLite data
 * folder that is migrated before the first measured start. The rounds alternate the two ways; the
 * figures are medians. Also the time of one full build (`node scripts/build.mjs`), which a start pays
 * once after the sources changed.
 *
 * Prints one JSON line per way, then one with the ratio precompiled/tsx. Only 127.0.0.1 is used.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppProcess } from '../server/test/app-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const WAYS = {
  tsx: { entry: 'node_modules/tsx/dist/cli.mjs', args: ['server/main.ts'] },
  precompiled: { entry: 'scripts/start.mjs', args: [] },
} as const;
type Way = keyof typeof WAYS;

interface Start {
  /** From spawn until the process printed "Partnertafel is running at …" (it listens then). */
  readonly listeningMs: number;
  /** From spawn until GET /healthz answered 200. */
  readonly healthyMs: number;
}

async function startOnce(way: Way, dataDir: string): Promise<Start> {
  const started = performance.now();
  const app = await startAppProcess({ ...WAYS[way], env: { DATA_DIR: dataDir, PORT: '0' } });
  const listeningMs = performance.now() - started;
  try {
    const health = await fetch(`${app.url}/healthz`);
    if (health.status !== 200) throw new Error(`${way}: /healthz answered ${health.status}`);
    return { listeningMs, healthyMs: performance.now() - started };
  } finally {
    await app.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const buildStarted = performance.now();
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}${built.stderr}`);
  const buildMs = performance.now() - buildStarted;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-cold-start-'));
  try {
    // Unmeasured: migrates the database, creates the master key, warms tsx's transpile cache and the disk cache.
    for (const way of Object.keys(WAYS) as Way[]) await startOnce(way, dataDir);
    const starts: Record<Way, Start[]> = { tsx: [], precompiled: [] };
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      const order: Way[] = roundIndex % 2 === 0 ? ['tsx', 'precompiled'] : ['precompiled', 'tsx'];
      for (const way of order) starts[way].push(await startOnce(way, dataDir));
    }
    const medians = Object.fromEntries(
      (Object.keys(WAYS) as Way[]).map((way) => [
        way,
        { listeningMs: median(starts[way].map((start) => start.listeningMs)), healthyMs: median(starts[way].map((start) => start.healthyMs)) },
      ]),
    ) as Record<Way, Start>;
    for (const way of Object.keys(WAYS) as Way[]) {
      const line = {
        bench: 'cold start',
        way,
        command: way === 'tsx' ? 'tsx server/main.ts' : 'node scripts/start.mjs',
        database: 'sqlite',
        rounds: ROUNDS,
        listeningMsMedian: round(medians[way].listeningMs),
        healthyMsMedian: round(medians[way].healthyMs),
        healthyMsAll: starts[way].map((start) => round(start.healthyMs)),
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    const ratioLine = {
      bench: 'cold start',
      ratioPrecompiledToTsx: round(medians.precompiled.healthyMs / medians.tsx.healthyMs, 3),
      savedMs: round(medians.tsx.healthyMs - medians.precompiled.healthyMs),
      fullBuildMs: round(buildMs),
      target: 'precompiled healthyMsMedian < 1000',
    };
    process.stdout.write(`${JSON.stringify(ratioLine)}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
