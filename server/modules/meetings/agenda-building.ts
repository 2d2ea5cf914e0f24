import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { tableCasesForAgenda } from '../cases/index.ts';
import { casesWithOpenAgreements } from './agenda-agreement-source.ts';
import { orderAgenda, type AgendaReason } from './agenda-order.ts';
import { agendaBuiltAt, lastDiscussed, listAgendaItems, previousMeetingStart } from './agenda.queries.ts';
import type { OpenedMeeting } from './attestation-gate.ts';

/** One agenda line: the case by reference and theme, its place and why it is there. */
export interface AgendaItem {
  readonly id: string;
  readonly caseId: string;
  readonly reference: string;
  readonly theme: string;
  readonly position: number;
  readonly reason: AgendaReason;
}

export interface Agenda {
  readonly meetingId: string;
  readonly builtAt: string | null;
  readonly items: AgendaItem[];
}

/**
 * Puts the table's open cases that are not on the agenda yet onto it, in the built order, after the
 * items already there. The first build claims `meetings.agenda_built_at` (once, also when two ask at
 * the same moment); a later build by the coordinator only adds what is missing, so their order stays.
 * Answers how many items were added.
 */
export async function buildAgenda(ctx: AppContext, actor: Actor, opened: OpenedMeeting, trigger: 'first_read' | 'coordinator'): Promise<number> {
  const { row, table } = opened;
  const candidates = await tableCasesForAgenda(ctx.db, actor, table.id);
  const facts = {
    previousMeetingStart: await previousMeetingStart(ctx.db, actor, table.id, row.starts_at),
    lastDiscussed: await lastDiscussed(ctx.db, actor, table.id, row.starts_at),
    withOpenAgreements: await casesWithOpenAgreements(
      ctx,
      actor,
      table.id,
      candidates.map((candidate) => candidate.id),
    ),
  };
  const ordered = orderAgenda(candidates, facts);
  const now = isoNow(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('meetings')
      .set({ agenda_built_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', row.id)
      .where('agenda_built_at', 'is', null)
      .executeTakeFirst();
    const first = Number(claimed.numUpdatedRows) === 1;
    // Automatic building happens once; someone else built it while this request loaded.
    if (!first && trigger === 'first_read') return 0;
    const present = await listAgendaItems(trx, actor, row.id);
    const onAgenda = new Set(present.map((item) => item.case_id));
    const missing = ordered.filter((entry) => !onAgenda.has(entry.caseId));
    let position = present.reduce((highest, item) => Math.max(highest, Number(item.position)), 0);
    for (const entry of missing) {
      position += 1;
      await trx
        .insertInto('meeting_agenda_items')
        .values({
          id: newId(),
          tenant_id: actor.tenantId,
          meeting_id: row.id,
          case_id: entry.caseId,
          position,
          reason: entry.reason,
          added_by: actor.userId,
          added_at: now,
        })
        .execute();
    }
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'meeting.agenda_built',
      resource: { type: 'meeting', id: row.id },
      purpose: 'meeting',
      details: { trigger, added: missing.length },
      requestId: actor.requestId ?? null,
    });
    return missing.length;
  });
}

/** The agenda as stored, each item with its case's reference and theme (never content). */
export async function loadAgenda(ctx: AppContext, actor: Actor, opened: OpenedMeeting): Promise<Agenda> {
  const items = await listAgendaItems(ctx.db, actor, opened.row.id);
  const cases = new Map(
    (await tableCasesForAgenda(ctx.db, actor, opened.table.id, { caseIds: items.map((item) => item.case_id), includeClosed: true })).map((entry) => [
      entry.id,
      entry,
    ]),
  );
  const builtAt = await agendaBuiltAt(ctx.db, actor, opened.row.id);
  return {
    meetingId: opened.row.id,
    builtAt,
    items: items.flatMap((item) => {
      const found = cases.get(item.case_id);
      return found
        ? [
            {
              id: item.id,
              caseId: item.case_id,
              reference: found.reference,
              theme: found.theme,
              position: Number(item.position),
              reason: item.reason as AgendaReason,
            },
          ]
        : [];
    }),
  };
}
