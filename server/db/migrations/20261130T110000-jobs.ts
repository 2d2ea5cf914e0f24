import type { Kysely } from 'kysely';

/**
 * Scheduled work (modules/jobs): one row per job, kept until it is done, failed or cancelled, so a
 * restart loses nothing. A runner leases a due row (`lease_owner`, `lease_expires_at`); a lease that
 * runs out (its node died) makes the row claimable again. `payload` is JSON holding ids only — never
 * case content, names or free text; `last_error` holds an error's name or code, never a stack.
 * `dedupe_key` is unique per tenant and kind, so scheduling the same thing twice gives one job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'varchar(100)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(100)')
    .addColumn('lease_expires_at', 'varchar(30)')
    .addColumn('last_error', 'varchar(200)')
    .addColumn('dedupe_key', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .addUniqueConstraint('jobs_dedupe', ['tenant_id', 'kind', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
}
