import { sql, type Kysely } from 'kysely';

/**
 * Issue 12, governance: a table's modalities become a versioned text that every member confirms once
 * per version (`partner_tables.modalities_version`, 0 while the text is empty, one more at each change
 * of the text; `table_modality_confirmations`), and the age hand-over of a case whose subject turns 18
 * on a minors table (`case_handover_tasks`, at most one per case, resolved `moved` or `kept`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partner_tables')
    .addColumn('modalities_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Tables that already have modalities start at their first version.
  await sql`update partner_tables set modalities_version = 1 where modalities <> ''`.execute(db);
  await db.schema
    .createTable('table_modality_confirmations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull().references('partner_tables.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('modalities_version', 'integer', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('table_modality_confirmations_once', ['tenant_id', 'table_id', 'user_id', 'modalities_version'])
    .execute();
  await db.schema
    .createTable('case_handover_tasks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(30)')
    .addColumn('resolved_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('resolution', 'varchar(10)')
    .addColumn('target_table_id', 'varchar(36)', (c) => c.references('partner_tables.id'))
    .addUniqueConstraint('case_handover_tasks_one_per_case', ['tenant_id', 'case_id'])
    .execute();
}
