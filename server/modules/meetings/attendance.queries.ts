import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, MeetingAttendanceTable } from '../../db/schema.ts';

export type AttendanceRow = Selectable<MeetingAttendanceTable>;

/** The attendance recorded for one meeting. */
export function listAttendance(db: Kysely<Database>, actor: Actor, meetingId: string): Promise<AttendanceRow[]> {
  return db.selectFrom('meeting_attendance').selectAll().where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).execute();
}
