import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting, findSchedule, takenStarts } from './meetings.queries.ts';
import type { Meeting, MeetingCreate } from './meetings.schemas.ts';
import { DEFAULT_MEETING_MINUTES } from './meetings.vocabulary.ts';
import { scheduleMeetingInvitations } from './send-meeting-invitations.ts';
import { scheduleMeetingInventory } from './request-meeting-inventory.ts';
import { networkTimeZone, openTableForMeetings } from './table-meetings-access.ts';

export const meetingInPast = new AppError('validation_failed', [{ path: 'startsAt', messageKey: 'validation.meeting_in_past' }]);
export const meetingTaken = new AppError('conflict', [{ path: 'startsAt', messageKey: 'meetings.already_planned' }]);

/**
 * The coordinator plans a meeting of a table at an instant (normalised to ISO UTC), regular or
 * interim; its length is the request's, else the schedule's, else two hours. A start in the past is
 * refused (400), a second meeting of the table at the same instant is 409 (a double click plans one).
 */
export async function planMeeting(options: { tableId: string; input: MeetingCreate }, actor: Actor, ctx: AppContext): Promise<Meeting> {
  authorize(actor, 'meetings.plan');
  const table = await openTableForMeetings(ctx, actor, options.tableId);
  const { input } = options;
  const start = new Date(input.startsAt);
  if (start.getTime() <= ctx.clock.now().getTime()) throw meetingInPast;
  const startsAt = start.toISOString();
  const minutes = input.durationMinutes ?? Number((await findSchedule(ctx.db, actor, table.id))?.duration_minutes ?? DEFAULT_MEETING_MINUTES);
  if ((await takenStarts(ctx.db, actor, table.id, [startsAt])).size > 0) throw meetingTaken;
  const id = newId();
  const now = isoNow(ctx.clock);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meetings')
        .values({
          id,
          tenant_id: actor.tenantId,
          table_id: table.id,
          starts_at: startsAt,
          ends_at: new Date(start.getTime() + minutes * 60_000).toISOString(),
          kind: input.kind,
          status: 'planned',
          created_by: actor.userId,
          created_at: now,
          version: 1,
        })
        .execute();
      // The members' invitations go by a job that exists exactly when the meeting does.
      await scheduleMeetingInvitations(trx, ctx, { tenantId: actor.tenantId, id, version: 1 });
      // A few days before, the organisations with a case on the agenda are asked for their inventory.
      await scheduleMeetingInventory(trx, ctx, { tenantId: actor.tenantId, id, startsAt });
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'meeting.created',
        resource: { type: 'meeting', id },
        details: { kind: input.kind },
        requestId: actor.requestId ?? null,
      });
    });
  } catch (error) {
    if ((await takenStarts(ctx.db, actor, table.id, [startsAt])).size > 0) throw meetingTaken;
    throw error;
  }
  return presentMeeting((await findMeeting(ctx.db, actor, id))!, table.name, await networkTimeZone(ctx, actor));
}
