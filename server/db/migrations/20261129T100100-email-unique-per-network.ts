import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Email addresses are unique per network (tenant), no longer over the installation (ADR 0020,
 * superseding 0007): the unique constraint on `users.email` goes, a unique index on
 * `(tenant_id, email)` comes. PostgreSQL drops the named constraint. SQLite cannot drop a column
 * constraint, so the table is rebuilt as SQLite documents it: new table, copy, drop, rename, indexes
 * back. `runMigrations` gives it the rest of that recipe: foreign keys off around the transaction
 * every pending migration runs in, and `foreign_key_check` before the commit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table users drop constraint users_email_key`.execute(db);
  } else {
    await rebuildSqliteUsersWithoutEmailUnique(db);
  }
  await db.schema.createIndex('users_tenant_email_unique').on('users').columns(['tenant_id', 'email']).unique().execute();
  await db.schema.createIndex('users_email_idx').on('users').column('email').execute();
}

async function rebuildSqliteUsersWithoutEmailUnique(db: Kysely<unknown>): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db);
  const createSql = table.rows[0]?.sql ?? '';
  const withoutUnique = createSql.replace(/("email" varchar\(254\) not null) unique/, '$1');
  if (withoutUnique === createSql) throw new Error('users.email: the unique column constraint was not found');
  const others = await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = 'users' and type in ('index', 'trigger') and sql is not null`.execute(
    db,
  );
  // Inside the run's one transaction, with foreign keys off around it and checked after (runMigrations).
  await sql.raw(withoutUnique.replace(/^create table "users"/i, 'create table "users__rebuilt"')).execute(db);
  await sql`insert into users__rebuilt select * from users`.execute(db);
  await sql`drop table users`.execute(db);
  await sql`alter table users__rebuilt rename to users`.execute(db);
  for (const row of others.rows) await sql.raw(row.sql).execute(db);
}
