import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { meetingNotPlanned, openMeetingForChange } from './change-meeting-access.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting } from './meetings.queries.ts';
import type { Meeting, MeetingCancel } from './meetings.schemas.ts';
import { scheduleMeetingCancellations } from './send-meeting-cancellations.ts';
import { networkTimeZone } from './table-meetings-access.ts';

/**
 * The coordinator cancels a planned meeting (409 once it started, closed or was cancelled): status
 * `cancelled`, who and when, the reason's code, the version one up and the calendar SEQUENCE one up
 * (that of the cancellation). The cancellation job of that version mails everyone who was invited a
 * METHOD:CANCEL with the same UID; `calendar.ics` and the personal feeds show the meeting as
 * STATUS:CANCELLED. Audited `meeting.cancelled` (version and the reason's code).
 */
export async function cancelMeeting(options: { meetingId: string; input: MeetingCancel }, actor: Actor, ctx: AppContext): Promise<Meeting> {
  const { row, table } = await openMeetingForChange(ctx, actor, options.meetingId);
  const version = Number(row.version) + 1;
  const reason = options.input.reason ?? null;
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('meetings')
      .set({
        status: 'cancelled',
        cancelled_at: isoNow(ctx.clock),
        cancelled_by: actor.userId,
        cancel_reason: reason,
        version,
        calendar_sequence: Number(row.calendar_sequence) + 1,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', row.id)
      .where('version', '=', Number(row.version))
      .where('status', '=', 'planned')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const now = await findMeeting(trx, actor, row.id);
      throw now && now.status !== 'planned' ? meetingNotPlanned() : new AppError('conflict');
    }
    await scheduleMeetingCancellations(trx, ctx, { tenantId: actor.tenantId, id: row.id, version });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'meeting.cancelled',
      resource: { type: 'meeting', id: row.id },
      details: { version, ...(reason ? { reason } : {}) },
      requestId: actor.requestId ?? null,
    });
  });
  return presentMeeting((await findMeeting(ctx.db, actor, row.id))!, table.name, await networkTimeZone(ctx, actor));
}
