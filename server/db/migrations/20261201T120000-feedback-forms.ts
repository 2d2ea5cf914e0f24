import type { Kysely } from 'kysely';

/**
 * The feedback form to the police (*terugkoppelingsfiche*, issue 12): drafted from a meeting for one
 * case on its agenda, addressed to one organisation of the network. Its body and the texts of the
 * items it quotes are sealed; a sent form keeps its PDF, generated once, sealed. Each present
 * attendee's decision (approve or refuse) is kept per version of the form: editing a draft bumps the
 * version, and only decisions on the current version count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback_forms')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('recipient_organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('quotes_sealed', 'text')
    .addColumn('quoted_item_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('pdf_sealed', 'text')
    .addColumn('approvals_at_send', 'integer')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_forms_by_meeting').on('feedback_forms').columns(['tenant_id', 'meeting_id']).execute();
  await db.schema
    .createTable('feedback_approvals')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('form_id', 'varchar(36)', (c) => c.notNull().references('feedback_forms.id'))
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason_sealed', 'text')
    .addColumn('decided_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_approvals_one_per_version')
    .on('feedback_approvals')
    .columns(['form_id', 'form_version', 'user_id'])
    .unique()
    .execute();
}
