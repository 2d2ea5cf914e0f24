import { sql, type Kysely } from 'kysely';

/**
 * A meeting's calendar SEQUENCE gets its own column. It was the meeting's version minus one, and the
 * version also goes up when the meeting starts or closes, so a calendar program saw those internal
 * steps as changes of the appointment. From now on only moving or cancelling a meeting raises it.
 * Existing meetings keep the SEQUENCE their calendar files already carried (version − 1): a
 * calendar program ignores an update whose SEQUENCE is lower than one it has seen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('meetings')
    .addColumn('calendar_sequence', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`update meetings set calendar_sequence = version - 1 where version > 1`.execute(db);
}
