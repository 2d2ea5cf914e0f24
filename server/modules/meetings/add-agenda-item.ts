import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { tableCasesForAgenda } from '../cases/index.ts';
import { openAgendaForChange, recordAgendaChange } from './agenda-access.ts';
import { loadAgenda, type Agenda } from './agenda-building.ts';
import { listAgendaItems } from './agenda.queries.ts';
import type { AgendaItemCreate } from './meetings.schemas.ts';

export const agendaCaseUnknown = new AppError('validation_failed', [{ path: 'caseId', messageKey: 'validation.agenda_case_unknown' }]);
export const agendaCaseAlreadyOn = new AppError('conflict', [{ path: 'caseId', messageKey: 'meetings.agenda_case_already_on' }]);

/**
 * The coordinator adds an open case of the meeting's table at the end of the agenda. A case of
 * another table, a closed or a missing case is 400 (nothing is said about which); a case already on
 * the agenda is 409.
 */
export async function addAgendaItem(options: { meetingId: string; input: AgendaItemCreate }, actor: Actor, ctx: AppContext): Promise<Agenda> {
  const opened = await openAgendaForChange(ctx, actor, options.meetingId);
  const [found] = await tableCasesForAgenda(ctx.db, actor, opened.table.id, { caseIds: [options.input.caseId] });
  if (!found) throw agendaCaseUnknown;
  await ctx.db.transaction().execute(async (trx) => {
    const present = await listAgendaItems(trx, actor, opened.row.id);
    if (present.some((item) => item.case_id === found.id)) throw agendaCaseAlreadyOn;
    await trx
      .insertInto('meeting_agenda_items')
      .values({
        id: newId(),
        tenant_id: actor.tenantId,
        meeting_id: opened.row.id,
        case_id: found.id,
        position: present.reduce((highest, item) => Math.max(highest, Number(item.position)), 0) + 1,
        reason: 'added',
        added_by: actor.userId,
        added_at: isoNow(ctx.clock),
      })
      .execute();
    await recordAgendaChange(trx, ctx, actor, opened.row.id, { change: 'added', caseId: found.id, count: present.length + 1 });
  });
  return loadAgenda(ctx, actor, opened);
}
