import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { openAgendaForChange } from './agenda-access.ts';
import { buildAgenda, loadAgenda, type Agenda } from './agenda-building.ts';

/**
 * The coordinator's "build": the table's open cases not on the agenda yet join it at the end, in the
 * built order (open agreements, new referrals, evaluation, re-referrals); what is there keeps its place.
 */
export async function buildMeetingAgenda(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<Agenda> {
  const opened = await openAgendaForChange(ctx, actor, options.meetingId);
  await buildAgenda(ctx, actor, opened, 'coordinator');
  return loadAgenda(ctx, actor, opened);
}
