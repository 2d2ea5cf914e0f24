import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, MeetingScheduleTable, MeetingTable } from '../../db/schema.ts';

export type MeetingRow = Selectable<MeetingTable>;
export type ScheduleRow = Selectable<MeetingScheduleTable>;

/** Reads of schedules and meetings, always within the actor's tenant. */
export async function findSchedule(db: Kysely<Database>, actor: Actor, tableId: string): Promise<ScheduleRow | null> {
  return (
    (await db
      .selectFrom('meeting_schedules')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('table_id', '=', tableId)
      .executeTakeFirst()) ?? null
  );
}

export async function findMeeting(db: Kysely<Database>, actor: Actor, id: string): Promise<MeetingRow | null> {
  return (await db.selectFrom('meetings').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The meetings of one table that end at or after `from`, soonest first. */
export function listTableMeetings(db: Kysely<Database>, actor: Actor, tableId: string, from: string): Promise<MeetingRow[]> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('ends_at', '>=', from)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/** The start instants (ISO UTC) of a table's meetings among `startsAt`. */
export async function takenStarts(db: Kysely<Database>, actor: Actor, tableId: string, startsAt: readonly string[]): Promise<Set<string>> {
  if (startsAt.length === 0) return new Set();
  const rows = await db
    .selectFrom('meetings')
    .select('starts_at')
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('starts_at', 'in', startsAt)
    .execute();
  return new Set(rows.map((row) => row.starts_at));
}
