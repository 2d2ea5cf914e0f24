/** Where a job is in its life: pending (waiting for run_at), running (leased), then one of the ends. */
export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job's tries before it is marked failed, unless the scheduler says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;
