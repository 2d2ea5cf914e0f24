import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openCase, participatingOrganisations } from '../cases/index.ts';
import { linkedServices } from '../directory/index.ts';
import { scheduleJob } from '../jobs/index.ts';
import { planAuditEvent, planFacts, requireOpenCase } from './plan-access.ts';
import { findObjective } from './plans.queries.ts';
import type { AgreementCreate } from './plans.schemas.ts';
import { AGREEMENT_OVERDUE_JOB } from './plans.vocabulary.ts';

/** When the overdue reminder of an agreement runs: the start (UTC) of the day after its due date. */
export function overdueAt(dueDate: string): Date {
  return new Date(Date.parse(`${dueDate}T00:00:00Z`) + 86_400_000);
}

/**
 * The coordinator records what one partner organisation does for an objective of the case, by
 * when. The organisation must take part in the case (participant, case owner, referrer) or sit at
 * its table; the objective must be one of this case's; a linked service must be on this network's
 * social map. The description is sealed; the overdue
 * reminder is scheduled in the same transaction (one job per agreement, deduplicated by its id).
 */
export async function createAgreement(options: { caseId: string; input: AgreementCreate }, actor: Actor, ctx: AppContext): Promise<{ id: string }> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'plans.manage');
  requireOpenCase(access);
  authorize(actor, 'plans.manage', planFacts(actor, access));
  const problems: { path: string; messageKey: string }[] = [];
  const objective = await findObjective(ctx.db, actor.tenantId, input.objectiveId);
  if (!objective || objective.case_id !== access.row.id) problems.push({ path: 'objectiveId', messageKey: 'validation.plan.objective_not_of_case' });
  if (!(await participatingOrganisations(ctx.db, actor, access)).has(input.organisationId))
    problems.push({ path: 'organisationId', messageKey: 'validation.plan.organisation_not_participating' });
  if (input.serviceId !== undefined && !(await linkedServices(ctx.db, actor.tenantId, [input.serviceId], ctx.clock.now())).has(input.serviceId))
    problems.push({ path: 'serviceId', messageKey: 'validation.plan.service_unknown' });
  if (problems.length > 0) throw new AppError('validation_failed', problems);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const now = isoNow(ctx.clock);
  const descriptionSealed = sealer.seal('plan_agreements', id, 'description', input.description);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_agreements')
      .values({
        id,
        tenant_id: actor.tenantId,
        case_id: access.row.id,
        objective_id: input.objectiveId,
        organisation_id: input.organisationId,
        description_sealed: descriptionSealed,
        due_date: input.dueDate,
        status: 'open',
        reason: null,
        reminded_at: null,
        directory_service_id: input.serviceId ?? null,
        created_by: actor.userId,
        created_at: now,
        updated_by: actor.userId,
        updated_at: now,
        version: 1,
      })
      .execute();
    await scheduleJob(ctx, trx, {
      tenantId: actor.tenantId,
      kind: AGREEMENT_OVERDUE_JOB,
      payload: { agreementId: id },
      runAt: overdueAt(input.dueDate),
      dedupeKey: id,
    });
    await recordAuditEvent(
      trx,
      ctx,
      planAuditEvent(actor, access, 'agreement.created', { type: 'agreement', id }, { organisationId: input.organisationId }),
    );
  });
  return { id };
}
