/**
 * `npm run bench:audit-verify`: how many audit events per second `partnertafel audit verify` checks.
 * For each database (SQLite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on
 * a throw-away database) it generates a fictional network with BENCH_EVENTS audit events (default
 * 300 000, over a year of days, in the network's chain and a second network's) with the scale bench's
 * generator, then runs the verification BENCH_ROUNDS times (default 3).
 *
 * Prints one JSON line per database: the events checked, the seconds of each round, the median's
 * events per second, and the process's CPU time per event (main thread and workers together), so
 * that a figure taken on a loaded machine can still be compared. Exits 1 when the chain does not verify.
 */
import { performance } from 'node:perf_hooks';
import { verifyAuditChain } from '../server/modules/audit/index.ts';
import type { DatabaseTarget } from '../server/test/databases.ts';
import { createTestEnvironment } from '../server/test/harness.ts';
import { generateScaleData } from './scale/generate.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CASES = Number(process.env.BENCH_CASES ?? 1_000);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function measure(target: DatabaseTarget): Promise<void> {
  const env = await createTestEnvironment(target, { logLevel: 'silent' });
  try {
    const generationStarted = performance.now();
    await generateScaleData(env.ctx, { cases: CASES, events: EVENTS, seed: 'partnertafel-audit-verify' });
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const seconds: number[] = [];
    const cpuMicrosPerEvent: number[] = [];
    let events = 0;
    let chains = 0;
    for (let index = 0; index < ROUNDS; index++) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const verification = await verifyAuditChain(env.ctx);
      seconds.push((performance.now() - started) / 1000);
      const cpu = process.cpuUsage(cpuBefore);
      if (!verification.ok) throw new Error(`audit verify failed on ${target.kind}: ${JSON.stringify(verification.firstBreak)}`);
      events = verification.events;
      chains = verification.chains.length;
      cpuMicrosPerEvent.push((cpu.user + cpu.system) / verification.events);
    }
    const typical = median(seconds);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'audit-verify',
        engine: target.kind,
        events,
        chains,
        generationSeconds: round(generationSeconds, 1),
        seconds: seconds.map((value) => round(value, 3)),
        eventsPerSecond: Math.round(events / typical),
        cpuMicrosecondsPerEvent: round(median(cpuMicrosPerEvent)),
      })}\n`,
    );
  } finally {
    await env.dispose();
  }
}

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const targets: DatabaseTarget[] = [{ kind: 'sqlite' }];
if (url) targets.push({ kind: 'postgres', adminUrl: url });
for (const target of targets) await measure(target);
