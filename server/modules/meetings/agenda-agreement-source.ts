import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';

/**
 * THE HOOK FOR THE PLANS MODULE. The agenda starts with the cases that have open or overdue
 * agreements; agreements belong to the plans module, which does not exist yet. When it lands, it
 * calls `registerAgendaAgreementSource` once (in its register function) with a function answering,
 * among the given open cases of a table, those with open or overdue agreements. Until then no case is
 * placed first for that reason: the source answers an empty set (never made-up data).
 */
export type AgendaAgreementSource = (ctx: AppContext, actor: Actor, tableId: string, caseIds: readonly string[]) => Promise<ReadonlySet<string>>;

const noAgreementsYet: AgendaAgreementSource = async () => new Set();

let source: AgendaAgreementSource = noAgreementsYet;

export function registerAgendaAgreementSource(next: AgendaAgreementSource): void {
  source = next;
}

export function casesWithOpenAgreements(ctx: AppContext, actor: Actor, tableId: string, caseIds: readonly string[]): Promise<ReadonlySet<string>> {
  return source(ctx, actor, tableId, caseIds);
}
