import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * One audit chain per tenant (ADR 0024, amending 0015). Events and segment heads carry their chain:
 * the tenant's id, or `installation` for events without a tenant. The events written before this
 * migration cannot be MACed again here (no master key in a migration), so they all stay in the
 * `installation` chain exactly as they were, and every tenant chain starts at its own genesis.
 *
 * - `audit_events.chain`; the sequence is unique per (chain, day, seq) instead of (day, seq).
 * - `audit_segments`: primary key (chain, day), and `next_day`, set once the chain's next day's
 *   segment links to this one: the compare-and-set of an append requires it empty, so no event joins
 *   a day after the next day was linked to it.
 * - The trail's indexes end with the chain, so the order (time, day, seq, chain) is total in a
 *   tenant's view, where the installation chain's old events and the tenant's chain meet.
 *
 * PostgreSQL alters the tables in place (the append-only triggers stay; adding a column fires no row
 * trigger). SQLite cannot drop a table constraint, so both tables are rebuilt (inside the one
 * transaction of the run, as every migration is), with the append-only triggers created again, and the new
 * columns last as PostgreSQL adds them (one column order for both, so backups compare row by row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_events add column chain varchar(36) not null default 'installation'`.execute(db);
    await sql`alter table audit_events alter column chain drop default`.execute(db);
    await sql`alter table audit_events drop constraint audit_events_day_seq_unique`.execute(db);
    await sql`alter table audit_events add constraint audit_events_chain_day_seq_unique unique (chain, day, seq)`.execute(db);
    await sql`alter table audit_segments add column chain varchar(36) not null default 'installation'`.execute(db);
    await sql`alter table audit_segments alter column chain drop default`.execute(db);
    await sql`alter table audit_segments add column next_day varchar(10)`.execute(db);
    await sql`alter table audit_segments drop constraint audit_segments_pkey`.execute(db);
    await sql`alter table audit_segments add primary key (chain, day)`.execute(db);
    await db.schema.dropIndex('audit_events_by_case').execute();
    await db.schema.dropIndex('audit_events_by_time').execute();
    await db.schema.dropIndex('audit_events_by_user').execute();
  } else {
    await rebuildSqliteEvents(db);
    await rebuildSqliteSegments(db);
  }
  await sql`update audit_segments set next_day = (
      select min(later.day) from audit_segments later where later.chain = audit_segments.chain and later.day > audit_segments.day)`.execute(db);
  await db.schema
    .createIndex('audit_events_by_case')
    .on('audit_events')
    .columns(['tenant_id', 'case_id', 'occurred_at', 'day', 'seq', 'chain'])
    .execute();
  await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['tenant_id', 'occurred_at', 'day', 'seq', 'chain']).execute();
  await db.schema
    .createIndex('audit_events_by_user')
    .on('audit_events')
    .columns(['tenant_id', 'actor_user_id', 'occurred_at', 'day', 'seq', 'chain'])
    .execute();
}

async function rebuildSqliteEvents(trx: Kysely<unknown>): Promise<void> {
  await sql`create table audit_events__rebuilt (
      id varchar(36) primary key,
      day varchar(10) not null,
      seq integer not null,
      occurred_at varchar(30) not null,
      tenant_id varchar(36),
      actor_user_id varchar(36),
      actor_organisation_id varchar(36),
      actor_roles varchar(200) not null,
      action varchar(60) not null,
      resource_type varchar(40) not null,
      resource_id varchar(100),
      case_id varchar(36),
      person_pseudonym varchar(40),
      purpose varchar(200),
      legal_basis varchar(40),
      decision varchar(6) not null,
      request_id varchar(64),
      details text,
      mac varchar(64) not null,
      chain varchar(36) not null,
      constraint audit_events_chain_day_seq_unique unique (chain, day, seq))`.execute(trx);
  await sql`insert into audit_events__rebuilt (id, day, seq, occurred_at, tenant_id, actor_user_id, actor_organisation_id,
      actor_roles, action, resource_type, resource_id, case_id, person_pseudonym, purpose, legal_basis, decision, request_id, details, mac, chain)
    select id, day, seq, occurred_at, tenant_id, actor_user_id, actor_organisation_id,
      actor_roles, action, resource_type, resource_id, case_id, person_pseudonym, purpose, legal_basis, decision, request_id, details, mac,
      'installation'
    from audit_events`.execute(trx);
  // Dropping the table drops its indexes and triggers (and fires no delete trigger).
  await sql`drop table audit_events`.execute(trx);
  await sql`alter table audit_events__rebuilt rename to audit_events`.execute(trx);
  await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit events are append-only'); end`.execute(trx);
  await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit events are append-only'); end`.execute(trx);
}

async function rebuildSqliteSegments(trx: Kysely<unknown>): Promise<void> {
  await sql`create table audit_segments__rebuilt (
      day varchar(10) not null,
      last_seq integer not null,
      last_mac varchar(64) not null,
      previous_day varchar(10),
      previous_last_mac varchar(64),
      mac varchar(64) not null,
      chain varchar(36) not null,
      next_day varchar(10),
      primary key (chain, day))`.execute(trx);
  await sql`insert into audit_segments__rebuilt (day, last_seq, last_mac, previous_day, previous_last_mac, mac, chain)
    select day, last_seq, last_mac, previous_day, previous_last_mac, mac, 'installation' from audit_segments`.execute(trx);
  await sql`drop table audit_segments`.execute(trx);
  await sql`alter table audit_segments__rebuilt rename to audit_segments`.execute(trx);
}
