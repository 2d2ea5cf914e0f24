import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bootstrap } from '../bootstrap.ts';
import { scheduleJob } from '../modules/jobs/index.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import type { CliIo } from './command.ts';
import { runCli } from './index.ts';

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), readStdin: async () => '' };
  return { code: await runCli(argv, io, env), out, err };
}

for (const target of databaseTargets()) {
  describe(`CLI jobs list, retry and cancel on ${target.kind}`, () => {
    let directory: string;
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let jobId: string;

    before(async () => {
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-jobs-cli-'));
      database = await createTestDatabase(target);
      await database.handle.close();
      env = {
        DATA_DIR: directory,
        LOG_LEVEL: 'silent',
        MASTER_KEY: randomBytes(32).toString('base64'),
        DATABASE_URL: target.kind === 'postgres' ? database.location : `sqlite:${database.location}`,
      };
      assert.equal(
        (await cli(['tenant', 'create', '--slug', 'rivierstede', '--name', 'Lokaal netwerk Rivierstede'], env)).code,
        0,
        'the network is created',
      );
      const { ctx } = await bootstrap(loadConfig(env), { logger: createLogger('silent') });
      try {
        const tenant = await ctx.system.tenantBySlug('rivierstede');
        jobId = (await scheduleJob(ctx, ctx.db, { tenantId: tenant!.id, kind: 'inquiry.reminder', payload: { inquiryId: 'i-1' } })).id;
      } finally {
        await ctx.handle.close();
      }
    });
    after(async () => {
      await database.dispose().catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    });

    test('list shows the job; cancel and retry change its status; wrong states and ids are refused', async () => {
      const listed = await cli(['jobs', 'list', '--tenant', 'rivierstede', '--json'], env);
      assert.equal(listed.code, 0, 'jobs list exits 0');
      const jobs = JSON.parse(listed.out.join('')) as { id: string; kind: string; status: string }[];
      assert.deepEqual(
        jobs.map((job) => [job.id, job.kind, job.status]),
        [[jobId, 'inquiry.reminder', 'pending']],
        'the one scheduled job is listed as pending',
      );
      assert.equal(JSON.stringify(jobs).includes('payload'), false, 'the listing shows no payload');

      assert.equal((await cli(['jobs', 'retry', jobId, '--tenant', 'rivierstede'], env)).code, 1, 'a pending job cannot be retried');
      assert.equal((await cli(['jobs', 'cancel', jobId, '--tenant', 'rivierstede'], env)).code, 0, 'a pending job is cancelled');
      const cancelled = await cli(['jobs', 'list', '--tenant', 'rivierstede', '--status', 'cancelled', '--json'], env);
      assert.equal(JSON.parse(cancelled.out.join('')).length, 1, 'the job is listed as cancelled');
      assert.equal((await cli(['jobs', 'retry', jobId, '--tenant', 'rivierstede'], env)).code, 0, 'a cancelled job can be retried');
      const pending = await cli(['jobs', 'list', '--tenant', 'rivierstede', '--status', 'pending', '--json'], env);
      assert.equal(JSON.parse(pending.out.join('')).length, 1, 'the retried job is pending again');

      const missing = await cli(['jobs', 'cancel', '00000000-0000-4000-8000-000000000000', '--tenant', 'rivierstede'], env);
      assert.equal(missing.code, 1, 'an unknown job id exits 1');
      assert.match(missing.err.join('\n'), /No job/, 'and says there is no such job');
      assert.equal((await cli(['jobs', 'list', '--tenant', 'rivierstede', '--status', 'stuck'], env)).code, 2, 'an unknown status is a usage error');
    });
  });
}
