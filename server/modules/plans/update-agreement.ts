import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { linkedServices } from '../directory/index.ts';
import { agreementFacts, openAgreement, planAuditEvent, requireOpenCase } from './plan-access.ts';
import type { AgreementUpdate } from './plans.schemas.ts';

/**
 * The coordinator, or a professional of the responsible organisation, marks an agreement done, not
 * done (with why: circumstances changed, or the organisation did not act) or open again; and/or
 * links it to a service of the network's social map (or unlinks it: null). A service of another
 * network's map, or of none, is a validation error; nothing changes.
 */
export async function updateAgreement(options: { agreementId: string; input: AgreementUpdate }, actor: Actor, ctx: AppContext): Promise<void> {
  const { agreement, access } = await openAgreement(ctx, actor, options.agreementId, 'plans.updateAgreement');
  requireOpenCase(access);
  authorize(actor, 'plans.updateAgreement', agreementFacts(actor, access, agreement));
  const { input } = options;
  if (input.serviceId && !(await linkedServices(ctx.db, actor.tenantId, [input.serviceId], ctx.clock.now())).has(input.serviceId))
    throw new AppError('validation_failed', [{ path: 'serviceId', messageKey: 'validation.plan.service_unknown' }]);
  const status = input.status ?? agreement.status;
  const reason = input.status === undefined ? agreement.reason : status === 'not_done' ? (input.reason ?? null) : null;
  const serviceId = input.serviceId === undefined ? agreement.directory_service_id : input.serviceId;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('plan_agreements')
      .set({
        status,
        reason,
        directory_service_id: serviceId,
        updated_by: actor.userId,
        updated_at: isoNow(ctx.clock),
        version: agreement.version + 1,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', agreement.id)
      .execute();
    if (input.status !== undefined)
      await recordAuditEvent(
        trx,
        ctx,
        planAuditEvent(actor, access, 'agreement.status_changed', { type: 'agreement', id: agreement.id }, { status, ...(reason && { reason }) }),
      );
    if (input.serviceId !== undefined)
      await recordAuditEvent(
        trx,
        ctx,
        planAuditEvent(actor, access, 'agreement.service_linked', { type: 'agreement', id: agreement.id }, { serviceId: input.serviceId ?? 'none' }),
      );
  });
}
