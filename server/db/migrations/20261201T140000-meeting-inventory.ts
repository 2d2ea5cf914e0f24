import type { Kysely } from 'kysely';

/**
 * The pre-meeting inventory (issue 12): a few days before a meeting every organisation with a case on
 * its agenda gets one task (update its agreements, bring what it has); done when one of its users says
 * so. An evaluation of an objective may be tied to the meeting where it was made (PDCA: check).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_inventory_tasks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('done_at', 'varchar(30)')
    .addColumn('done_by', 'varchar(36)', (c) => c.references('users.id'))
    // When the organisation's users were mailed: a rerun of the job mails no one twice.
    .addColumn('notified_at', 'varchar(30)')
    .addUniqueConstraint('meeting_inventory_tasks_one_per_organisation', ['tenant_id', 'meeting_id', 'organisation_id'])
    .execute();
  await db.schema.alterTable('plan_evaluations').addColumn('meeting_id', 'varchar(36)', (c) => c.references('meetings.id')).execute();
}
