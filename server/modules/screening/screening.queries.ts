import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ScreeningInstrumentTable, ScreeningTable } from '../../db/schema.ts';
import type { AuditedSignalRead } from '../signals/index.ts';
import type { ScreeningsRead } from './screening-read.ts';

export type InstrumentRow = Selectable<ScreeningInstrumentTable>;
export type ScreeningRow = Selectable<ScreeningTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The active version of every instrument, by key. Installation-wide: the same for every network. */
export async function activeInstruments(db: Db): Promise<InstrumentRow[]> {
  return db.selectFrom('screening_instruments').selectAll().where('active', '=', 1).orderBy('key').execute();
}

/** The active version of one instrument, or undefined. */
export async function activeInstrument(db: Db, key: string): Promise<InstrumentRow | undefined> {
  return db.selectFrom('screening_instruments').selectAll().where('key', '=', key).where('active', '=', 1).executeTakeFirst();
}

/** The highest version number of a key so far (0 when the key is new). */
export async function latestVersion(db: Db, key: string): Promise<number> {
  const row = await db
    .selectFrom('screening_instruments')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Every version of one instrument, oldest first (for the CLI and tests). */
export async function instrumentVersions(db: Db, key: string): Promise<InstrumentRow[]> {
  return db.selectFrom('screening_instruments').selectAll().where('key', '=', key).orderBy('version').execute();
}

export async function deactivateVersions(db: Db, key: string): Promise<void> {
  await db.updateTable('screening_instruments').set({ active: 0 }).where('key', '=', key).where('active', '=', 1).execute();
}

export async function insertInstrumentVersion(db: Db, row: InstrumentRow): Promise<void> {
  await db.insertInto('screening_instruments').values(row).execute();
}

/** One version by id, active or not (a recorded screening names the version it used). */
export async function instrumentById(db: Db, id: string): Promise<InstrumentRow | undefined> {
  return db.selectFrom('screening_instruments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The versions with these ids (the ones a signal's screenings used). */
export async function instrumentsByIds(db: Db, ids: readonly string[]): Promise<InstrumentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('screening_instruments')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertScreening(trx: Transaction<Database>, row: ScreeningRow): Promise<void> {
  await trx.insertInto('screenings').values(row).execute();
}

/**
 * The screenings of one signal, newest first. Only a decided and recorded read opens them — the
 * signals door's `AuditedSignalRead` (a referral) or the screening tab's `ScreeningsRead`: the type says so.
 */
export async function screeningsOf(db: Db, read: AuditedSignalRead | ScreeningsRead): Promise<ScreeningRow[]> {
  const { row } = read;
  return db
    .selectFrom('screenings')
    .selectAll()
    .where('tenant_id', '=', row.tenant_id)
    .where('signal_id', '=', row.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
