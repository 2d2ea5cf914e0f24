import type { Kysely } from 'kysely';

/**
 * Per-tenant data keys for field encryption, each wrapped by the master key. Several versions per
 * tenant so that rotation can re-encrypt in batches while old values stay readable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_keys')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('wrapped_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('retired_at', 'varchar(30)')
    .addPrimaryKeyConstraint('tenant_keys_pk', ['tenant_id', 'purpose', 'version'])
    .execute();
}
