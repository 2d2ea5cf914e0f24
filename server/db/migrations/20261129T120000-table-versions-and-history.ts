import type { Kysely } from 'kysely';

/**
 * Partner tables get a version for optimistic locking (every change adds one; `If-Match` must name
 * the current value, finding 11 of the adversarial review), their modalities (the table's rules of
 * play), and a history: one revision row per change, written in the change's transaction, holding
 * the changed fields' old and new values. Existing tables start at version 1 with empty modalities;
 * their history begins with their next change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partner_tables')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('partner_tables')
    .addColumn('modalities', 'varchar(4000)', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('partner_table_revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('fields', 'varchar(200)', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('changed_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('partner_table_revisions_version_unique', ['tenant_id', 'table_id', 'version'])
    .addForeignKeyConstraint('partner_table_revisions_table_same_tenant', ['tenant_id', 'table_id'], 'partner_tables', ['tenant_id', 'id'])
    .addForeignKeyConstraint('partner_table_revisions_user_same_tenant', ['tenant_id', 'changed_by'], 'users', ['tenant_id', 'id'])
    .execute();
}
