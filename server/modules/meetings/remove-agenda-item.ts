import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { openAgendaForChange, recordAgendaChange } from './agenda-access.ts';
import { loadAgenda, type Agenda } from './agenda-building.ts';
import { listAgendaItems } from './agenda.queries.ts';

/** The coordinator takes an item off the agenda; an item not on this meeting's agenda is 404. */
export async function removeAgendaItem(options: { meetingId: string; itemId: string }, actor: Actor, ctx: AppContext): Promise<Agenda> {
  const opened = await openAgendaForChange(ctx, actor, options.meetingId);
  await ctx.db.transaction().execute(async (trx) => {
    const present = await listAgendaItems(trx, actor, opened.row.id);
    const item = present.find((candidate) => candidate.id === options.itemId);
    if (!item) throw new AppError('not_found');
    await trx.deleteFrom('meeting_agenda_items').where('tenant_id', '=', actor.tenantId).where('id', '=', item.id).execute();
    await recordAgendaChange(trx, ctx, actor, opened.row.id, { change: 'removed', caseId: item.case_id, count: present.length - 1 });
  });
  return loadAgenda(ctx, actor, opened);
}
