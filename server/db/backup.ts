/**
 * Logical backup and restore: one portable format for SQLite and PostgreSQL, so a backup of either
 * restores into the other.
 *
 * The file is gzip-compressed JSON Lines:
 *   1. a header  `{"format":"partnertafel-backup","version":1,"createdAt":…,"source":…,"migrations":[…]}`
 *   2. per table of TABLES_IN_DEPENDENCY_ORDER, one `{"table":name,"row":{…}}` per row
 *   3. a trailer `{"trailer":true,"counts":{table:n,…},"sha256":hex}`, the SHA-256 over the exact
 *      bytes of every preceding line including its newline.
 *
 * The checksum (and gzip's own CRC) detects a truncated or damaged file; it is not a signature: who
 * can write the file can recompute it, so keep backups where only operators can reach them. The
 * master key is deliberately not in the backup (SECURITY.md: secrets never in a dump).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import { systemClock, type Clock } from '../platform/clock.ts';
import { type DatabaseHandle, type DatabaseKind } from './database.ts';
import { migrations } from './migrations/index.ts';
import { TABLES_IN_DEPENDENCY_ORDER, type Database } from './schema.ts';

export const BACKUP_FORMAT = 'partnertafel-backup';
export const BACKUP_VERSION = 1;
/** Rows read per query while backing up: bounds memory whatever the size of a table. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Bound parameters per INSERT; well below SQLite's 32766 and PostgreSQL's 65535. */
export const MAX_PARAMETERS_PER_INSERT = 10_000;
export const MAX_ROWS_PER_INSERT = 500;
/** A row line is small; a longer line means a damaged (or hostile) file, not a bigger buffer. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
export const NEWLINE = 0x0a;

/** The values the format carries: text, numbers and NULL (schema.ts: times are text, booleans 0/1). */
export type BackupValue = string | number | null;
export type BackupRow = Record<string, BackupValue>;
export type TableName = (typeof TABLES_IN_DEPENDENCY_ORDER)[number];

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly source: DatabaseKind;
  /** Names of the migrations applied to the source database. */
  readonly migrations: readonly string[];
}

export interface BackupSummary {
  readonly file: string;
  readonly source: DatabaseKind;
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  readonly rows: number;
  readonly bytes: number;
}

export interface RestoreSummary {
  readonly file: string;
  readonly source: DatabaseKind;
  readonly target: DatabaseKind;
  readonly createdAt: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly rows: number;
}

/** A refusal an operator can act on (file exists, database not empty, damaged file, …). */
export class BackupError extends Error {}

/** The database with every table and column name allowed: backup works on rows, not on types. */
export type LooseDatabase = Record<string, Record<string, BackupValue>>;
export type AnyConnection = Kysely<Database> | Transaction<Database>;

export function loose(db: AnyConnection): Kysely<LooseDatabase> {
  return db as unknown as Kysely<LooseDatabase>;
}

/** The migration table Kysely's Migrator keeps (read inside the backup's snapshot). */
export type MigrationTables = { kysely_migration: { name: string; timestamp: string } };

// ---------------------------------------------------------------------------------------------
// Backup
// ---------------------------------------------------------------------------------------------

/**
 * Writes a consistent backup of every table to `file`: all tables are read inside ONE read
 * transaction (PostgreSQL: REPEATABLE READ, READ ONLY; SQLite: a transaction on the single
 * connection reads one WAL snapshot), page by page in primary-key order. The file appears under its
 * name only when complete (written to `file.tmp`, synced, then renamed). Refuses an existing `file`
 * unless `force`, and a database whose schema is not exactly this version's.
 */
export async function writeBackup(
  handle: DatabaseHandle,
  file: string,
  options: { force?: boolean; clock?: Clock; pageSize?: number } = {},
): Promise<BackupSummary> {
  const target = path.resolve(file);
  const temporary = `${target}.tmp`;
  if (!options.force && existsSync(target)) throw new BackupError(`${target} already exists; use --force to overwrite it`);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const createdAt = (options.clock ?? systemClock).now().toISOString();
  let result: { header: BackupHeader; counts: Record<string, number> } | undefined;
  try {
    await readSnapshot(handle, async (trx) => {
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt,
        source: handle.kind,
        migrations: await appliedMigrations(trx),
      };
      const counts: Record<string, number> = {};
      result = { header, counts };
      // 0600: the file holds password hashes and sealed secrets.
      await pipeline(backupLines(trx, handle.kind, header, counts, pageSize), createGzip(), createWriteStream(temporary, { mode: 0o600 }));
    });
    await syncFile(temporary);
    if (!options.force && existsSync(target)) throw new BackupError(`${target} appeared while the backup ran; nothing was overwritten`);
    await rename(temporary, target);
    await syncDirectory(path.dirname(target));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const { header, counts } = result!;
  return {
    file: target,
    source: header.source,
    createdAt,
    migrations: header.migrations,
    counts,
    rows: sum(counts),
    bytes: (await stat(target)).size,
  };
}

/** Runs `work` in one read-only snapshot of the whole database. */
function readSnapshot(handle: DatabaseHandle, work: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
  // SQLite ignores isolation settings: its single connection already reads one snapshot per transaction.
  const builder =
    handle.kind === 'postgres' ? handle.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : handle.db.transaction();
  return builder.execute(work);
}

/** The applied migrations, refusing a schema this version does not know exactly. */
async function appliedMigrations(trx: Transaction<Database>): Promise<string[]> {
  const tables = await trx.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) {
    throw new BackupError('The database has no schema yet; there is nothing to back up');
  }
  const rows = await trx.withTables<MigrationTables>().selectFrom('kysely_migration').select('name').orderBy('name').execute();
  const applied = rows.map((row) => row.name);
  const known = Object.keys(migrations);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new BackupError(`The database was migrated by a newer Partnertafel (${unknown.join(', ')}); back it up with that version`);
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0)
    throw new BackupError(`The database schema is not up to date (${pending.length} pending); run \`partnertafel migrate\` first`);
  return applied;
}

/** Yields the file's lines (a page of rows at a time), hashing them and counting rows as it goes. */
async function* backupLines(
  trx: Transaction<Database>,
  kind: DatabaseKind,
  header: BackupHeader,
  counts: Record<string, number>,
  pageSize: number,
): AsyncGenerator<string> {
  const hash = createHash('sha256');
  const hashed = (text: string) => {
    hash.update(text, 'utf8');
    return text;
  };
  yield hashed(`${JSON.stringify(header)}\n`);
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    counts[table] = 0;
    const keys = await primaryKey(trx, kind, table);
    for await (const page of pages(trx, table, keys, pageSize)) {
      counts[table] += page.length;
      yield hashed(page.map((row) => `${JSON.stringify({ table, row: portableRow(table, row) })}\n`).join(''));
    }
  }
  yield `${JSON.stringify({ trailer: true, counts, sha256: hash.digest('hex') })}\n`;
}

/** The primary-key columns of a table, in key order, read from the database's own catalogue. */
async function primaryKey(trx: Transaction<Database>, kind: DatabaseKind, table: string): Promise<string[]> {
  // Catalogue queries differ per database and have no query-builder form.
  const query =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`
      : sql<{ name: string }>`
          select kcu.column_name as name
          from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu
            on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name and kcu.table_name = tc.table_name
          where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() and tc.table_name = ${table}
          order by kcu.ordinal_position`;
  const keys = (await query.execute(trx)).rows.map((row) => row.name);
  // Keyset paging needs a key; every Partnertafel table has one, so its absence is a schema bug.
  if (keys.length === 0) throw new Error(`Table ${table} has no primary key; backup cannot page through it`);
  return keys;
}

/** Rows of one table in primary-key order, `pageSize` at a time (keyset paging, no OFFSET). */
async function* pages(
  trx: Transaction<Database>,
  table: string,
  keys: readonly string[],
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  let last: Record<string, unknown> | undefined;
  for (;;) {
    let query = loose(trx).selectFrom(table).selectAll();
    const after = last;
    if (after) {
      // (k1, k2, …) > (v1, v2, …) spelt out, so that it is plain builder SQL on both databases.
      query = query.where((eb) =>
        eb.or(
          keys.map((key, index) =>
            eb.and([...keys.slice(0, index).map((prior) => eb(prior, '=', after[prior] as BackupValue)), eb(key, '>', after[key] as BackupValue)]),
          ),
        ),
      );
    }
    for (const key of keys) query = query.orderBy(key);
    const rows = (await query.limit(pageSize).execute()) as Record<string, unknown>[];
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1];
  }
}

/** A row with every value in the portable form, or an error naming the column that has none. */
function portableRow(table: string, row: Record<string, unknown>): BackupRow {
  const portable: BackupRow = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === null || typeof value === 'string' || typeof value === 'number') portable[column] = value;
    else if (typeof value === 'bigint') portable[column] = value.toString();
    else if (value instanceof Date) portable[column] = value.toISOString();
    else throw new Error(`${table}.${column} holds a ${typeof value} value; the backup format carries text, numbers and NULL only`);
  }
  return portable;
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename durable; not every platform can open a directory, and then there is nothing to do. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    await syncFile(directory);
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}

/** Rows in all tables of a count per table. */
export function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}
