import { sql, type Kysely } from 'kysely';

/**
 * The schedule of a partner table (issue 12, foundation): the tenant's time zone, one recurrence per
 * table and the planned meetings. Times are ISO 8601 UTC text; the wall clock lives only in
 * `meeting_schedules` (local start time and zone), from which proposals are computed. A meeting row
 * holds dates, kind and status only — never case content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull().defaultTo(sql`'Europe/Brussels'`))
    .execute();
  await db.schema
    .createTable('meeting_schedules')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull().references('partner_tables.id'))
    .addColumn('rrule', 'varchar(200)', (c) => c.notNull())
    .addColumn('local_start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('meeting_schedules_one_per_table', ['tenant_id', 'table_id'])
    .execute();
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull().references('partner_tables.id'))
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('meetings_one_per_start', ['tenant_id', 'table_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('meetings_by_table').on('meetings').columns(['tenant_id', 'table_id', 'starts_at']).execute();
}
