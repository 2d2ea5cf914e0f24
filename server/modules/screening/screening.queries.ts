import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ScreeningInstrumentTable } from '../../db/schema.ts';

export type InstrumentRow = Selectable<ScreeningInstrumentTable>;
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
