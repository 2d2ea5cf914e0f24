import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, MeetingMinuteEntryTable } from '../../db/schema.ts';

export type MinuteEntryRow = Selectable<MeetingMinuteEntryTable>;

/** The minutes entries of a meeting (for some of its cases), oldest first, within the actor's tenant. */
export function entriesOfMeeting(db: Kysely<Database>, actor: Actor, meetingId: string, caseIds: readonly string[]): Promise<MinuteEntryRow[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('meeting_minute_entries')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('meeting_id', '=', meetingId)
    .where('case_id', 'in', caseIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Writes one entry (never updated or deleted afterwards). */
export async function insertEntry(trx: Transaction<Database>, row: MeetingMinuteEntryTable): Promise<void> {
  await trx.insertInto('meeting_minute_entries').values(row).execute();
}
