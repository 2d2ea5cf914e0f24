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
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import { systemClock, type Clock } from '../platform/clock.ts';
import { migrateToLatest, type DatabaseHandle, type DatabaseKind } from './database.ts';
import { migrations } from './migrations/index.ts';
import { TABLES_IN_DEPENDENCY_ORDER, type Database } from './schema.ts';

export const BACKUP_FORMAT = 'partnertafel-backup';
export const BACKUP_VERSION = 1;
/** Rows read per query while backing up: bounds memory whatever the size of a table. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Bound parameters per INSERT; well below SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMETERS_PER_INSERT = 10_000;
const MAX_ROWS_PER_INSERT = 500;
/** A row line is small; a longer line means a damaged (or hostile) file, not a bigger buffer. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;

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
type LooseDatabase = Record<string, Record<string, BackupValue>>;
type AnyConnection = Kysely<Database> | Transaction<Database>;

function loose(db: AnyConnection): Kysely<LooseDatabase> {
  return db as unknown as Kysely<LooseDatabase>;
}

/** The migration table Kysely's Migrator keeps (read inside the backup's snapshot). */
type MigrationTables = { kysely_migration: { name: string; timestamp: string } };

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

// ---------------------------------------------------------------------------------------------
// Reading and verifying
// ---------------------------------------------------------------------------------------------

export type BackupRecord =
  { readonly kind: 'header'; readonly header: BackupHeader } | { readonly kind: 'row'; readonly table: TableName; readonly row: BackupRow };

export interface VerifiedBackup {
  readonly header: BackupHeader;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Reads the whole file and checks it: gzip intact, header of a known format and version, rows of
 * known tables in dependency order, a trailer whose counts and SHA-256 match, nothing after it.
 * Writes nothing. Throws BackupError naming the problem.
 */
export async function verifyBackup(file: string): Promise<VerifiedBackup> {
  let header: BackupHeader | undefined;
  const counts = await readBackup(file, (record) => {
    if (record.kind === 'header') header = record.header;
  });
  return { header: header!, counts };
}

/**
 * Streams the file's records to `onRecord` (awaited, one at a time) and returns the row counts per table.
 * The checksum is known only at the end: callers that write must do so where a throw undoes it.
 */
async function readBackup(file: string, onRecord: (record: BackupRecord) => Promise<void> | void): Promise<Record<string, number>> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  let lineNumber = 0;
  let tableIndex = 0;
  let trailer: { counts: Record<string, number>; sha256: string } | undefined;
  try {
    for await (const line of lines(file)) {
      lineNumber += 1;
      if (trailer) throw new BackupError(`Line ${lineNumber}: data after the trailer`);
      const record = parseLine(line.text, lineNumber);
      if (lineNumber === 1) {
        if (record.kind !== 'header') throw new BackupError(`${path.basename(file)} is not a Partnertafel backup`);
        hash.update(line.bytes);
        await onRecord(record);
      } else if (record.kind === 'header') {
        throw new BackupError(`Line ${lineNumber}: a second header`);
      } else if (record.kind === 'row') {
        const index = TABLES_IN_DEPENDENCY_ORDER.indexOf(record.table);
        if (index < tableIndex) throw new BackupError(`Line ${lineNumber}: table ${record.table} out of dependency order`);
        tableIndex = index;
        hash.update(line.bytes);
        counts[record.table] = (counts[record.table] ?? 0) + 1;
        await onRecord(record);
      } else {
        trailer = record.trailer;
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError(`No file ${file}`);
    // zlib: a truncated or corrupted stream.
    if (code?.startsWith('Z_') || code === 'ERR_INVALID_ARG_TYPE')
      throw new BackupError(`${path.basename(file)} is damaged or truncated (${(error as Error).message})`);
    throw error;
  }
  if (lineNumber === 0) throw new BackupError(`${path.basename(file)} is empty`);
  if (!trailer) throw new BackupError(`${path.basename(file)} is truncated: the trailer is missing`);
  if (hash.digest('hex') !== trailer.sha256) throw new BackupError(`${path.basename(file)} is damaged: the checksum does not match`);
  assertCounts(counts, trailer.counts);
  // The trailer's counts: they name every table, the empty ones too.
  return trailer.counts;
}

function assertCounts(seen: Record<string, number>, declared: Record<string, number>): void {
  for (const table of new Set([...Object.keys(seen), ...Object.keys(declared)])) {
    if ((seen[table] ?? 0) !== declared[table]) {
      throw new BackupError(`The trailer counts ${declared[table] ?? 'no'} rows of ${table}, the file holds ${seen[table] ?? 0}`);
    }
  }
}

type ParsedLine = BackupRecord | { readonly kind: 'trailer'; readonly trailer: { counts: Record<string, number>; sha256: string } };

/** One line to a record, with the shape checked (the checksum guards content, this guards structure). */
function parseLine(text: string, lineNumber: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError(`Line ${lineNumber}: not valid JSON; the file is damaged`);
  }
  if (!isObject(value)) throw new BackupError(`Line ${lineNumber}: not a record`);
  if (lineNumber === 1) return { kind: 'header', header: parseHeader(value) };
  if (value.trailer === true) {
    const { counts, sha256 } = value;
    if (!isObject(counts) || !Object.values(counts).every((n) => Number.isInteger(n)) || typeof sha256 !== 'string') {
      throw new BackupError(`Line ${lineNumber}: a malformed trailer`);
    }
    return { kind: 'trailer', trailer: { counts: counts as Record<string, number>, sha256 } };
  }
  if ('format' in value) return { kind: 'header', header: parseHeader(value) };
  const { table, row } = value;
  if (typeof table !== 'string' || !(TABLES_IN_DEPENDENCY_ORDER as readonly string[]).includes(table)) {
    throw new BackupError(`Line ${lineNumber}: unknown table ${JSON.stringify(table)}`);
  }
  if (!isObject(row) || !Object.values(row).every((cell) => cell === null || typeof cell === 'string' || typeof cell === 'number')) {
    throw new BackupError(`Line ${lineNumber}: a malformed row of ${table}`);
  }
  return { kind: 'row', table: table as TableName, row: row as BackupRow };
}

function parseHeader(value: Record<string, unknown>): BackupHeader {
  if (value.format !== BACKUP_FORMAT) throw new BackupError('Not a Partnertafel backup (unknown format)');
  if (typeof value.version !== 'number' || value.version > BACKUP_VERSION) {
    throw new BackupError(`The backup has format version ${String(value.version)}; this Partnertafel reads version ${BACKUP_VERSION}`);
  }
  const { createdAt, source, migrations: applied } = value;
  if (
    typeof createdAt !== 'string' ||
    (source !== 'sqlite' && source !== 'postgres') ||
    !Array.isArray(applied) ||
    !applied.every((name) => typeof name === 'string')
  ) {
    throw new BackupError('The backup header is malformed');
  }
  return { format: BACKUP_FORMAT, version: value.version, createdAt, source, migrations: applied };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The decompressed file, line by line, with each line's exact bytes (newline included) for the
 * checksum. Splitting on the byte 0x0A is safe in UTF-8: it never occurs inside a multi-byte
 * character. A last line without newline is yielded as is; it can only be a truncation.
 */
async function* lines(file: string): AsyncGenerator<{ text: string; bytes: Buffer }> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  // for-await on gunzip surfaces gunzip's errors; forward the file's own (ENOENT, EIO) to it.
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        const bytes = Buffer.concat([...pending, chunk.subarray(start, end + 1)]);
        pending = [];
        pendingBytes = 0;
        yield { text: bytes.toString('utf8', 0, bytes.length - 1), bytes };
        start = end + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw new BackupError('A line longer than 64 MiB: the file is damaged');
      }
    }
    if (pendingBytes > 0) {
      const bytes = Buffer.concat(pending);
      yield { text: bytes.toString('utf8'), bytes };
    }
  } finally {
    // A reader that stops early (a refused line) must not leave the file open.
    source.destroy();
    gunzip.destroy();
  }
}

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

/** Refuses a database with any row in any Partnertafel table (a missing table counts as empty). */
async function assertEmpty(db: AnyConnection): Promise<void> {
  const existing = new Set((await db.introspection.getTables()).map((table) => table.name));
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    if (!existing.has(table)) continue;
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
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const executed = (await migrator.getMigrations()).filter((migration) => migration.executedAt !== undefined).map((migration) => migration.name);
  if (executed.includes(last)) return;
  const result = await migrator.migrateTo(last);
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
        limit = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS_PER_INSERT / Math.max(1, Object.keys(row).length))));
      }
      batch.push(row);
      if (batch.length >= limit) await flush();
    },
    flush,
  };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}
