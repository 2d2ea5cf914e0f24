import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openObjective, planAuditEvent, planFacts, requireOpenCase } from './plan-access.ts';
import type { ObjectiveStatus } from './plans.vocabulary.ts';

/**
 * The coordinator marks an objective open, achieved or dropped. With `expectedVersion` (If-Match, or
 * the plan tab form's hidden field) a stale version answers 409 `conflict` and changes nothing.
 */
export async function changeObjectiveStatus(
  options: { objectiveId: string; status: ObjectiveStatus; expectedVersion?: number | null },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const { objective, access } = await openObjective(ctx, actor, options.objectiveId, 'plans.manage');
  requireOpenCase(access);
  authorize(actor, 'plans.manage', planFacts(actor, access));
  const version = Number(objective.version);
  const expected = options.expectedVersion ?? null;
  if (expected !== null && expected !== version) throw new AppError('conflict');
  if (objective.status === options.status) return;
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('plan_objectives')
      .set({ status: options.status, updated_at: isoNow(ctx.clock), version: version + 1 })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', objective.id)
      .where('version', '=', version)
      .executeTakeFirst();
    // Someone changed it between the read and this write.
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('conflict');
    await recordAuditEvent(
      trx,
      ctx,
      planAuditEvent(actor, access, 'objective.status_changed', { type: 'objective', id: objective.id }, { status: options.status }),
    );
  });
}
