import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { readCase, type AuditedCaseRead } from './case-door.ts';
import { caseConsents } from './cases.queries.ts';
import { participantsOf } from './case-participants.queries.ts';
import { organisationsById } from './case-directory.queries.ts';
import { presentConsent } from './cases.presenter.ts';
import type { ConsentView, ParticipantView } from './cases.schemas.ts';

/** Who takes part in the case: the table's key figures, guests, the care network. Audited as a case read. */
export async function listParticipants(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<ParticipantView[]> {
  return participantViews(ctx, actor, await readCase(ctx, actor, options.caseId, 'participants'));
}

/** Who takes part, as shown to a viewer of the case, from an audited read. */
export async function participantViews(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<ParticipantView[]> {
  const [participants, organisations] = await Promise.all([participantsOf(ctx.db, actor, read), organisationsById(ctx.db, actor)]);
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
  return consentViews(ctx, actor, await readCase(ctx, actor, options.caseId, 'consents'));
}

/** The case's consents, opened, from an audited read. */
export async function consentViews(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<ConsentView[]> {
  const [consents, organisations] = await Promise.all([caseConsents(ctx.db, actor, read), organisationsById(ctx.db, actor)]);
  const opener = fieldOpener(ctx, actor.tenantId);
  return Promise.all(consents.map((consent) => presentConsent(consent, organisations, opener)));
}
