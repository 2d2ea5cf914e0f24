import { cancelJob, JOB_STATUSES, jobById, jobsOfTenant, retryJob, type JobStatus } from '../../modules/jobs/index.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, required, tenantOrFail, withContext } from './shared.ts';

function statusOption(value: string | undefined): JobStatus | undefined {
  if (value === undefined) return undefined;
  if (!(JOB_STATUSES as readonly string[]).includes(value)) throw new CliError(`--status: one of ${JOB_STATUSES.join(', ')}`, 2);
  return value as JobStatus;
}

export const jobsListCommand: CliCommand = {
  words: ['jobs', 'list'],
  usage: 'jobs list --tenant S [--status pending|running|done|failed|cancelled] [--json]',
  summary: "list a network's scheduled jobs (ids, kinds, times, status; payloads are ids only)",
  async run(args, config, io) {
    const { values } = options(args, { tenant: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean' } });
    const status = statusOption(values.status);
    return withContext(config, async (ctx) => {
      const tenant = await tenantOrFail(ctx, required(values.tenant, 'tenant'));
      const jobs = (await jobsOfTenant(ctx.db, tenant.id, status)).map((job) => ({
        id: job.id,
        kind: job.kind,
        status: job.status,
        runAt: job.run_at,
        attempts: job.attempts,
        maxAttempts: job.max_attempts,
        lastError: job.last_error,
        finishedAt: job.finished_at,
      }));
      if (values.json) io.out(JSON.stringify(jobs));
      else
        for (const job of jobs)
          io.out(
            `${job.id}  ${job.status.padEnd(9)}  ${job.runAt}  ${job.kind}  ${job.attempts}/${job.maxAttempts}${job.lastError ? `  ${job.lastError}` : ''}`,
          );
      return 0;
    });
  },
};

function jobAction(word: 'retry' | 'cancel', summary: string, act: typeof retryJob, refusal: string): CliCommand {
  return {
    words: ['jobs', word],
    usage: `jobs ${word} <id> --tenant S`,
    summary,
    async run(args, config, io) {
      const { values, positionals } = options(args, { tenant: { type: 'string' } }, true);
      if (positionals.length !== 1) throw new CliError(`Usage: jobs ${word} <id> --tenant S`, 2);
      const id = positionals[0]!;
      return withContext(config, async (ctx) => {
        const tenant = await tenantOrFail(ctx, required(values.tenant, 'tenant'));
        const job = await jobById(ctx.db, tenant.id, id);
        if (!job) throw new CliError(`No job ${id} in that network`);
        if (!(await act(ctx, tenant.id, id))) throw new CliError(`Job ${id} is ${job.status}: ${refusal}`);
        io.out(`Job ${id}: ${word === 'retry' ? 'pending, due now' : 'cancelled'}`);
        return 0;
      });
    },
  };
}

export const jobsRetryCommand = jobAction(
  'retry',
  'run a failed or cancelled job again, now, with its tries counted afresh',
  retryJob,
  'only a failed or cancelled job can be retried',
);
export const jobsCancelCommand = jobAction(
  'cancel',
  'cancel a pending or failed job so it never runs',
  cancelJob,
  'only a pending or failed job can be cancelled',
);
