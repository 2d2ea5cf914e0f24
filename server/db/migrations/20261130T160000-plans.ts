import type { Kysely } from 'kysely';

/**
 * A case's plan of approach (issue 12): objectives (sealed title, due date, status), their dated
 * evaluation notes (sealed, by whom) and the agreements per partner organisation (sealed
 * description, responsible organisation, due date, status and — when not done — why). Dates are
 * ISO text; `reminded_at` marks the one overdue reminder an agreement gets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plan_objectives')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('title_sealed', 'text', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_objectives_by_case').on('plan_objectives').columns(['tenant_id', 'case_id']).execute();
  await db.schema
    .createTable('plan_evaluations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('objective_id', 'varchar(36)', (c) => c.notNull().references('plan_objectives.id'))
    .addColumn('note_sealed', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('author_organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_evaluations_by_objective').on('plan_evaluations').columns(['tenant_id', 'objective_id']).execute();
  await db.schema
    .createTable('plan_agreements')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('objective_id', 'varchar(36)', (c) => c.notNull().references('plan_objectives.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('description_sealed', 'text', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'varchar(40)')
    .addColumn('reminded_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_agreements_by_case').on('plan_agreements').columns(['tenant_id', 'case_id']).execute();
  await db.schema.createIndex('plan_agreements_by_organisation').on('plan_agreements').columns(['tenant_id', 'organisation_id', 'status']).execute();
}
