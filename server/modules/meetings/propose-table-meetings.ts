import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { proposeMeetings, wallClockText } from './meeting-times.ts';
import { findSchedule, takenStarts } from './meetings.queries.ts';
import type { Proposal } from './meetings.schemas.ts';
import { openTableForMeetings } from './table-meetings-access.ts';

/** A table without a schedule has nothing to propose: 409, the coordinator sets one first. */
export const noSchedule = new AppError('conflict', [{ path: 'rrule', messageKey: 'meetings.no_schedule' }]);

/**
 * The next `count` meetings of a table's schedule after now (the coordinator's planning aid), each
 * marked `planned` when a meeting of the table already starts at that instant. Nothing is written.
 */
export async function proposeTableMeetings(options: { tableId: string; count: number }, actor: Actor, ctx: AppContext): Promise<Proposal[]> {
  authorize(actor, 'meetings.plan');
  const table = await openTableForMeetings(ctx, actor, options.tableId);
  const schedule = await findSchedule(ctx.db, actor, table.id);
  if (!schedule) throw noSchedule;
  const rule = {
    rrule: schedule.rrule,
    localStartTime: schedule.local_start_time,
    durationMinutes: Number(schedule.duration_minutes),
    timeZone: schedule.time_zone,
  };
  const proposals = proposeMeetings(rule, ctx.clock.now(), options.count);
  const taken = await takenStarts(
    ctx.db,
    actor,
    table.id,
    proposals.map((proposal) => proposal.startsAt),
  );
  return proposals.map((proposal) => ({
    ...proposal,
    localStart: wallClockText(new Date(proposal.startsAt), rule.timeZone),
    planned: taken.has(proposal.startsAt),
  }));
}
