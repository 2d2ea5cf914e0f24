import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { subjectOf, type AuditAction, type AuditEventInput } from '../audit/index.ts';
import { accessPurpose, openCase, type CaseAccess } from '../cases/index.ts';
import type { AgreementFacts, PlanFacts } from './plans.policy.ts';
import { findAgreement, findObjective, type AgreementRow, type ObjectiveRow } from './plans.queries.ts';

/** The policy's facts about the actor and one case, from the case door's relation. */
export function planFacts(actor: Actor, access: CaseAccess): PlanFacts {
  const { relation } = access;
  return {
    tenantId: access.facts.tenantId,
    seesCase: accessPurpose(relation) !== null,
    coordinator: relation.coordinator,
    tableAudience: relation.coordinator || relation.keyFigure || relation.guest,
  };
}

export function agreementFacts(actor: Actor, access: CaseAccess, agreement: { organisation_id: string }): AgreementFacts {
  return { ...planFacts(actor, access), organisationId: agreement.organisation_id };
}

/** A change of a plan of a case that is not open answers 409, before the policy's 403. */
export function requireOpenCase(access: CaseAccess): void {
  if (access.facts.status !== 'open') throw new AppError('conflict');
}

/**
 * An objective through its case: a missing id and an objective of a case the actor may not see
 * answer the same 404 (the case door records the attempt).
 */
export async function openObjective(
  ctx: AppContext,
  actor: Actor,
  objectiveId: string,
  attempted: string,
): Promise<{ objective: ObjectiveRow; access: CaseAccess }> {
  const objective = await findObjective(ctx.db, actor.tenantId, objectiveId);
  if (!objective) throw new AppError('not_found');
  return { objective, access: await openCase(ctx, actor, objective.case_id, attempted) };
}

export async function openAgreement(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  attempted: string,
): Promise<{ agreement: AgreementRow; access: CaseAccess }> {
  const agreement = await findAgreement(ctx.db, actor.tenantId, agreementId);
  if (!agreement) throw new AppError('not_found');
  return { agreement, access: await openCase(ctx, actor, agreement.case_id, attempted) };
}

/** The audit event of a change of a plan: who, which case (by pseudonym), why, what. */
export function planAuditEvent(
  actor: Actor,
  access: CaseAccess,
  action: AuditAction,
  resource: { type: 'objective' | 'agreement'; id: string },
  details: AuditEventInput['details'] = null,
): AuditEventInput {
  return {
    subject: subjectOf(actor),
    action,
    resource,
    caseId: access.row.id,
    personPseudonym: access.row.reference,
    purpose: accessPurpose(access.relation),
    requestId: actor.requestId ?? null,
    details,
  };
}
