import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { agreementFacts, openAgreement, planAuditEvent, requireOpenCase } from './plan-access.ts';
import type { AgreementUpdate } from './plans.schemas.ts';

/**
 * The coordinator, or a professional of the responsible organisation, marks an agreement done, not
 * done (with why: circumstances changed, or the organisation did not act) or open again.
 */
export async function updateAgreement(options: { agreementId: string; input: AgreementUpdate }, actor: Actor, ctx: AppContext): Promise<void> {
  const { agreement, access } = await openAgreement(ctx, actor, options.agreementId, 'plans.updateAgreement');
  requireOpenCase(access);
  authorize(actor, 'plans.updateAgreement', agreementFacts(actor, access, agreement));
  const { status } = options.input;
  const reason = status === 'not_done' ? (options.input.reason ?? null) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('plan_agreements')
      .set({ status, reason, updated_by: actor.userId, updated_at: isoNow(ctx.clock), version: agreement.version + 1 })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', agreement.id)
      .execute();
    await recordAuditEvent(
      trx,
      ctx,
      planAuditEvent(actor, access, 'agreement.status_changed', { type: 'agreement', id: agreement.id }, { status, ...(reason && { reason }) }),
    );
  });
}
