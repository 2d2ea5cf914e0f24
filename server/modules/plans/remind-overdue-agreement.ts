import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { activeProfessionalsOf } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { registerJobHandler, type JobInfo, type JobPayload } from '../jobs/index.ts';
import { caseReferenceOf, findAgreement } from './plans.queries.ts';
import { MEETING_ACTION_POINTS_JOB } from '../meetings/index.ts';
import { AGREEMENT_OVERDUE_JOB } from './plans.vocabulary.ts';
import { sendActionPoints } from './send-action-points.ts';

/**
 * The overdue reminder, once per agreement: if the agreement is still open the day after its due
 * date, `reminded_at` is set with a compare-and-set in the transaction that records
 * `agreement.reminded`, so a second run (a restart, another node, a retried job) does nothing; then
 * the responsible organisation's professionals get a mail with the case reference and a link — no
 * content. A crash between the two loses the mail, never doubles it.
 */
export async function remindOverdueAgreement(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const agreement = await findAgreement(ctx.db, job.tenantId, String(payload.agreementId ?? ''));
  if (!agreement || agreement.status !== 'open' || agreement.reminded_at !== null) return;
  const now = isoNow(ctx.clock);
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('plan_agreements')
      .set({ reminded_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', agreement.id)
      .where('reminded_at', 'is', null)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return null;
    const reference = await caseReferenceOf(trx, job.tenantId, agreement.case_id);
    await recordAuditEvent(trx, ctx, {
      subject: { tenantId: job.tenantId, userId: null, organisationId: null, roles: [] },
      action: 'agreement.reminded',
      resource: { type: 'agreement', id: agreement.id },
      caseId: agreement.case_id,
      personPseudonym: reference,
      details: { organisationId: agreement.organisation_id },
    });
    return reference;
  });
  if (claimed === null) return;
  const tenant = await ctx.system.tenantById(job.tenantId);
  const link = `${ctx.config.publicUrl}/cases/${agreement.case_id}/plan`;
  for (const recipient of await activeProfessionalsOf(ctx.db, job.tenantId, [agreement.organisation_id])) {
    const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
    const t = translator(locale);
    const values = { reference: claimed, link, name: recipient.name };
    await ctx.mailer
      .send({ to: recipient.email, subject: t('mail.agreement_overdue.subject', values), text: t('mail.agreement_overdue.body', values) })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'agreement reminder mail failed'));
  }
}

let registered = false;

/** Registers the module's job handlers (overdue reminders, action points after a closed meeting), once per process (the module registers with every app it joins). */
export function registerPlanJobHandlers(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(AGREEMENT_OVERDUE_JOB, remindOverdueAgreement);
  registerJobHandler(MEETING_ACTION_POINTS_JOB, sendActionPoints);
}
