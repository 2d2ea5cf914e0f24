import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { meetingDiscussesCase } from '../meetings/index.ts';
import { openObjective, planAuditEvent, planFacts, requireOpenCase } from './plan-access.ts';
import type { EvaluationCreate } from './plans.schemas.ts';

/**
 * The coordinator records a dated evaluation of an objective (plan, do, check, act: one at each
 * meeting), sealed and attributed to its author and their organisation; optionally tied to the
 * meeting where it was made (one of the case's table, not cancelled, with the case on its agenda —
 * anything else is `validation_failed` on `meetingId`, nothing written).
 */
export async function evaluateObjective(
  options: { objectiveId: string; input: EvaluationCreate },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string }> {
  const { objective, access } = await openObjective(ctx, actor, options.objectiveId, 'plans.manage');
  requireOpenCase(access);
  authorize(actor, 'plans.manage', planFacts(actor, access));
  const meetingId = options.input.meetingId ?? null;
  if (meetingId !== null && !(await meetingDiscussesCase(ctx.db, actor.tenantId, { meetingId, tableId: access.row.table_id, caseId: access.row.id })))
    throw new AppError('validation_failed', [{ path: 'meetingId', messageKey: 'validation.plan.meeting_not_discussing_case' }]);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const noteSealed = sealer.seal('plan_evaluations', id, 'note', options.input.note);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_evaluations')
      .values({
        id,
        tenant_id: actor.tenantId,
        objective_id: objective.id,
        note_sealed: noteSealed,
        author_user_id: actor.userId,
        author_organisation_id: actor.organisationId,
        created_at: isoNow(ctx.clock),
        meeting_id: meetingId,
      })
      .execute();
    await recordAuditEvent(
      trx,
      ctx,
      planAuditEvent(actor, access, 'objective.evaluated', { type: 'objective', id: objective.id }, meetingId ? { meetingId } : null),
    );
  });
  return { id };
}
