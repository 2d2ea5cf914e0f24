import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { presentSchedule } from './meetings.presenter.ts';
import { findSchedule } from './meetings.queries.ts';
import type { Schedule } from './meetings.schemas.ts';
import { openTableForMeetings } from './table-meetings-access.ts';

/** A table's recurrence, for the coordinator and the table's members; null when none was set. */
export async function viewTableSchedule(options: { tableId: string }, actor: Actor, ctx: AppContext): Promise<Schedule | null> {
  const table = await openTableForMeetings(ctx, actor, options.tableId);
  const row = await findSchedule(ctx.db, actor, table.id);
  return row ? presentSchedule(row) : null;
}
