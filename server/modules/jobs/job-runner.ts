import { hostname } from 'node:os';
import type { AppContext } from '../../context.ts';
import type { JobTable } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { randomSecret } from '../../platform/ids.ts';
import { claimDueJob, failExhaustedLeases, settleJob } from './jobs.queries.ts';
import type { JobPayload } from './schedule-job.ts';

/** What a handler learns about the job it runs (the payload comes separately, parsed). */
export interface JobInfo {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: string;
  /** This try's number, 1 for the first. */
  readonly attempt: number;
}

/**
 * Does the work of one kind of job. Resolving means done; throwing means this try failed (retried
 * with backoff until max_attempts). A handler may run again after a crash mid-way (at least once):
 * make it idempotent, e.g. check whether the reminder was already sent.
 */
export type JobHandler = (ctx: AppContext, payload: JobPayload, job: JobInfo) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Registers the handler of a job kind, once per process (modules do it when they load). */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  if (handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered`);
  handlers.set(kind, handler);
}

/** Wait before try n+1 after n failed tries: 30 s, 1 min, 2 min … at most an hour. */
export function defaultBackoffMs(failedAttempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

/**
 * What is written to last_error and the log for a failed try: the error's code or class name, never
 * its message (it may name a person) and never a stack.
 */
export function errorLabel(error: unknown): string {
  if (error instanceof AppError) return `AppError ${error.code}`;
  if (error instanceof Error) return error.name.slice(0, 100) || 'Error';
  return 'non-error thrown';
}

export interface JobRunnerOptions {
  /** Between the end of one poll and the start of the next. */
  readonly pollMs: number;
  /** How long a claimed job is ours; after that another runner may take it (we are presumed dead). */
  readonly leaseMs?: number;
  /** Who holds a lease (host, process, random); unique per runner. */
  readonly owner?: string;
  readonly backoffMs?: (failedAttempts: number) => number;
  /** Most jobs run in one poll before yielding to the timer again. */
  readonly batchSize?: number;
}

export interface JobRunner {
  readonly owner: string;
  /** Starts polling every pollMs (the first poll right away); keeps the process alive until stop(). */
  start(): void;
  /** Claims and runs due jobs one by one until none is due (or the batch is full); returns how many ran. */
  runDue(): Promise<number>;
  /** Stops polling; waits for the job in hand to finish, claims nothing more. */
  stop(): Promise<void>;
}

/**
 * The job runner. Every node may run one; they share the work through leases on the job rows (see
 * claimDueJob). Runs the jobs of every network on this installation, one network's row at a time
 * through the guarded connection (`tenant_id in (…)`).
 */
export function createJobRunner(ctx: AppContext, options: JobRunnerOptions): JobRunner {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomSecret(6)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const batchSize = options.batchSize ?? 50;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;

  async function runOne(job: JobTable): Promise<void> {
    const handler = handlers.get(job.kind);
    const info: JobInfo = { id: job.id, tenantId: job.tenant_id, kind: job.kind, attempt: job.attempts };
    let failure: string | null = handler ? null : 'no handler for this kind';
    if (handler) {
      try {
        await handler(ctx, JSON.parse(job.payload) as JobPayload, info);
      } catch (error) {
        failure = errorLabel(error);
      }
    }
    const now = ctx.clock.now();
    if (failure === null) {
      const settled = await settleJob(ctx.db, job, owner, { status: 'done', finished_at: now.toISOString(), last_error: null });
      if (!settled) ctx.logger.warn({ jobId: job.id, kind: job.kind }, 'job finished after its lease was taken over');
      return;
    }
    const exhausted = job.attempts >= job.max_attempts;
    await settleJob(
      ctx.db,
      job,
      owner,
      exhausted
        ? { status: 'failed', finished_at: now.toISOString(), last_error: failure }
        : { status: 'pending', run_at: new Date(now.getTime() + backoff(job.attempts)).toISOString(), last_error: failure },
    );
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.max_attempts, error: failure };
    if (exhausted) ctx.logger.error(fields, 'job failed for good');
    else ctx.logger.warn(fields, 'job failed; retried later');
  }

  async function runDue(): Promise<number> {
    const tenantIds = (await ctx.system.tenantsForMaintenance()).map((tenant) => tenant.id);
    const failed = await failExhaustedLeases(ctx.db, tenantIds, ctx.clock.now().toISOString());
    if (failed > 0) ctx.logger.error({ count: failed }, 'jobs failed for good: their lease ran out on the last try');
    let ran = 0;
    while (!stopping && ran < batchSize) {
      const now = ctx.clock.now();
      const job = await claimDueJob(ctx.db, ctx.handle.kind, tenantIds, now.toISOString(), {
        owner,
        expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
      });
      if (!job) break;
      await runOne(job);
      ran += 1;
    }
    return ran;
  }

  function schedule(delay: number): void {
    if (stopping) return;
    timer = setTimeout(() => {
      current = runDue()
        .catch((error: unknown) => {
          ctx.logger.error({ error: errorLabel(error) }, 'job poll failed');
          return 0;
        })
        .finally(() => schedule(options.pollMs));
    }, delay);
  }

  return {
    owner,
    start: () => schedule(0),
    runDue: () => {
      current = runDue();
      return current;
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current?.catch(() => 0);
    },
  };
}
