import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The scan of the encryption canaries (cases/encryption-canary.int.test.ts, the consult point's
 * signals/consult-point-canary.int.test.ts): markers written through the use cases are looked for in
 * the bytes the database leaves behind, in every encoding a text could end up in.
 */

/** A file (or dump) to scan. */
export interface Blob {
  readonly name: string;
  readonly bytes: Buffer;
}

/** The ways a date could be written down: ISO, compact, and the Belgian day-first forms. */
export function dateForms(date: string): string[] {
  const [year, month, day] = date.split('-') as [string, string, string];
  return [date, `${year}${month}${day}`, `${day}-${month}-${year}`, `${day}/${month}/${year}`, `${day}.${month}.${year}`];
}

/** The byte patterns of a text: UTF-8, UTF-16 little- and big-endian. */
export function encodings(text: string): Buffer[] {
  const utf16le = Buffer.from(text, 'utf16le');
  return [Buffer.from(text, 'utf8'), utf16le, Buffer.from(utf16le).swap16()];
}

/** Which of the named texts occur in any of the byte blobs, in any encoding. */
export function found(blobs: readonly Blob[], texts: Readonly<Record<string, string>>): string[] {
  return Object.entries(texts)
    .filter(([, text]) => blobs.some((blob) => encodings(text).some((pattern) => blob.bytes.includes(pattern))))
    .map(([label]) => label);
}

/** Every file under a directory, recursively (none when it does not exist). */
export function filesUnder(directory: string): Blob[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [{ name: full, bytes: readFileSync(full) }];
  });
}

const run = promisify(execFile);

/** pg_dump of the test database; its absence is a failure (never a skipped check). */
export async function pgDump(url: string): Promise<Buffer> {
  try {
    const { stdout } = await run('pg_dump', ['--no-owner', '--dbname', url], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('pg_dump is not installed: the PostgreSQL canary cannot run (install postgresql-client)');
    throw error;
  }
}
