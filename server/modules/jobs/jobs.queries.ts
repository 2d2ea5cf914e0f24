import type { Kysely, Transaction } from 'kysely';
import type { Database, JobTable } from '../../db/schema.ts';
import type { JobStatus } from './jobs.vocabulary.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The only file that reads or writes the `jobs` table. Every statement names its tenant(s). */

export async function insertJob(db: Db, row: JobTable): Promise<void> {
  const insert = db.insertInto('jobs').values(row);
  await (
    row.dedupe_key === null ? insert : insert.onConflict((conflict) => conflict.columns(['tenant_id', 'kind', 'dedupe_key']).doNothing())
  ).execute();
}

export async function jobByDedupeKey(db: Db, tenantId: string, kind: string, dedupeKey: string): Promise<JobTable | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
}

export async function jobById(db: Db, tenantId: string, id: string): Promise<JobTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function jobsOfTenant(db: Db, tenantId: string, status?: JobStatus): Promise<JobTable[]> {
  let query = db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('run_at').orderBy('id').execute();
}

export interface Lease {
  readonly owner: string;
  readonly expiresAt: string;
}

/**
 * Claims one due job of the given tenants for `lease.owner`, or none. PostgreSQL: the row is
 * selected `FOR UPDATE SKIP LOCKED` inside a transaction that writes the lease, so two nodes never
 * take the same row. SQLite (one writer): a single UPDATE whose WHERE repeats the claimable
 * condition on the row itself — a compare-and-set on status and lease.
 */
export async function claimDueJob(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  tenantIds: readonly string[],
  now: string,
  lease: Lease,
): Promise<JobTable | undefined> {
  if (tenantIds.length === 0) return undefined;
  const lease_values = {
    status: 'running',
    lease_owner: lease.owner,
    lease_expires_at: lease.expiresAt,
  } as const;
  if (kind === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const candidate = await trx
        .selectFrom('jobs')
        .select('id')
        .where('tenant_id', 'in', tenantIds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', now), eb('attempts', '<', eb.ref('max_attempts'))]),
          ]),
        )
        .orderBy('run_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!candidate) return undefined;
      return trx
        .updateTable('jobs')
        .set((eb) => ({ ...lease_values, attempts: eb('attempts', '+', 1) }))
        .where('tenant_id', 'in', tenantIds)
        .where('id', '=', candidate.id)
        .returningAll()
        .executeTakeFirst();
    });
  }
  return db
    .updateTable('jobs')
    .set((eb) => ({ ...lease_values, attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', 'in', tenantIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', now), eb('attempts', '<', eb.ref('max_attempts'))]),
      ]),
    )
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs as due')
        .select('due.id')
        .where('due.tenant_id', 'in', tenantIds)
        .where((inner) =>
          inner.or([
            inner.and([inner('due.status', '=', 'pending'), inner('due.run_at', '<=', now)]),
            inner.and([
              inner('due.status', '=', 'running'),
              inner('due.lease_expires_at', '<=', now),
              inner('due.attempts', '<', inner.ref('due.max_attempts')),
            ]),
          ]),
        )
        .orderBy('due.run_at')
        .limit(1),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Jobs whose lease ran out with no tries left (the runner died on the last try): failed, so they do
 * not stay `running` forever. Returns how many.
 */
export async function failExhaustedLeases(db: Kysely<Database>, tenantIds: readonly string[], now: string): Promise<number> {
  if (tenantIds.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ status: 'failed', lease_owner: null, lease_expires_at: null, last_error: 'lease_expired', finished_at: now })
    .where('tenant_id', 'in', tenantIds)
    .where('status', '=', 'running')
    .where('lease_expires_at', '<=', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends or reschedules a job this runner still holds; false when the lease was lost (another node took it). */
export async function settleJob(
  db: Kysely<Database>,
  job: Pick<JobTable, 'tenant_id' | 'id'>,
  owner: string,
  change: { status: JobStatus; run_at?: string; last_error?: string | null; finished_at?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ ...change, lease_owner: null, lease_expires_at: null })
    .where('tenant_id', '=', job.tenant_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Operator actions: back to pending now (retry) or cancelled; only from states where that makes sense. */
export async function setJobStatus(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  from: readonly JobStatus[],
  change: Partial<JobTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
