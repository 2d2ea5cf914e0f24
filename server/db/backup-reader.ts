/** Reading and verifying a backup file (format in backup.ts): line by line, counted, checksummed. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { TABLES_IN_DEPENDENCY_ORDER } from './schema.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupHeader, type BackupRow, type TableName, MAX_LINE_BYTES, NEWLINE } from './backup.ts';

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
export async function readBackup(file: string, onRecord: (record: BackupRecord) => Promise<void> | void): Promise<Record<string, number>> {
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
