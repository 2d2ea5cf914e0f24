import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, secondNode, seedTenant, type TestEnvironment } from '../../test/harness.ts';
import { cancelJob, createJobRunner, errorLabel, jobById, jobsOfTenant, registerJobHandler, retryJob, scheduleJob } from './index.ts';
import { claimDueJob, settleJob } from './jobs.queries.ts';

/** How often each job id reached a handler, over every runner and database of this file. */
const invocations = new Map<string, number>();
const count = (id: string) => invocations.get(id) ?? 0;
const record = (id: string) => invocations.set(id, count(id) + 1);

registerJobHandler('test.record', async (_ctx, _payload, job) => {
  record(job.id);
});
registerJobHandler('test.interleaved', async (_ctx, _payload, job) => {
  record(job.id);
  // Give the other runner's connection a turn while this job holds its lease.
  await new Promise((resolve) => setImmediate(resolve));
});
registerJobHandler('test.fail', async (_ctx, _payload, job) => {
  record(job.id);
  // A message that names someone: it must reach neither last_error nor the log.
  throw new Error(`could not reach Jana Fictief at jana@fictief.example (job ${job.id})`);
});
let releaseHeld: () => void = () => {};
let heldStarted: () => void = () => {};
registerJobHandler('test.held', async (_ctx, _payload, job) => {
  record(job.id);
  heldStarted();
  await new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });
});

let signalRan: (id: string) => void = () => {};
registerJobHandler('test.signal', async (_ctx, _payload, job) => {
  record(job.id);
  signalRan(job.id);
});

const SECOND = 1000;

for (const target of databaseTargets()) {
  describe(`jobs on ${target.kind}`, () => {
    let env: TestEnvironment;
    let ctx: AppContext;
    let tenantId: string;
    before(async () => {
      env = await createTestEnvironment(target);
      ctx = env.ctx;
      tenantId = (await seedTenant(ctx)).tenantId;
    });
    after(async () => {
      await env.dispose();
    });

    test('a job scheduled in a transaction that rolls back does not exist; one that commits does', async () => {
      await assert.rejects(
        ctx.db.transaction().execute(async (trx) => {
          await scheduleJob(ctx, trx, { tenantId, kind: 'test.record', payload: { caseId: 'rolled-back' }, dedupeKey: 'rollback' });
          throw new Error('the use case fails after scheduling');
        }),
        /the use case fails/,
        'the transaction rejects with the use case error',
      );
      const afterRollback = (await jobsOfTenant(ctx.db, tenantId)).filter((job) => job.dedupe_key === 'rollback');
      assert.equal(afterRollback.length, 0, 'no job survives the rolled-back transaction');

      const committed = await ctx.db
        .transaction()
        .execute((trx) => scheduleJob(ctx, trx, { tenantId, kind: 'test.record', payload: { caseId: 'committed' }, dedupeKey: 'rollback' }));
      const job = await jobById(ctx.db, tenantId, committed.id);
      assert.equal(job?.status, 'pending', 'the committed job exists and waits');
      assert.deepEqual(JSON.parse(job!.payload), { caseId: 'committed' }, 'the payload is stored as JSON of ids');
      await createJobRunner(ctx, { pollMs: SECOND }).runDue();
      assert.equal(count(committed.id), 1, 'the committed job ran once');
    });

    test('a due job runs once, a job not yet due waits, and a dedupe key gives one job', async () => {
      const runner = createJobRunner(ctx, { pollMs: SECOND });
      const due = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.record', payload: { inquiryId: 'i-1' } });
      const later = await scheduleJob(ctx, ctx.db, {
        tenantId,
        kind: 'test.record',
        payload: { inquiryId: 'i-2' },
        runAt: new Date(ctx.clock.now().getTime() + 3600 * SECOND),
        dedupeKey: 'reminder:i-2',
      });
      const again = await scheduleJob(ctx, ctx.db, {
        tenantId,
        kind: 'test.record',
        payload: { inquiryId: 'i-2' },
        runAt: new Date(ctx.clock.now().getTime() + 60 * SECOND),
        dedupeKey: 'reminder:i-2',
      });
      assert.equal(later.created, true, 'the first schedule with a dedupe key creates the job');
      assert.deepEqual(again, { id: later.id, created: false }, 'scheduling the same dedupe key again returns the existing job');
      const withKey = (await jobsOfTenant(ctx.db, tenantId)).filter((job) => job.dedupe_key === 'reminder:i-2');
      assert.equal(withKey.length, 1, 'one job exists for the dedupe key');

      assert.equal(await runner.runDue(), 1, 'one job is due and runs');
      assert.equal(await runner.runDue(), 0, 'nothing runs on the next poll');
      assert.equal(count(due.id), 1, 'the due job ran exactly once');
      assert.equal(count(later.id), 0, 'the job due in an hour has not run');
      const done = await jobById(ctx.db, tenantId, due.id);
      assert.equal(done?.status, 'done', 'the due job is done');
      assert.equal(done?.finished_at, ctx.clock.now().toISOString(), 'finished_at is the clock time of the run');
      assert.equal(done?.lease_owner, null, 'a done job holds no lease');

      env.clock.advance(3600 * SECOND);
      assert.equal(await runner.runDue(), 1, 'an hour later the second job is due');
      assert.equal(count(later.id), 1, 'the deduplicated job ran exactly once');
    });

    test('a failing job is retried with backoff and ends failed after max_attempts, with no stack or message kept', async () => {
      const runner = createJobRunner(ctx, { pollMs: SECOND, backoffMs: (failed) => failed * 60 * SECOND });
      const { id } = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.fail', payload: { meetingId: 'm-1' }, maxAttempts: 3 });
      const start = ctx.clock.now().getTime();

      assert.equal(await runner.runDue(), 1, 'the first try runs');
      let job = await jobById(ctx.db, tenantId, id);
      assert.equal(job?.status, 'pending', 'after one failure the job waits for a retry');
      assert.equal(job?.attempts, 1, 'one attempt is counted');
      assert.equal(job?.run_at, new Date(start + 60 * SECOND).toISOString(), 'the retry waits the first backoff (1 min)');

      assert.equal(await runner.runDue(), 0, 'the retry does not run before its backoff');
      env.clock.advance(60 * SECOND);
      assert.equal(await runner.runDue(), 1, 'after the backoff the second try runs');
      job = await jobById(ctx.db, tenantId, id);
      assert.equal(job?.run_at, new Date(start + (60 + 120) * SECOND).toISOString(), 'the second backoff is longer (2 min)');

      env.clock.advance(120 * SECOND);
      assert.equal(await runner.runDue(), 1, 'the third and last try runs');
      job = await jobById(ctx.db, tenantId, id);
      assert.equal(job?.status, 'failed', 'after max_attempts the job is failed');
      assert.equal(job?.attempts, 3, 'three attempts are counted');
      assert.equal(job?.finished_at, ctx.clock.now().toISOString(), 'finished_at records when it failed');
      assert.equal(job?.last_error, 'Error', 'last_error is the error class only');
      assert.doesNotMatch(job?.last_error ?? '', /Jana|fictief|\n\s+at /, 'last_error holds no name, address or stack');

      env.clock.advance(3600 * SECOND);
      assert.equal(await runner.runDue(), 0, 'a failed job is not tried again');
      assert.equal(count(id), 3, 'the handler ran exactly max_attempts times');
      assert.equal(errorLabel(new AppError('not_found')), 'AppError not_found', 'an AppError is labelled by its code');
    });

    test('a job whose runner died is run by a new runner exactly once, after the lease runs out', async () => {
      const { id } = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.record', payload: { inquiryId: 'i-3' }, dedupeKey: 'restart' });
      const now = ctx.clock.now();
      // What a runner leaves behind when its node dies right after claiming: a running row with a lease.
      const claimed = await claimDueJob(ctx.db, ctx.handle.kind, [tenantId], now.toISOString(), {
        owner: 'node-that-died',
        expiresAt: new Date(now.getTime() + 300 * SECOND).toISOString(),
      });
      assert.equal(claimed?.id, id, 'the dead runner had claimed the job');

      const survivor = createJobRunner(ctx, { pollMs: SECOND, leaseMs: 300 * SECOND, owner: 'new-node' });
      assert.equal(await survivor.runDue(), 0, 'while the lease holds, the job is left alone');
      env.clock.advance(301 * SECOND);
      assert.equal(await survivor.runDue(), 1, 'after the lease ran out the new runner takes the job');
      assert.equal(await survivor.runDue(), 0, 'and runs it only once');
      assert.equal(count(id), 1, 'the handler ran exactly once');
      const job = await jobById(ctx.db, tenantId, id);
      assert.equal(job?.status, 'done', 'the job is done');
      assert.equal(job?.attempts, 2, 'the dead try counts as an attempt');
      const late = await settleJob(ctx.db, claimed!, 'node-that-died', { status: 'failed', last_error: 'late' });
      assert.equal(late, false, 'the dead runner, were it to wake, cannot settle a job it no longer holds');
      assert.equal((await jobById(ctx.db, tenantId, id))?.status, 'done', 'the job stays done');
    });

    test('a runner whose lease was taken over cannot settle the job; one that died on the last try leaves it failed', async () => {
      const { id } = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.record', payload: { caseId: 'c-9' }, maxAttempts: 2 });
      const lease = (owner: string) => ({ owner, expiresAt: new Date(ctx.clock.now().getTime() + 60 * SECOND).toISOString() });
      const slow = await claimDueJob(ctx.db, ctx.handle.kind, [tenantId], ctx.clock.now().toISOString(), lease('slow-node'));
      assert.equal(slow?.id, id, 'the slow node claimed the job');
      env.clock.advance(61 * SECOND);
      const taker = await claimDueJob(ctx.db, ctx.handle.kind, [tenantId], ctx.clock.now().toISOString(), lease('taker-node'));
      assert.equal(taker?.id, id, 'after the lease ran out another node claimed it');
      const late = await settleJob(ctx.db, slow!, 'slow-node', { status: 'done', finished_at: ctx.clock.now().toISOString() });
      assert.equal(late, false, 'the slow node cannot settle a job another node now holds');
      const held = await jobById(ctx.db, tenantId, id);
      assert.equal(held?.status, 'running', 'the job is still running');
      assert.equal(held?.lease_owner, 'taker-node', 'under the new lease');

      env.clock.advance(61 * SECOND);
      assert.equal(await createJobRunner(ctx, { pollMs: SECOND }).runDue(), 0, 'a job out of tries is not claimed again');
      const failed = await jobById(ctx.db, tenantId, id);
      assert.equal(failed?.status, 'failed', 'its lease ran out on the last try, so it is failed');
      assert.equal(failed?.last_error, 'lease_expired', 'last_error says why');
      assert.equal(count(id), 0, 'no handler ran for it');
    });

    test('an operator retries a failed job and cancels a pending one; a running or done job is left alone', async () => {
      const runner = createJobRunner(ctx, { pollMs: SECOND });
      const failing = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.fail', payload: { caseId: 'c-5' }, maxAttempts: 1 });
      await runner.runDue();
      assert.equal((await jobById(ctx.db, tenantId, failing.id))?.status, 'failed', 'one try was all it had');
      assert.equal(await cancelJob(ctx, tenantId, failing.id), true, 'a failed job can be cancelled');
      assert.equal(await retryJob(ctx, tenantId, failing.id), true, 'a cancelled job can be retried');
      const retried = await jobById(ctx.db, tenantId, failing.id);
      assert.equal(retried?.status, 'pending', 'the retried job waits again');
      assert.equal(retried?.attempts, 0, 'its tries are counted afresh');
      assert.equal(retried?.run_at, ctx.clock.now().toISOString(), 'and it is due now');
      assert.equal(await runner.runDue(), 1, 'the retried job runs on the next poll');
      assert.equal(count(failing.id), 2, 'the handler ran once before and once after the retry');

      const later = await scheduleJob(ctx, ctx.db, {
        tenantId,
        kind: 'test.record',
        payload: { caseId: 'c-6' },
        runAt: new Date(ctx.clock.now().getTime() + SECOND),
      });
      assert.equal(await retryJob(ctx, tenantId, later.id), false, 'a pending job is not retried');
      assert.equal(await cancelJob(ctx, tenantId, later.id), true, 'a pending job can be cancelled');
      env.clock.advance(SECOND);
      assert.equal(await runner.runDue(), 0, 'a cancelled job does not run');
      assert.equal(count(later.id), 0, 'its handler never ran');
      const done = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.record', payload: { caseId: 'c-7' } });
      await runner.runDue();
      assert.equal(await cancelJob(ctx, tenantId, done.id), false, 'a done job cannot be cancelled');
      assert.equal(await retryJob(ctx, tenantId, done.id), false, 'nor retried');
    });

    test('a started runner polls on its own and runs the due jobs of every network', async () => {
      const otherTenant = (await seedTenant(ctx)).tenantId;
      const ours = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.signal', payload: { caseId: 'c-10' } });
      const theirs = await scheduleJob(ctx, ctx.db, { tenantId: otherTenant, kind: 'test.signal', payload: { caseId: 'c-11' } });
      const seen = new Set<string>();
      const both = new Promise<void>((resolve) => {
        signalRan = (id) => {
          seen.add(id);
          if (seen.has(ours.id) && seen.has(theirs.id)) resolve();
        };
      });
      const runner = createJobRunner(ctx, { pollMs: 60 * SECOND });
      runner.start();
      await both;
      await runner.stop();
      assert.equal((await jobById(ctx.db, tenantId, ours.id))?.status, 'done', "the first network's job is done");
      assert.equal((await jobById(ctx.db, otherTenant, theirs.id))?.status, 'done', "the second network's job is done");
      assert.equal(await jobById(ctx.db, tenantId, theirs.id), undefined, "one network's queries do not see the other's job");
    });

    test('stopping the runner lets the job in hand finish and claims no more', async () => {
      const held = await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.held', payload: { caseId: 'c-1' } });
      const next = await scheduleJob(ctx, ctx.db, {
        tenantId,
        kind: 'test.record',
        payload: { caseId: 'c-2' },
        runAt: new Date(ctx.clock.now().getTime() + SECOND),
      });
      env.clock.advance(SECOND);
      const runner = createJobRunner(ctx, { pollMs: SECOND });
      const started = new Promise<void>((resolve) => {
        heldStarted = resolve;
      });
      const running = runner.runDue();
      await started;
      const stopped = runner.stop();
      releaseHeld();
      await stopped;
      assert.equal(await running, 1, 'the poll ran the job it had in hand and then stopped');
      assert.equal((await jobById(ctx.db, tenantId, held.id))?.status, 'done', 'the job in hand finished');
      assert.equal((await jobById(ctx.db, tenantId, next.id))?.status, 'pending', 'the next due job was not claimed after stop');
      await createJobRunner(ctx, { pollMs: SECOND }).runDue();
      assert.equal(count(next.id), 1, 'another runner runs it later');
    });

    test('two runners on two connections polling together run each of 50 due jobs exactly once', async () => {
      const node = secondNode(env);
      try {
        const ids: string[] = [];
        for (let index = 0; index < 50; index++) {
          ids.push((await scheduleJob(ctx, ctx.db, { tenantId, kind: 'test.interleaved', payload: { index } })).id);
        }
        const first = createJobRunner(ctx, { pollMs: SECOND, owner: 'node-a', batchSize: 100 });
        const other = createJobRunner(node.ctx, { pollMs: SECOND, owner: 'node-b', batchSize: 100 });
        const [ranA, ranB] = await Promise.all([first.runDue(), other.runDue()]);
        assert.equal(ranA + ranB, 50, `the two runners ran 50 jobs between them (a: ${ranA}, b: ${ranB})`);
        for (const id of ids) assert.equal(count(id), 1, `job ${id} ran exactly once`);
        const left = (await jobsOfTenant(ctx.db, tenantId)).filter((job) => job.kind === 'test.interleaved' && job.status !== 'done');
        assert.equal(left.length, 0, 'every job is done');
      } finally {
        await node.close();
      }
    });
  });
}
