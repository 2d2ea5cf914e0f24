import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { ownerAndReferrerOrganisations, tableCasesForAgenda, type AgendaCase } from '../cases/index.ts';
import { organisationsWithOpenAgreements } from './agenda-agreement-source.ts';
import { listAgendaItems } from './agenda.queries.ts';
import type { MeetingRow } from './meetings.queries.ts';

/** One agenda case of an organisation: the pseudonym only. */
export interface InventoryCase {
  readonly id: string;
  readonly reference: string;
}

/**
 * The cases a meeting's inventory is about: its agenda, or — while the agenda is not built yet — the
 * table's open cases, which the first build puts on it.
 */
async function inventoryCases(ctx: AppContext, actor: Actor, meeting: MeetingRow): Promise<AgendaCase[]> {
  if (meeting.agenda_built_at === null) return tableCasesForAgenda(ctx.db, actor, meeting.table_id);
  const caseIds = (await listAgendaItems(ctx.db, actor, meeting.id)).map((item) => item.case_id);
  return tableCasesForAgenda(ctx.db, actor, meeting.table_id, { caseIds, includeClosed: true });
}

/**
 * The organisations "with a case on the agenda", each with those cases (by reference): the
 * organisations that own or referred an agenda case, and those with an open agreement on one (the
 * plans module's registered answer). Ids and pseudonyms only.
 */
export async function organisationsWithAgendaCases(ctx: AppContext, actor: Actor, meeting: MeetingRow): Promise<Map<string, InventoryCase[]>> {
  const cases = await inventoryCases(ctx, actor, meeting);
  const caseIds = cases.map((entry) => entry.id);
  const [owners, agreements] = await Promise.all([
    ownerAndReferrerOrganisations(ctx.db, actor, meeting.table_id, caseIds),
    organisationsWithOpenAgreements(ctx, actor.tenantId, caseIds),
  ]);
  const result = new Map<string, InventoryCase[]>();
  for (const entry of cases) {
    const organisations = new Set([...(owners.get(entry.id) ?? []), ...(agreements.get(entry.id) ?? [])]);
    for (const organisationId of organisations) {
      const list = result.get(organisationId) ?? [];
      list.push({ id: entry.id, reference: entry.reference });
      result.set(organisationId, list);
    }
  }
  return result;
}
