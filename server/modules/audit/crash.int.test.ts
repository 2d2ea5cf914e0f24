import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase, databaseTargets } from '../../test/databases.ts';
import { runCrashCycles } from './crash-driver.ts';

/** CI-sized run of the crash driver (npm run bench:crash runs 50 cycles). */
for (const target of databaseTargets()) {
  describe(`SIGKILL during audited writes and reads on ${target.kind}`, () => {
    test(
      'every acknowledged write survives, every acknowledged read has its event, the file is intact, the chain verifies and every change has its event',
      { timeout: 300_000 },
      async () => {
        const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
        try {
          // Even cycles kill the moment a read's answer arrives: at least two of them on each database.
          const report = await runCrashCycles({ cycles: 4, ...(database && { databaseUrl: database.location }) });
          assert.equal(report.database, target.kind, 'report.database is target.kind');
          assert.ok(report.acknowledgedWrites > 0, 'the clients got answers before the kills');
          assert.equal(report.lostWrites, 0, 'report.lostWrites is 0');
          assert.ok(report.presentWrites >= report.acknowledgedWrites, 'report.presentWrites is at least report.acknowledgedWrites');
          assert.equal(report.refusedWrites, 0, 'report.refusedWrites is 0');
          assert.equal(report.integrityOk, true, 'report.integrityOk is true');
          assert.equal(report.chainOk, true, 'report.chainOk is true');
          assert.equal(report.eventsMatchChanges, true, 'report.eventsMatchChanges is true');
          assert.equal(report.readTenants, 2, 'the readers read in two tenants');
          assert.ok(report.acknowledgedReads > report.cycles, 'the readers got answers before the kills (more than one per cycle)');
          assert.equal(report.lostReads, 0, 'every acknowledged read has its case.items_viewed event (report.lostReads is 0)');
          assert.equal(report.duplicatedReadEvents, 0, 'no request id has two case.items_viewed events');
          assert.equal(report.refusedReads, 0, 'report.refusedReads is 0');
        } finally {
          await database?.dispose();
        }
      },
    );
  });
}
