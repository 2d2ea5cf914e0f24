import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import { caseActions, canOnCase, type CaseAction } from './cases.policy.ts';
import { casePersons, organisationsById, type CaseAccess } from './cases.queries.ts';
import { presentCase } from './cases.presenter.ts';
import type { CaseView } from './cases.schemas.ts';

/** What the viewer may do with the case, for the `abilities` of API answers and the page's buttons. */
export type CaseAbilities = Record<CaseAction, boolean>;

/**
 * One case as the viewer may see it: the summary and the persons' age bands for every participant,
 * identities only where the disclosure level allows. The read is audited with its purpose first.
 */
export async function viewCase(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<{ data: CaseView; abilities: CaseAbilities }> {
  const access = await openCase(ctx, actor, options.caseId, 'case.read');
  await auditCaseRead(ctx, actor, access, 'case.viewed');
  return caseWithAbilities(ctx, actor, access);
}

/** The case as this viewer may see it, with their abilities; the caller has audited the read. */
export async function caseWithAbilities(ctx: AppContext, actor: Actor, access: CaseAccess): Promise<{ data: CaseView; abilities: CaseAbilities }> {
  const [persons, organisations] = await Promise.all([casePersons(ctx.db, actor, access.row.id), organisationsById(ctx.db, actor)]);
  const data = await presentCase(access, persons, organisations, fieldOpener(ctx, actor.tenantId));
  const abilities = Object.fromEntries(
    (Object.keys(caseActions) as CaseAction[]).map((action) => [action, canOnCase(action, access.relation, access.facts)]),
  ) as CaseAbilities;
  return { data, abilities };
}
