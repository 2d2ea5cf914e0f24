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

/**
 * For the pre-meeting inventory: per named case, the organisations with an open agreement on it.
 * Registered by the plans module next to the agenda's source; without it no organisation is named.
 */
export type AgreementOrganisationSource = (
  ctx: AppContext,
  tenantId: string,
  caseIds: readonly string[],
) => Promise<ReadonlyMap<string, ReadonlySet<string>>>;

let organisationSource: AgreementOrganisationSource = async () => new Map();

export function registerAgreementOrganisationSource(next: AgreementOrganisationSource): void {
  organisationSource = next;
}

export function organisationsWithOpenAgreements(
  ctx: AppContext,
  tenantId: string,
  caseIds: readonly string[],
): Promise<ReadonlyMap<string, ReadonlySet<string>>> {
  return organisationSource(ctx, tenantId, caseIds);
}
