import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { listTablesForSelect } from '../tables/index.ts';
import { openCase, type CaseAccess } from './case-door.ts';
import { openHandoverTask } from './handover.queries.ts';
import { CASE_WORK_ROLES } from './cases.policy.ts';
import { withdrawalFactsOf } from './manage-consents.ts';
import { caseConsentFacts } from './cases.queries.ts';
import { participatingOrganisations } from './case-participants.queries.ts';
import { authorOrganisation, organisationsById, type NamedRef } from './case-directory.queries.ts';
import { basesOnOffer, type LegalBasesOnOffer } from './legal-bases.ts';

/**
 * The choices the case screens offer next to what the read use cases answer: which organisations,
 * tables and users a form may name, and which consents this viewer may withdraw. Nothing here is
 * case content (no summary, item, consent purpose or identity), so nothing is decrypted or audited
 * as a content read; the rules are the policy's own, applied to the viewer's relation to the case.
 */

/** A user who may take part in case work, as a choice of the add-participant form. */
export interface CaseWorkerChoice {
  readonly id: string;
  readonly name: string;
  readonly organisationName: string;
}

export interface CaseScreenChoices {
  /** Every organisation of the network, by name (case owner, consent). */
  readonly organisations: readonly NamedRef[];
  /** Organisations taking part in the case: the ones a named audience may point to. */
  readonly participatingOrganisationIds: readonly string[];
  /** Active coordinators and professionals; only for a viewer who may manage participants, else empty. */
  readonly caseWorkers: readonly CaseWorkerChoice[];
  /** Consents of the case this viewer may withdraw right now. */
  readonly withdrawableConsentIds: readonly string[];
  /** The legal bases the viewer's organisation may name on an item, with the audiences each holds for (docs/legal-bases.md). */
  readonly legalBases: LegalBasesOnOffer;
  /** The tables the case may move to (every other table of the network); only for a viewer who may move it, else empty. */
  readonly moveTables: readonly (NamedRef & { readonly audience: string })[];
  /** The open age hand-over task of the case (its 18th birthday), for a viewer who may move it; else null. */
  readonly handover: { readonly dueOn: string } | null;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

async function sortedOrganisations(ctx: AppContext, actor: Actor): Promise<NamedRef[]> {
  return [...(await organisationsById(ctx.db, actor)).values()]
    .map((organisation) => ({ id: organisation.id, name: organisation.name }))
    .sort(byName);
}

/** Active users of the network holding a role that does case work, by name. */
async function caseWorkers(ctx: AppContext, actor: Actor): Promise<CaseWorkerChoice[]> {
  const rows = await ctx.db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'organisations.name as organisation_name'])
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId)
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', 'in', [...CASE_WORK_ROLES])
    .orderBy('users.name')
    .orderBy('organisations.name')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((row) => !seen.has(row.id) && seen.add(row.id))
    .map((row) => ({ id: row.id, name: row.name, organisationName: row.organisation_name }));
}

/** The choices of the case page's forms, for a viewer who can see the case (404 otherwise, like every case read). */
export async function caseScreenChoices(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<CaseScreenChoices> {
  const access = await openCase(ctx, actor, options.caseId, 'case.read');
  const [organisations, participating, consents, author] = await Promise.all([
    sortedOrganisations(ctx, actor),
    participatingOrganisations(ctx.db, actor, access),
    caseConsentFacts(ctx.db, actor, access),
    authorOrganisation(ctx.db, actor),
  ]);
  return {
    organisations,
    participatingOrganisationIds: [...participating],
    caseWorkers: can(actor, 'cases.manageParticipants', access) ? await caseWorkers(ctx, actor) : [],
    withdrawableConsentIds: consents
      .filter((consent) => can(actor, 'cases.withdrawConsent', { relation: access.relation, consent: withdrawalFactsOf(consent) }))
      .map((consent) => consent.id),
    legalBases: basesOnOffer(author),
    ...(await moveChoices(ctx, actor, access)),
  };
}

async function moveChoices(ctx: AppContext, actor: Actor, access: CaseAccess): Promise<Pick<CaseScreenChoices, 'moveTables' | 'handover'>> {
  if (!can(actor, 'cases.move', access)) return { moveTables: [], handover: null };
  const [tables, task] = await Promise.all([listTablesForSelect(ctx.db, actor), openHandoverTask(ctx.db, actor.tenantId, access.row.id)]);
  return {
    moveTables: tables.filter((table) => table.id !== access.row.table_id),
    handover: task ? { dueOn: task.due_on } : null,
  };
}

/** The tables and organisations the new-case form offers (coordinator only, as opening a case is). */
export async function newCaseChoices(actor: Actor, ctx: AppContext): Promise<{ tables: readonly NamedRef[]; organisations: readonly NamedRef[] }> {
  authorize(actor, 'cases.create');
  const [tables, organisations] = await Promise.all([listTablesForSelect(ctx.db, actor), sortedOrganisations(ctx, actor)]);
  return { tables: tables.map((table) => ({ id: table.id, name: table.name })), organisations };
}

/**
 * The tables the case list may be filtered on: every table for a coordinator (who manages them);
 * `null` for anyone else, whose choices come from the cases they can see (table names are the
 * coordinator's to list).
 */
export async function caseListTables(actor: Actor, ctx: AppContext): Promise<readonly NamedRef[] | null> {
  if (!can(actor, 'tables.list')) return null;
  return (await listTablesForSelect(ctx.db, actor)).map((table) => ({ id: table.id, name: table.name }));
}
