import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, MeetingAgendaItemTable } from '../../db/schema.ts';

export type AgendaItemRow = Selectable<MeetingAgendaItemTable>;

/** A meeting's agenda items in their order. */
export function listAgendaItems(db: Kysely<Database>, actor: Actor, meetingId: string): Promise<AgendaItemRow[]> {
  return db
    .selectFrom('meeting_agenda_items')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The start of the table's latest meeting before `before` (not cancelled), or null. */
export async function previousMeetingStart(db: Kysely<Database>, actor: Actor, tableId: string, before: string): Promise<string | null> {
  const row = await db
    .selectFrom('meetings')
    .select('starts_at')
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('status', '!=', 'cancelled')
    .where('starts_at', '<', before)
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.starts_at ?? null;
}

/** Case id → start of the latest earlier meeting of the table whose agenda held the case. */
export async function lastDiscussed(db: Kysely<Database>, actor: Actor, tableId: string, before: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('meeting_agenda_items')
    .innerJoin('meetings', 'meetings.id', 'meeting_agenda_items.meeting_id')
    .select(['meeting_agenda_items.case_id'])
    .select((eb) => eb.fn.max('meetings.starts_at').as('last'))
    .where('meeting_agenda_items.tenant_id', '=', actor.tenantId)
    .where('meetings.tenant_id', '=', actor.tenantId)
    .where('meetings.table_id', '=', tableId)
    .where('meetings.status', '!=', 'cancelled')
    .where('meetings.starts_at', '<', before)
    .groupBy('meeting_agenda_items.case_id')
    .execute();
  return new Map(rows.map((row) => [row.case_id, String(row.last)]));
}

/** When the meeting's agenda was first built, or null. */
export async function agendaBuiltAt(db: Kysely<Database>, actor: Actor, meetingId: string): Promise<string | null> {
  const row = await db
    .selectFrom('meetings')
    .select('agenda_built_at')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return row?.agenda_built_at ?? null;
}
