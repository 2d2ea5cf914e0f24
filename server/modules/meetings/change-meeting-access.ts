import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { findMeeting, type MeetingRow } from './meetings.queries.ts';
import { openTableForMeetings, type TableForMeetings } from './table-meetings-access.ts';

/** A meeting no longer planned (started, closed or cancelled) is not moved or cancelled. */
export const meetingNotPlanned = (): AppError => new AppError('conflict', [{ path: 'status', messageKey: 'meetings.change.not_planned' }]);

/**
 * The meeting a coordinator moves or cancels: a meeting the actor does not see answers `not_found`
 * like a missing id; a member who sees it but does not coordinate gets `forbidden` (audited by the
 * HTTP layer). Whether it is still planned (and still the version the caller read) is decided once,
 * by the compare-and-set of the change itself — a check here as well could only repeat it, and a
 * start or a cancellation between the two would slip past it anyway; `meetingNotPlanned` names
 * that refusal.
 */
export async function openMeetingForChange(ctx: AppContext, actor: Actor, meetingId: string): Promise<{ row: MeetingRow; table: TableForMeetings }> {
  const row = await findMeeting(ctx.db, actor, meetingId);
  if (!row) throw new AppError('not_found');
  const table = await openTableForMeetings(ctx, actor, row.table_id);
  authorize(actor, 'meetings.change', table.facts);
  return { row, table };
}
