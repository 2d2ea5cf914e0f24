import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Sign-in hardening and the audit trail: one-time user tokens (invitation, password reset), sign-in
 * throttling, TOTP replay protection, session details, and the append-only audit tables. UPDATE and
 * DELETE on audit events are refused by the database itself, on both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.alterTable('users').addColumn('mfa_last_step', 'bigint').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'varchar(200)').execute();

  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addForeignKeyConstraint('user_tokens_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('blocked_until', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('tenant_id', 'varchar(36)')
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_organisation_id', 'varchar(36)')
    .addColumn('actor_roles', 'varchar(200)', (c) => c.notNull())
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(100)')
    .addColumn('case_id', 'varchar(36)')
    .addColumn('person_pseudonym', 'varchar(40)')
    .addColumn('purpose', 'varchar(200)')
    .addColumn('legal_basis', 'varchar(40)')
    .addColumn('decision', 'varchar(6)', (c) => c.notNull())
    .addColumn('request_id', 'varchar(64)')
    .addColumn('details', 'text')
    .addColumn('mac', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('audit_events_day_seq_unique', ['day', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_tenant_time_idx').on('audit_events').columns(['tenant_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_events_case_idx').on('audit_events').columns(['tenant_id', 'case_id']).execute();

  await db.schema
    .createTable('audit_segments')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('previous_day', 'varchar(10)')
    .addColumn('previous_last_mac', 'varchar(64)')
    .addColumn('mac', 'varchar(64)', (c) => c.notNull())
    .execute();

  if (postgres) {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit events are append-only'; end $$`.execute(db);
    await sql`create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit events are append-only'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit events are append-only'); end`.execute(db);
  }
}
