import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openObjective, planAuditEvent, planFacts, requireOpenCase } from './plan-access.ts';
import type { ObjectiveStatus } from './plans.vocabulary.ts';

/** The coordinator marks an objective open, achieved or dropped. */
export async function changeObjectiveStatus(options: { objectiveId: string; status: ObjectiveStatus }, actor: Actor, ctx: AppContext): Promise<void> {
  const { objective, access } = await openObjective(ctx, actor, options.objectiveId, 'plans.manage');
  requireOpenCase(access);
  authorize(actor, 'plans.manage', planFacts(actor, access));
  if (objective.status === options.status) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('plan_objectives')
      .set({ status: options.status, updated_at: isoNow(ctx.clock), version: objective.version + 1 })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', objective.id)
      .execute();
    await recordAuditEvent(
      trx,
      ctx,
      planAuditEvent(actor, access, 'objective.status_changed', { type: 'objective', id: objective.id }, { status: options.status }),
    );
  });
}
