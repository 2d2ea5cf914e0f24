import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openCase } from '../cases/index.ts';
import { planAuditEvent, planFacts, requireOpenCase } from './plan-access.ts';
import type { ObjectiveCreate } from './plans.schemas.ts';

/** The coordinator adds an objective to an open case's plan: its title sealed, an optional due date, status open. */
export async function createObjective(options: { caseId: string; input: ObjectiveCreate }, actor: Actor, ctx: AppContext): Promise<{ id: string }> {
  const access = await openCase(ctx, actor, options.caseId, 'plans.manage');
  requireOpenCase(access);
  authorize(actor, 'plans.manage', planFacts(actor, access));
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const now = isoNow(ctx.clock);
  const titleSealed = sealer.seal('plan_objectives', id, 'title', options.input.title);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_objectives')
      .values({
        id,
        tenant_id: actor.tenantId,
        case_id: access.row.id,
        title_sealed: titleSealed,
        due_date: options.input.dueDate ?? null,
        status: 'open',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await recordAuditEvent(trx, ctx, planAuditEvent(actor, access, 'objective.created', { type: 'objective', id }));
  });
  return { id };
}
