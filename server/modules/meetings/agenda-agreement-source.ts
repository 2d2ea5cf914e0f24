import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';

/**
 * The agenda starts with the cases that have open or overdue agreements; agreements belong to the
 * plans module, which registers its answer here once (in its register function): among the given
 * open cases of a table, those with open agreements. The meetings module does not import plans (plans
 * comes after it); without a registered source no case is placed first for that reason.
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
