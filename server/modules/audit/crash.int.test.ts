import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase, databaseTargets } from '../../test/databases.ts';
import { runCrashCycles } from './crash-driver.ts';

/** CI-sized run of the crash driver (npm run bench:crash runs 50 cycles). */
for (const target of databaseTargets()) {
  describe(`SIGKILL during audited writes on ${target.kind}`, () => {
    test(
      'every acknowledged write survives, the file is intact, the chain verifies and every change has its event',
      { timeout: 120_000 },
      async () => {
        const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
        try {
          const report = await runCrashCycles({ cycles: target.kind === 'postgres' ? 2 : 3, ...(database && { databaseUrl: database.location }) });
          assert.equal(report.database, target.kind, 'report.database is target.kind');
          assert.ok(report.acknowledgedWrites > 0, 'the clients got answers before the kills');
          assert.equal(report.lostWrites, 0, 'report.lostWrites is 0');
          assert.ok(report.presentWrites >= report.acknowledgedWrites, 'report.presentWrites is at least report.acknowledgedWrites');
          assert.equal(report.refusedWrites, 0, 'report.refusedWrites is 0');
          assert.equal(report.integrityOk, true, 'report.integrityOk is true');
          assert.equal(report.chainOk, true, 'report.chainOk is true');
          assert.equal(report.eventsMatchChanges, true, 'report.eventsMatchChanges is true');
        } finally {
          await database?.dispose();
        }
      },
    );
  });
}
