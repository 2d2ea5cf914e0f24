import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import { caseConsents, organisationsById, participantsOf, type CaseAccess } from './cases.queries.ts';
import { presentConsent } from './cases.presenter.ts';
import type { ConsentView, ParticipantView } from './cases.schemas.ts';

/** Who takes part in the case: the table's key figures, guests, the care network. Audited as a case read. */
export async function listParticipants(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<ParticipantView[]> {
  const access = await openCase(ctx, actor, options.caseId, 'case.read');
  await auditCaseRead(ctx, actor, access, 'case.viewed', { part: 'participants' });
  return participantViews(ctx, actor, access);
}

/** Who takes part, as shown to a viewer of the case; the caller has audited the read. */
export async function participantViews(ctx: AppContext, actor: Actor, access: CaseAccess): Promise<ParticipantView[]> {
  const [participants, organisations] = await Promise.all([participantsOf(ctx.db, actor, access.row), organisationsById(ctx.db, actor)]);
  return participants.map((p) => ({
    userId: p.user_id,
    name: p.name,
    organisation: organisations.get(p.organisation_id) ?? { id: p.organisation_id, name: '—' },
    role: p.role,
    fromTable: p.fromTable,
  }));
}

/** The consents recorded for the case, current and withdrawn. Audited as a case read. */
export async function listConsents(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<ConsentView[]> {
  const access = await openCase(ctx, actor, options.caseId, 'case.read');
  await auditCaseRead(ctx, actor, access, 'case.viewed', { part: 'consents' });
  return consentViews(ctx, actor, access);
}

/** The case's consents, opened; the caller has audited the read. */
export async function consentViews(ctx: AppContext, actor: Actor, access: CaseAccess): Promise<ConsentView[]> {
  const [consents, organisations] = await Promise.all([caseConsents(ctx.db, actor, access.row.id), organisationsById(ctx.db, actor)]);
  const opener = fieldOpener(ctx, actor.tenantId);
  return Promise.all(consents.map((consent) => presentConsent(consent, organisations, opener)));
}
