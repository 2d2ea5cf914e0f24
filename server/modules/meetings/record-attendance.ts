import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { openMeetingForActor } from './attestation-gate.ts';
import { attendanceOf, type AttendanceEntry } from './list-meeting-attendance.ts';
import type { AttendanceInput } from './meetings.schemas.ts';

export const attendanceNotMember = new AppError('validation_failed', [{ path: 'userId', messageKey: 'validation.attendance_not_member' }]);

/**
 * The coordinator or a minute taker of the table records one member's attendance (present, excused,
 * absent); recording again replaces it. Someone who does not sit at the table is 400. One
 * `meeting.attendance_recorded` event with the member's id and the status.
 */
export async function recordAttendance(
  options: { meetingId: string; input: AttendanceInput },
  actor: Actor,
  ctx: AppContext,
): Promise<AttendanceEntry[]> {
  const opened = await openMeetingForActor(ctx, actor, options.meetingId);
  authorize(actor, 'meetings.recordAttendance', opened.table.facts);
  const { userId, status } = options.input;
  if (!(await attendanceOf(ctx, actor, opened)).some((entry) => entry.userId === userId)) throw attendanceNotMember;
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('meeting_attendance')
      .values({
        id: newId(),
        tenant_id: actor.tenantId,
        meeting_id: opened.row.id,
        user_id: userId,
        status,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'meeting_id', 'user_id']).doUpdateSet({ status, recorded_by: actor.userId, recorded_at: now }),
      )
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'meeting.attendance_recorded',
      resource: { type: 'meeting', id: opened.row.id },
      details: { userId, status },
      requestId: actor.requestId ?? null,
    });
  });
  return attendanceOf(ctx, actor, opened);
}
