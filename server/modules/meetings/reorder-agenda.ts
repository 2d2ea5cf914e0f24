import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { openAgendaForChange, recordAgendaChange } from './agenda-access.ts';
import { loadAgenda, type Agenda } from './agenda-building.ts';
import { isReordering, moveAgendaItem } from './agenda-order.ts';
import { listAgendaItems } from './agenda.queries.ts';

export const agendaOrderInvalid = new AppError('validation_failed', [{ path: 'itemIds', messageKey: 'validation.agenda_order_invalid' }]);

/**
 * The coordinator puts the agenda in a new order: either the whole order (`itemIds`, every item of
 * the agenda exactly once, else 400) or one item a place up or down (the page's buttons).
 */
export async function reorderAgenda(
  options: { meetingId: string; order: { itemIds: readonly string[] } | { itemId: string; direction: 'up' | 'down' } },
  actor: Actor,
  ctx: AppContext,
): Promise<Agenda> {
  const opened = await openAgendaForChange(ctx, actor, options.meetingId);
  await ctx.db.transaction().execute(async (trx) => {
    const current = (await listAgendaItems(trx, actor, opened.row.id)).map((item) => item.id);
    const { order } = options;
    const proposed = 'itemIds' in order ? [...order.itemIds] : moveAgendaItem(current, order.itemId, order.direction);
    if (!isReordering(current, proposed)) throw agendaOrderInvalid;
    for (const [index, id] of proposed.entries()) {
      await trx
        .updateTable('meeting_agenda_items')
        .set({ position: index + 1 })
        .where('tenant_id', '=', actor.tenantId)
        .where('meeting_id', '=', opened.row.id)
        .where('id', '=', id)
        .execute();
    }
    await recordAgendaChange(trx, ctx, actor, opened.row.id, { change: 'reordered', count: proposed.length });
  });
  return loadAgenda(ctx, actor, opened);
}
