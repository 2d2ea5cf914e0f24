import type { Kysely } from 'kysely';

/**
 * A meeting's minutes (issue 12), per case on its agenda: notes — each a case item of the table's
 * audience written through the cases door, referred to here by id — and decisions, whose text is
 * sealed here. An entry written after the meeting was closed is an addendum (the coordinator's).
 * Entries are never edited or deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_minute_entries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('item_id', 'varchar(36)', (c) => c.references('case_items.id'))
    .addColumn('text_sealed', 'text')
    .addColumn('addendum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_minute_entries_by_meeting')
    .on('meeting_minute_entries')
    .columns(['tenant_id', 'meeting_id', 'case_id', 'created_at'])
    .execute();
}
