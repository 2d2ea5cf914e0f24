import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Indexes for the queries that must not grow with the data (issue 14). Each one matches a named
 * query whose plan `server/db/hot-query-plans.int.test.ts` checks on both databases:
 *
 * - `audit_events_by_case` (tenant, case, time, day, seq) replaces (tenant, case): it holds the access
 *   report's whole order, so no planner prefers walking the tenant's events by time to skip a sort.
 * - `audit_events_by_time` (tenant, time, day, seq) replaces (tenant, time): the trail's keyset cursor
 *   `(occurred_at, day, seq) < (?, ?, ?)` is one range of it, and events of one moment keep the
 *   chain's order (the old index kept insertion order through the row id; a random id would not).
 * - `audit_events_by_user` (tenant, user, time, day, seq): the trail filtered by user.
 * - `cases_by_update` (tenant, updated_at, id) replaces (tenant, updated_at): the case list's cursor.
 * - `cases_by_table`, `cases_by_owner`, `cases_by_referrer`: a professional's candidate cases (the
 *   tables they sit on as key figure, their organisation as case owner or referrer) found by index.
 * - `cases_by_reference_prefix`: the reference search `reference LIKE 'Q%'`. SQLite uses an index for
 *   a LIKE prefix only when the indexed column compares NOCASE (LIKE is case-insensitive there);
 *   PostgreSQL only with the pattern operator class, whatever the database's collation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.dropIndex('audit_events_case_idx').execute();
  await db.schema.createIndex('audit_events_by_case').on('audit_events').columns(['tenant_id', 'case_id', 'occurred_at', 'day', 'seq']).execute();
  await db.schema.dropIndex('audit_events_tenant_time_idx').execute();
  await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['tenant_id', 'occurred_at', 'day', 'seq']).execute();
  await db.schema.createIndex('audit_events_by_user').on('audit_events').columns(['tenant_id', 'actor_user_id', 'occurred_at', 'day', 'seq']).execute();

  await db.schema.dropIndex('cases_tenant_updated').execute();
  await db.schema.createIndex('cases_by_update').on('cases').columns(['tenant_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('cases_by_table').on('cases').columns(['tenant_id', 'table_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('cases_by_owner').on('cases').columns(['tenant_id', 'case_owner_organisation_id']).execute();
  await db.schema.createIndex('cases_by_referrer').on('cases').columns(['tenant_id', 'referrer_organisation_id']).execute();
  if (postgres) {
    await sql`create index cases_by_reference_prefix on cases (tenant_id, reference varchar_pattern_ops)`.execute(db);
  } else {
    await sql`create index cases_by_reference_prefix on cases (tenant_id, reference collate nocase)`.execute(db);
  }
}
