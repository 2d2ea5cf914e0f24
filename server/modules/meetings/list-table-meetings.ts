import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { listTableMeetings as queryTableMeetings } from './meetings.queries.ts';
import type { Meeting } from './meetings.schemas.ts';
import { networkTimeZone, openTableForMeetings } from './table-meetings-access.ts';

/** The coming meetings of a table (not yet ended), soonest first: for the coordinator and the table's members. */
export async function listTableMeetings(
  options: { tableId: string },
  actor: Actor,
  ctx: AppContext,
): Promise<{ tableName: string; meetings: Meeting[] }> {
  const table = await openTableForMeetings(ctx, actor, options.tableId);
  const [rows, zone] = await Promise.all([queryTableMeetings(ctx.db, actor, table.id, isoNow(ctx.clock)), networkTimeZone(ctx, actor)]);
  return { tableName: table.name, meetings: rows.map((row) => presentMeeting(row, table.name, zone)) };
}
