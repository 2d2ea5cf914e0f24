/**
 * `npm run bench:crash`: SIGKILL the real server during audited writes, CRASH_CYCLES times (default
 * 50), then check durability, file integrity, the audit chain and change ⇔ event. Prints ONE JSON
 * line. SQLite in a temporary directory by default; CRASH_DATABASE_URL=postgres://… runs against a
 * throw-away database created on that server (and dropped afterwards). Exit 1 when a check fails.
 */
import { runCrashCycles } from '../server/modules/audit/index.ts';
import { createTestDatabase } from '../server/test/databases.ts';

const cycles = Number(process.env.CRASH_CYCLES ?? 50);
if (!Number.isInteger(cycles) || cycles < 1) throw new Error('CRASH_CYCLES must be a positive whole number');
const serverUrl = process.env.CRASH_DATABASE_URL;
if (serverUrl && !/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error('CRASH_DATABASE_URL must be a postgres:// URL');

const database = serverUrl ? await createTestDatabase({ kind: 'postgres', adminUrl: serverUrl }) : null;
const started = process.hrtime.bigint();
try {
  const report = await runCrashCycles({
    cycles,
    ...(database && { databaseUrl: database.location }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  process.stdout.write(`${JSON.stringify({ ...report, seconds })}\n`);
  const ok = report.lostWrites === 0 && report.integrityOk && report.chainOk && report.eventsMatchChanges;
  process.exitCode = ok ? 0 : 1;
} finally {
  await database?.dispose();
}
