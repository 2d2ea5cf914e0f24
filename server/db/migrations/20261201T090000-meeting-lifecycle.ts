import type { Kysely } from 'kysely';

/**
 * A meeting's course (issue 12): `planned` → `in_progress` (started: the minute taker may record)
 * → `closed` (its minutes locked; later corrections are addenda), or `cancelled`. Who started, closed
 * or cancelled it and when; a cancellation's reason is short text without case content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('meetings')
    .addColumn('started_at', 'varchar(30)')
    .execute();
  await db.schema.alterTable('meetings').addColumn('started_by', 'varchar(36)', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('meetings').addColumn('closed_at', 'varchar(30)').execute();
  await db.schema.alterTable('meetings').addColumn('closed_by', 'varchar(36)', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('meetings').addColumn('cancelled_at', 'varchar(30)').execute();
  await db.schema.alterTable('meetings').addColumn('cancelled_by', 'varchar(36)', (c) => c.references('users.id')).execute();
}
