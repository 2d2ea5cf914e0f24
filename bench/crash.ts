/**
 * `npm run bench:crash`: SIGKILL the real server during audited writes (organisations created) and
 * audited reads (a case's items read in two tenants), CRASH_CYCLES times (default 50; CRASH_MAX_SECONDS
 * starts no further cycle after that many seconds, and `cycles` says how many ran), then check
 * durability, file integrity, the audit chain, change ⇔ event, and that every read whose answer
 * reached its client has its `case.items_viewed` event (lostReads). Prints ONE JSON line (the
 * CrashReport of crash-driver.ts plus `seconds` and `secondsPerCycle`); progress goes to stderr.
 * SQLite in a temporary directory by default; CRASH_DATABASE_URL=postgres://… runs against a
 * throw-away database created on that server (and dropped afterwards). Exit 1 when a check fails:
 * a lost write or read, a duplicated read event, a broken file or chain, a change without its event.
 */
import { runCrashCycles } from '../server/modules/audit/index.ts';
import { createTestDatabase } from '../server/test/databases.ts';

const cycles = Number(process.env.CRASH_CYCLES ?? 50);
if (!Number.isInteger(cycles) || cycles < 1) throw new Error('CRASH_CYCLES must be a positive whole number');
const maxSeconds = process.env.CRASH_MAX_SECONDS === undefined ? undefined : Number(process.env.CRASH_MAX_SECONDS);
if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new Error('CRASH_MAX_SECONDS must be a positive number');
const serverUrl = process.env.CRASH_DATABASE_URL;
if (serverUrl && !/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error('CRASH_DATABASE_URL must be a postgres:// URL');

const database = serverUrl ? await createTestDatabase({ kind: 'postgres', adminUrl: serverUrl }) : null;
const started = process.hrtime.bigint();
try {
  const report = await runCrashCycles({
    cycles,
    ...(maxSeconds !== undefined && { maxSeconds }),
    ...(database && { databaseUrl: database.location }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  const secondsPerCycle = Math.round((seconds / report.cycles) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ ...report, seconds, secondsPerCycle })}\n`);
  const ok =
    report.lostWrites === 0 &&
    report.lostReads === 0 &&
    report.duplicatedReadEvents === 0 &&
    report.integrityOk &&
    report.chainOk &&
    report.eventsMatchChanges;
  process.exitCode = ok ? 0 : 1;
} finally {
  await database?.dispose();
}
