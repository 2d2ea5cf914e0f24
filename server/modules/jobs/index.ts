/** The jobs module's public surface: schedule work inside a transaction, handle it when due, run it. */
export { scheduleJob, type JobPayload, type ScheduleJobInput } from './schedule-job.ts';
export {
  createJobRunner,
  defaultBackoffMs,
  errorLabel,
  registerJobHandler,
  type JobHandler,
  type JobInfo,
  type JobRunner,
  type JobRunnerOptions,
} from './job-runner.ts';
export { jobById, jobsOfTenant } from './jobs.queries.ts';
export { JOB_STATUSES, type JobStatus } from './jobs.vocabulary.ts';
export { cancelJob, retryJob } from './manage-jobs.ts';
