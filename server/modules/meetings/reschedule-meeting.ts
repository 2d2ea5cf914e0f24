import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { meetingNotPlanned, openMeetingForChange } from './change-meeting-access.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting, takenStarts } from './meetings.queries.ts';
import type { Meeting, MeetingChange } from './meetings.schemas.ts';
import { meetingInPast, meetingTaken } from './plan-meeting.ts';
import { scheduleMeetingInventory } from './request-meeting-inventory.ts';
import { scheduleMeetingInvitations } from './send-meeting-invitations.ts';
import { networkTimeZone } from './table-meetings-access.ts';

const endBeforeStart = new AppError('validation_failed', [{ path: 'endsAt', messageKey: 'validation.meeting_end_before_start' }]);
const staleVersion = () => new AppError('conflict');

/**
 * The coordinator moves a planned meeting to another start (and end; without one the meeting keeps
 * its length), against the version they read (`If-Match`): a stale version, a meeting no longer
 * planned or a start another meeting of the table already has is 409; a start in the past or an end
 * not after the start is 400 — nothing is written in either case. The version and the calendar
 * SEQUENCE go up by one, and the invitation job of the new version mails every member the
 * moved invitation (METHOD:REQUEST, same UID). Audited `meeting.rescheduled` (the new version; times
 * are no case content but stay out of the trail like every other value).
 */
export async function rescheduleMeeting(
  options: { meetingId: string; expectedVersion: number; input: MeetingChange },
  actor: Actor,
  ctx: AppContext,
): Promise<Meeting> {
  const { row, table } = await openMeetingForChange(ctx, actor, options.meetingId);
  const start = new Date(options.input.startsAt);
  if (start.getTime() <= ctx.clock.now().getTime()) throw meetingInPast;
  const length = Date.parse(row.ends_at) - Date.parse(row.starts_at);
  const end = options.input.endsAt ? new Date(options.input.endsAt) : new Date(start.getTime() + length);
  if (end.getTime() <= start.getTime() || end.getTime() - start.getTime() > 24 * 3_600_000) throw endBeforeStart;
  const startsAt = start.toISOString();
  if (startsAt !== row.starts_at && (await takenStarts(ctx.db, actor, table.id, [startsAt])).size > 0) throw meetingTaken;
  const version = options.expectedVersion + 1;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('meetings')
        .set({ starts_at: startsAt, ends_at: end.toISOString(), version, calendar_sequence: Number(row.calendar_sequence) + 1 })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', row.id)
        .where('version', '=', options.expectedVersion)
        .where('status', '=', 'planned')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw staleVersion();
      await scheduleMeetingInvitations(trx, ctx, { tenantId: actor.tenantId, id: row.id, version });
      // The inventory is asked for a few days before the new start (the old start's job stands down).
      if (startsAt !== row.starts_at) await scheduleMeetingInventory(trx, ctx, { tenantId: actor.tenantId, id: row.id, startsAt });
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'meeting.rescheduled',
        resource: { type: 'meeting', id: row.id },
        details: { version },
        requestId: actor.requestId ?? null,
      });
    });
  } catch (error) {
    const now = await findMeeting(ctx.db, actor, row.id);
    if (now && now.status !== 'planned') throw meetingNotPlanned();
    if (now && Number(now.version) !== options.expectedVersion) throw staleVersion();
    if (startsAt !== row.starts_at && (await takenStarts(ctx.db, actor, table.id, [startsAt])).size > 0) throw meetingTaken;
    throw error;
  }
  return presentMeeting((await findMeeting(ctx.db, actor, row.id))!, table.name, await networkTimeZone(ctx, actor));
}
