import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { insertJob, jobByDedupeKey } from './jobs.queries.ts';
import { DEFAULT_MAX_ATTEMPTS } from './jobs.vocabulary.ts';

/**
 * What a job carries: ids and small flags only (`{ inquiryId: '…' }`), never case content, names or
 * free text — the row is stored in clear and outlives the change that scheduled it. The handler
 * reads what it needs through the owning module (and its door) when it runs.
 */
export type JobPayload = Readonly<Record<string, string | number | boolean | null>>;

/** A payload string is an id or a vocabulary value, never a text: longer than this is refused. */
const MAX_PAYLOAD_STRING = 100;

export interface ScheduleJobInput {
  readonly tenantId: string;
  readonly kind: string;
  readonly payload: JobPayload;
  /** When the job becomes due; now when left out. */
  readonly runAt?: Date;
  /** Unique per tenant and kind: scheduling the same key again returns the existing job and adds none. */
  readonly dedupeKey?: string;
  readonly maxAttempts?: number;
}

/**
 * Schedules a job on `db`, which should be the transaction of the use case that causes it: the job
 * exists exactly when that change commits. Returns the job's id and whether this call created it
 * (false when the dedupe key already named a job, of any status).
 */
export async function scheduleJob(
  ctx: Pick<AppContext, 'clock'>,
  db: Kysely<Database> | Transaction<Database>,
  input: ScheduleJobInput,
): Promise<{ id: string; created: boolean }> {
  for (const [key, value] of Object.entries(input.payload)) {
    if (typeof value === 'string' && value.length > MAX_PAYLOAD_STRING) {
      throw new Error(`Job payload ${input.kind}.${key} is ${value.length} characters: payloads hold ids, never text`);
    }
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await insertJob(db, {
    id,
    tenant_id: input.tenantId,
    kind: input.kind,
    payload: JSON.stringify(input.payload),
    run_at: (input.runAt ?? ctx.clock.now()).toISOString(),
    status: 'pending',
    attempts: 0,
    max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lease_owner: null,
    lease_expires_at: null,
    last_error: null,
    dedupe_key: input.dedupeKey ?? null,
    created_at: now,
    finished_at: null,
  });
  if (input.dedupeKey === undefined) return { id, created: true };
  const existing = await jobByDedupeKey(db, input.tenantId, input.kind, input.dedupeKey);
  if (!existing) throw new Error(`Job ${input.kind} with dedupe key was neither inserted nor found`);
  return { id: existing.id, created: existing.id === id };
}
