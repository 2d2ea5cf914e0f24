import type { AppContext } from '../../context.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import type { MailRecipient } from './inquiries.queries.ts';

/**
 * The mail of network inquiries: the inquiry's reference and a link — never the person, the purpose
 * or the signal. Mail goes out after the change committed; a failed mail is logged (without address)
 * and does not undo the change.
 */
async function send(ctx: AppContext, tenantId: string, recipients: readonly MailRecipient[], key: string, values: Record<string, string>) {
  const tenant = await ctx.system.tenantById(tenantId);
  for (const recipient of recipients) {
    const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
    const t = translator(locale);
    await ctx.mailer
      .send({ to: recipient.email, subject: t(`mail.${key}.subject`, values), text: t(`mail.${key}.body`, { name: recipient.name, ...values }) })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'network inquiry mail failed'));
  }
}

/** "Your organisation was asked a question" to the asked organisations' professionals. */
export async function mailQuestionAsked(
  ctx: AppContext,
  tenantId: string,
  recipients: readonly MailRecipient[],
  inquiry: { id: string; reference: string },
): Promise<void> {
  await send(ctx, tenantId, recipients, 'inquiry_asked', { reference: inquiry.reference, link: `${ctx.config.publicUrl}/inquiries/${inquiry.id}` });
}

/** "The deadline is near and your organisation has not answered" (once per inquiry). */
export async function mailInquiryReminder(
  ctx: AppContext,
  tenantId: string,
  recipients: readonly MailRecipient[],
  inquiry: { id: string; reference: string; deadline: string },
): Promise<void> {
  await send(ctx, tenantId, recipients, 'inquiry_reminder', {
    reference: inquiry.reference,
    deadline: inquiry.deadline,
    link: `${ctx.config.publicUrl}/inquiries/${inquiry.id}`,
  });
}
