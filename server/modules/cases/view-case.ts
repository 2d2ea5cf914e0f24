import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { readCase, type AuditedCaseRead } from './case-door.ts';
import { caseActions, type CaseAction } from './cases.policy.ts';
import { casePersons } from './cases.queries.ts';
import { organisationsById } from './case-directory.queries.ts';
import { presentCase } from './cases.presenter.ts';
import type { CaseView } from './cases.schemas.ts';

/** What the viewer may do with the case, for the `abilities` of API answers and the page's buttons. */
export type CaseAbilities = Record<CaseAction, boolean>;

/**
 * One case as the viewer may see it: the summary and the persons' age bands for every participant,
 * identities only where the disclosure level allows. The read is audited with its purpose first.
 */
export async function viewCase(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<{ data: CaseView; abilities: CaseAbilities }> {
  return caseWithAbilities(ctx, actor, await readCase(ctx, actor, options.caseId, 'case'));
}

/** The case as this viewer may see it, with their abilities, from an audited read. */
export async function caseWithAbilities(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<{ data: CaseView; abilities: CaseAbilities }> {
  const [persons, organisations] = await Promise.all([casePersons(ctx.db, actor, read), organisationsById(ctx.db, actor)]);
  const data = await presentCase(read, persons, organisations, fieldOpener(ctx, actor.tenantId));
  const abilities = Object.fromEntries(
    (Object.keys(caseActions) as CaseAction[]).map((action) => [action, can(actor, `cases.${action}`, read)]),
  ) as CaseAbilities;
  return { data, abilities };
}
