import type { Kysely } from 'kysely';

/**
 * Each organisation's action points after a closed meeting (issue 12): one row per meeting and
 * organisation once its mails went, so a retried or restarted job sends nothing twice. Counts and
 * ids only, never text. And why a meeting was cancelled: a code of a short list
 * (`no_cases`, `no_quorum`, `holiday`, `other`), never free text, so it cannot carry case content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plan_action_point_mails')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('agreement_count', 'integer', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('plan_action_point_mails_once', ['tenant_id', 'meeting_id', 'organisation_id'])
    .execute();
  await db.schema.alterTable('meetings').addColumn('cancel_reason', 'varchar(20)').execute();
}
