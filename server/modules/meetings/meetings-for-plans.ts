import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * What the plans module may learn of meetings for its evaluations (the meetings module owns the
 * table): the start of the given meetings, and whether a meeting may carry an evaluation of a case.
 */

/** The starts of the given meetings of one network, by id. */
export async function meetingStarts(db: Kysely<Database>, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('meetings')
    .select(['id', 'starts_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.starts_at]));
}

/**
 * Whether an evaluation of a case may be tied to this meeting: a meeting of the case's table, not
 * cancelled, with the case on its agenda.
 */
export async function meetingDiscussesCase(
  db: Kysely<Database>,
  tenantId: string,
  meeting: { meetingId: string; tableId: string; caseId: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('meetings')
    .innerJoin('meeting_agenda_items', 'meeting_agenda_items.meeting_id', 'meetings.id')
    .select('meetings.id')
    .where('meetings.tenant_id', '=', tenantId)
    .where('meeting_agenda_items.tenant_id', '=', tenantId)
    .where('meetings.id', '=', meeting.meetingId)
    .where('meetings.table_id', '=', meeting.tableId)
    .where('meetings.status', '!=', 'cancelled')
    .where('meeting_agenda_items.case_id', '=', meeting.caseId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The meetings of a table that have the case on their agenda and are not cancelled (id and start), latest first. */
export function meetingsDiscussingCase(db: Kysely<Database>, tenantId: string, tableId: string, caseId: string) {
  return db
    .selectFrom('meetings')
    .innerJoin('meeting_agenda_items', 'meeting_agenda_items.meeting_id', 'meetings.id')
    .select(['meetings.id', 'meetings.starts_at'])
    .where('meetings.tenant_id', '=', tenantId)
    .where('meeting_agenda_items.tenant_id', '=', tenantId)
    .where('meetings.table_id', '=', tableId)
    .where('meetings.status', '!=', 'cancelled')
    .where('meeting_agenda_items.case_id', '=', caseId)
    .orderBy('meetings.starts_at', 'desc')
    .execute();
}
