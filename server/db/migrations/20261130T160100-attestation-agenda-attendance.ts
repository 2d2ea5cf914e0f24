import type { Kysely } from 'kysely';

/**
 * A meeting's attestations, agenda and attendance (issue 12). An attestation is one member's
 * confirmation of the meeting's confidentiality statement (its version); until then the agenda and
 * the case content of the meeting stay closed to them. An agenda item names a case of the table by id
 * only (the page shows its reference and theme); `meetings.agenda_built_at` says the agenda was built
 * once, so that removing every item does not build it again. Attendance is one status per member.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meetings').addColumn('agenda_built_at', 'varchar(30)').execute();
  await db.schema
    .createTable('meeting_attestations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('statement_version', 'varchar(20)', (c) => c.notNull())
    .addColumn('attested_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('meeting_attestations_one_per_member', ['tenant_id', 'meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('meeting_agenda_items')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(20)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('meeting_agenda_items_one_per_case', ['tenant_id', 'meeting_id', 'case_id'])
    .execute();
  await db.schema
    .createTable('meeting_attendance')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('meeting_attendance_one_per_member', ['tenant_id', 'meeting_id', 'user_id'])
    .execute();
}
