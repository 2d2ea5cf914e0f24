import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { findAttestation } from './attestation.queries.ts';
import { findMeeting, type MeetingRow } from './meetings.queries.ts';
import { openTableForMeetings, type TableForMeetings } from './table-meetings-access.ts';

/** A meeting the actor may see, with its table and the actor's seats on it. */
export interface OpenedMeeting {
  readonly row: MeetingRow;
  readonly table: TableForMeetings;
}

/**
 * A meeting of a table the actor sees (the coordinator's, or one they sit at). A missing id, another
 * network's meeting and a meeting of a table the actor does not sit at all answer `not_found`, alike.
 */
export async function openMeetingForActor(ctx: AppContext, actor: Actor, meetingId: string): Promise<OpenedMeeting> {
  const row = await findMeeting(ctx.db, actor, meetingId);
  if (!row) throw new AppError('not_found');
  return { row, table: await openTableForMeetings(ctx, actor, row.table_id) };
}

/** Whether the actor confirmed this meeting's confidentiality statement. */
export async function hasAttested(ctx: AppContext, actor: Actor, meetingId: string): Promise<boolean> {
  return (await findAttestation(ctx.db, actor, meetingId)) !== null;
}

/**
 * THE GATE for everything that shows a meeting's agenda or case content: the meeting as for
 * `openMeetingForActor`, then 403 `attestation_required` until the actor has confirmed the meeting's
 * confidentiality statement (the coordinator too). Other modules (meeting mode, minutes, briefing)
 * pass through it before they read a case through the cases door.
 */
export async function requireAttestation(ctx: AppContext, actor: Actor, meetingId: string): Promise<OpenedMeeting> {
  const opened = await openMeetingForActor(ctx, actor, meetingId);
  if (!(await hasAttested(ctx, actor, opened.row.id))) throw new AppError('attestation_required');
  return opened;
}
