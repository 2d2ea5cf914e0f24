import type { Kysely } from 'kysely';

/**
 * Invitations and the personal calendar feed (issue 12, "Schedule"). `meeting_invitations` records
 * each invitation mail sent (meeting, recipient, the calendar SEQUENCE it carried), so a retried or
 * restarted job sends only what is missing. `calendar_feeds` holds a user's secret feed URL as its
 * SHA-256 only (like API tokens); a revoked feed keeps its row with `revoked_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_invitations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('meeting_invitations_once', ['tenant_id', 'meeting_id', 'user_id', 'sequence'])
    .execute();
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('calendar_feeds_by_user').on('calendar_feeds').columns(['tenant_id', 'user_id']).execute();
}
