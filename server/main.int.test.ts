import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { serve } from './main.ts';
import { createTenant } from './modules/accounts/index.ts';
import { CASE_HANDOVER_SCAN_JOB } from './modules/cases/index.ts';
import { DIRECTORY_VERIFICATION_SCAN_JOB } from './modules/directory/index.ts';
import { jobsOfTenant } from './modules/jobs/index.ts';
import { loadConfig } from './platform/config.ts';
import { createTestDatabase, databaseTargets } from './test/databases.ts';

describe('the server’s daily scans', () => {
  for (const target of databaseTargets()) {
    test(`on ${target.kind}: a network set up while the server runs gets its daily scans without a restart`, async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-serve-'));
      const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
      const config = loadConfig({
        DATA_DIR: dataDir,
        PORT: '0',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        ...(database ? { DATABASE_URL: database.location } : {}),
      });
      const server = await serve(config, { port: 0, quiet: true, runJobs: true, dailyScansCheckMs: 50 });
      try {
        const tenant = await createTenant({ slug: 'fictional-later', name: 'Fictional network set up later', defaultLocale: 'nl' }, server.ctx);
        const kinds = async () => new Set((await jobsOfTenant(server.ctx.db, tenant.id)).map((job) => job.kind));
        // Waits for the server's periodic check (every 50 ms here, every hour in production); a
        // minute at most, measured by the clock, so a loaded machine's slow queries do not shorten it.
        const deadline = Date.now() + 60_000;
        while ((await kinds()).size < 2 && Date.now() < deadline) await sleep(50);
        const scheduled = await kinds();
        assert.ok(scheduled.has(CASE_HANDOVER_SCAN_JOB), 'the new network gets its daily hand-over scan');
        assert.ok(scheduled.has(DIRECTORY_VERIFICATION_SCAN_JOB), 'the new network gets its daily verification scan of the map');
      } finally {
        await server.stop();
        await database?.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
