/** Restoring a backup file (format in backup.ts) into an empty database of either kind. */
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrateToLatest, runMigrations, type DatabaseHandle } from './database.ts';
import { migrations } from './migrations/index.ts';
import { SHIPPED_TABLES, TABLES_IN_DEPENDENCY_ORDER, type Database } from './schema.ts';
import {
  BackupError,
  loose,
  sum,
  type AnyConnection,
  type BackupRow,
  type RestoreSummary,
  type TableName,
  MAX_PARAMETERS_PER_INSERT,
  MAX_ROWS_PER_INSERT,
} from './backup.ts';
import { verifyBackup, readBackup } from './backup-reader.ts';

// ---------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------

/**
 * Restores `file` into an EMPTY database: verifies the whole file first (writes nothing when it is
 * damaged), refuses a backup of a newer schema and a database that holds any row, brings the schema
 * to the backup's migration level, inserts every row in ONE transaction in dependency order (a
 * failure leaves no row behind), then migrates to the latest schema so data migrations run on the
 * restored rows.
 */
export async function restoreBackup(handle: DatabaseHandle, file: string): Promise<RestoreSummary> {
  const { header, counts } = await verifyBackup(file);
  const known = Object.keys(migrations);
  const unknown = header.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup comes from a newer Partnertafel (unknown migrations: ${unknown.join(', ')}); restore it with that version or newer`,
    );
  }
  await assertEmpty(handle.db);
  await migrateToBackupLevel(handle.db, header.migrations);
  await handle.db.transaction().execute(async (trx) => {
    // Again inside the transaction: something may have written since the first look.
    await assertEmpty(trx);
    const inserter = batchInserter(trx);
    // Read again rather than keep rows in memory; a file changed since verification fails its checksum here and rolls back.
    await readBackup(file, (record) => (record.kind === 'row' ? inserter.add(record.table, record.row) : undefined));
    await inserter.flush();
  });
  await migrateToLatest(handle.db);
  return { file: path.resolve(file), source: header.source, target: handle.kind, createdAt: header.createdAt, counts, rows: sum(counts) };
}

/**
 * Refuses a database with any row in any Partnertafel table (a missing table counts as empty). Rows
 * that migrations ship (SHIPPED_TABLES, such as the screening instruments) do not count: every
 * migrated database has them, and a backup that carries such a table replaces them.
 */
async function assertEmpty(db: AnyConnection): Promise<void> {
  const existing = new Set((await db.introspection.getTables()).map((table) => table.name));
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    if (!existing.has(table) || SHIPPED_TABLES.has(table)) continue;
    const row = await loose(db)
      .selectFrom(table)
      .select(sql<number>`1`.as('present'))
      .limit(1)
      .executeTakeFirst();
    if (row) throw new BackupError(`The database is not empty (table ${table} has rows); restore only into an empty database`);
  }
}

/**
 * An empty database behind the backup is migrated up to the backup's last migration only, so that the
 * later migrations run over the restored rows exactly as they would have over the original.
 */
async function migrateToBackupLevel(db: Kysely<Database>, applied: readonly string[]): Promise<void> {
  const last = [...applied].sort().at(-1);
  if (!last) return;
  const result = await runMigrations(db, async (migrator) => {
    const executed = (await migrator.getMigrations()).filter((migration) => migration.executedAt !== undefined).map((migration) => migration.name);
    return executed.includes(last) ? {} : migrator.migrateTo(last);
  });
  if (result.error) throw new Error(`Migration to ${last} failed: ${String(result.error)}`);
}

/** Collects rows per table and inserts them in multi-row INSERTs sized to stay under parameter limits. */
function batchInserter(trx: Transaction<Database>) {
  let table: TableName | undefined;
  let batch: BackupRow[] = [];
  let limit = MAX_ROWS_PER_INSERT;
  async function flush(): Promise<void> {
    if (!table || batch.length === 0) return;
    await loose(trx).insertInto(table).values(batch).execute();
    batch = [];
  }
  return {
    async add(rowTable: TableName, row: BackupRow): Promise<void> {
      if (rowTable !== table) {
        await flush();
        table = rowTable;
        // The backup's own versions replace what the migrations shipped here (same content, other ids).
        if (SHIPPED_TABLES.has(table)) await loose(trx).deleteFrom(table).execute();
        limit = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS_PER_INSERT / Math.max(1, Object.keys(row).length))));
      }
      batch.push(row);
      if (batch.length >= limit) await flush();
    },
    flush,
  };
}
