import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting } from './meetings.queries.ts';
import type { Meeting } from './meetings.schemas.ts';
import type { MeetingReadPart } from './meetings.vocabulary.ts';
import { networkTimeZone, openTableForMeetings } from './table-meetings-access.ts';

/**
 * One meeting, for the coordinator and the members of its table; anyone else gets `not_found`, as
 * for a missing id. Every read writes one `meeting.viewed` event with the part read (api, page,
 * calendar) before anything is answered.
 */
export async function viewMeeting(options: { meetingId: string; part: MeetingReadPart }, actor: Actor, ctx: AppContext): Promise<Meeting> {
  const row = await findMeeting(ctx.db, actor, options.meetingId);
  if (!row) throw new AppError('not_found');
  const table = await openTableForMeetings(ctx, actor, row.table_id);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'meeting.viewed',
    resource: { type: 'meeting', id: row.id },
    purpose: 'meeting',
    details: { part: options.part },
    requestId: actor.requestId ?? null,
  });
  return presentMeeting(row, table.name, await networkTimeZone(ctx, actor));
}
