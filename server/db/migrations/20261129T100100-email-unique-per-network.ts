import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Email addresses are unique per network (tenant), no longer over the installation (ADR 0020,
 * superseding 0007): the unique constraint on `users.email` goes, a unique index on
 * `(tenant_id, email)` comes. PostgreSQL drops the named constraint. SQLite cannot drop a column
 * constraint, so the table is rebuilt as SQLite documents it (foreign keys off, new table, copy,
 * drop, rename, indexes back, `foreign_key_check`, foreign keys on); SQLite migrations do not run
 * inside a transaction, so this one holds its own.
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
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(withoutUnique.replace(/^create table "users"/i, 'create table "users__rebuilt"')).execute(trx);
      await sql`insert into users__rebuilt select * from users`.execute(trx);
      await sql`drop table users`.execute(trx);
      await sql`alter table users__rebuilt rename to users`.execute(trx);
      for (const row of others.rows) await sql.raw(row.sql).execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('users rebuild: foreign keys broken');
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
