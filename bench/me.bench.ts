/**
 * `npm run bench`: requests per second of `GET /api/v1/me` (Bearer token) against the real app, and
 * of a bare node:http server answering the same bytes in the same run, so the ratio app/raw shows
 * what the framework, the token lookup and the database cost on this machine, whatever its speed.
 * A bare Fastify answering the same bytes (no plugins, no hooks) shows how much of that is the
 * framework alone (`fastifyOverRaw`) and how much our own work (`appOverFastify`).
 * Prints ONE JSON line. Only 127.0.0.1 is ever loaded.
 *
 * SQLite in a temporary directory by default; BENCH_DATABASE_URL=postgres://… runs against a
 * throw-away database created on that server (and dropped afterwards).
 */
import autocannon from 'autocannon';
import { captureAnswer, startBareFastify, startRawServer } from './raw-baseline.ts';
import { buildApp } from '../server/http/app.ts';
import { systemClock } from '../server/platform/clock.ts';
import type { DatabaseTarget } from '../server/test/databases.ts';
import { bearer, createTestEnvironment, seedTenant } from '../server/test/harness.ts';

const PATH = '/api/v1/me';
const HOST = '127.0.0.1';
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
const WARM_UP_SECONDS = 1;
const CONNECTIONS = 10;

function targetFromEnvironment(): DatabaseTarget {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return { kind: 'sqlite' };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('BENCH_DATABASE_URL must be a postgres:// URL');
  return { kind: 'postgres', adminUrl: url };
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

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const target = targetFromEnvironment();
  const env = await createTestEnvironment(target, { logLevel: 'silent' });
  try {
    // The real clock: token "last used" bookkeeping behaves as in production.
    const ctx = { ...env.ctx, clock: systemClock };
    const tenant = await seedTenant(ctx);
    const headers = bearer(tenant.adminToken);
    const app = await buildApp(ctx);
    const appUrl = `${await app.listen({ host: HOST, port: 0 })}${PATH}`;
    const answer = await captureAnswer(appUrl, headers);
    const raw = await startRawServer(answer);
    const rawUrl = `${raw.base}${PATH}`;
    const bare = await startBareFastify(answer);
    try {
      const appResult = await measure(appUrl, headers);
      const rawResult = await measure(rawUrl, headers);
      const bareResult = await measure(`${bare.base}${PATH}`, headers);
      const line = {
        bench: `GET ${PATH}`,
        database: target.kind,
        durationSeconds: DURATION_SECONDS,
        connections: CONNECTIONS,
        appRequestsPerSecond: round(appResult.requests.average, 0),
        rawRequestsPerSecond: round(rawResult.requests.average, 0),
        fastifyRequestsPerSecond: round(bareResult.requests.average, 0),
        ratio: round(appResult.requests.average / rawResult.requests.average, 3),
        fastifyOverRaw: round(bareResult.requests.average / rawResult.requests.average, 3),
        appOverFastify: round(appResult.requests.average / bareResult.requests.average, 3),
        appLatencyP99Ms: appResult.latency.p99,
        rawLatencyP99Ms: rawResult.latency.p99,
        responseBytes: answer.body.length,
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } finally {
      await bare.close();
      await raw.close();
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
