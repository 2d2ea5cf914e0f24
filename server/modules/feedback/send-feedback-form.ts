import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener, fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import type { Locale } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { listTableMembers } from '../tables/index.ts';
import { feedbackEvent, openForm, presentUserIds, requireDraft } from './feedback-access.ts';
import { feedbackPdf } from './feedback-pdf.ts';
import type { Quote } from './feedback-quotes.ts';
import { consensusOf } from './feedback.policy.ts';
import { activeUsersOfOrganisation, decisionsOn, findOrganisation, type FeedbackFormRow } from './feedback.queries.ts';

/** The consensus of the form's current version; 409 with a message saying what is missing unless reached. */
async function requireConsensus(ctx: AppContext, actor: Actor, form: FeedbackFormRow, present: readonly string[], locale: Locale) {
  const decisions = await decisionsOn(ctx.db, actor.tenantId, form.id, form.version);
  const consensus = consensusOf(
    present,
    decisions.map((row) => ({ userId: row.user_id, decision: row.decision })),
  );
  if (consensus.reached) return consensus;
  const t = translator(locale);
  const message =
    consensus.present === 0
      ? t('feedback.error.nobody_present')
      : consensus.refused > 0
        ? t('feedback.error.refused', { count: consensus.refused })
        : t('feedback.error.approvals_missing', { count: consensus.missing, present: consensus.present });
  throw new AppError('conflict', [], { details: { message, missingApprovals: consensus.missing, refusals: consensus.refused } });
}

/**
 * The coordinator sends a draft that every attendee present approved in its current version: the
 * PDF is made once and stored sealed, the form becomes `sent` (compare-and-set on draft and version,
 * so it is sent once) and never changes again; then the recipient organisation's users who sit at
 * the table get a mail with a link only.
 */
export async function sendFeedbackForm(
  options: { formId: string; locale: Locale },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; sentAt: string }> {
  const opened = await openForm(ctx, actor, options.formId);
  const { form, meeting } = opened;
  authorize(actor, 'feedback.manage', opened.facts);
  requireDraft(form);
  const consensus = await requireConsensus(ctx, actor, form, presentUserIds(opened.attendance), options.locale);
  const opener = fieldOpener(ctx, actor.tenantId);
  const quotes: Quote[] = JSON.parse((await opener.openOptional('feedback_forms', form.id, 'quotes', form.quotes_sealed)) ?? '[]') as Quote[];
  const recipient = await findOrganisation(ctx.db, actor.tenantId, form.recipient_organisation_id);
  const pdf = await feedbackPdf(
    {
      caseReference: opened.reference,
      meetingStartsAt: meeting.row.starts_at,
      tableName: meeting.table.name,
      recipient: recipient?.name ?? '',
      body: await opener.open('feedback_forms', form.id, 'body', form.body_sealed),
      quotes,
      approvedBy: consensus.approved,
    },
    options.locale,
  );
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const sentAt = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('feedback_forms')
      .set({
        status: 'sent',
        pdf_sealed: sealer.seal('feedback_forms', form.id, 'pdf', pdf.toString('base64')),
        approvals_at_send: consensus.approved,
        sent_by: actor.userId,
        sent_at: sentAt,
        updated_by: actor.userId,
        updated_at: sentAt,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', form.id)
      .where('status', '=', 'draft')
      .where('version', '=', form.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await recordAuditEvent(
      trx,
      ctx,
      feedbackEvent(actor, { id: form.id, caseId: form.case_id, meetingId: form.meeting_id }, opened.reference, 'feedback.sent', {
        version: form.version,
        approvals: consensus.approved,
        recipientOrganisationId: form.recipient_organisation_id,
      }),
    );
  });
  await notifyRecipient(ctx, actor, form, meeting.table.id);
  return { id: form.id, sentAt };
}

/** A mail to each active user of the recipient organisation seated at the table: a link, no content. */
async function notifyRecipient(ctx: AppContext, actor: Actor, form: FeedbackFormRow, tableId: string): Promise<void> {
  const seated = [...new Set((await listTableMembers(ctx.db, actor, tableId)).map((member) => member.user_id))];
  const link = `${ctx.config.publicUrl}/feedback-forms/${form.id}`;
  const tenant = await ctx.system.tenantById(actor.tenantId);
  for (const user of await activeUsersOfOrganisation(ctx.db, actor.tenantId, form.recipient_organisation_id, seated)) {
    const locale = isLocale(user.locale) ? user.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
    const t = translator(locale);
    await ctx.mailer
      .send({ to: user.email, subject: t('mail.feedback_sent.subject'), text: t('mail.feedback_sent.body', { name: user.name, link }) })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'feedback form mail failed'));
  }
}
