import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { listTableMembers } from '../tables/index.ts';
import { openMeetingForActor, type OpenedMeeting } from './attestation-gate.ts';
import { listAttendance } from './attendance.queries.ts';
import type { AttendanceStatus } from './attendance.vocabulary.ts';

/** One member of the table and their attendance at the meeting (null until recorded). */
export interface AttendanceEntry {
  readonly userId: string;
  readonly name: string;
  readonly organisation: string;
  readonly status: AttendanceStatus | null;
}

/** The table's members (each once), by name, with what was recorded. */
export async function attendanceOf(ctx: AppContext, actor: Actor, opened: OpenedMeeting): Promise<AttendanceEntry[]> {
  const recorded = new Map((await listAttendance(ctx.db, actor, opened.row.id)).map((row) => [row.user_id, row.status as AttendanceStatus]));
  const seen = new Set<string>();
  const entries: AttendanceEntry[] = [];
  for (const member of await listTableMembers(ctx.db, actor, opened.table.id)) {
    if (seen.has(member.user_id)) continue;
    seen.add(member.user_id);
    entries.push({
      userId: member.user_id,
      name: member.user_name,
      organisation: member.organisation_name,
      status: recorded.get(member.user_id) ?? null,
    });
  }
  return entries;
}

/** The attendance list of a meeting, for whoever sees the meeting (names and organisations of the table's members; no case content). */
export async function listMeetingAttendance(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<AttendanceEntry[]> {
  return attendanceOf(ctx, actor, await openMeetingForActor(ctx, actor, options.meetingId));
}
