import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import type { Locale } from '../../platform/config.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { coordinatorRecipients, recipientById, type MailRecipient } from './signal-messages.queries.ts';

/**
 * The reply channel's mails. A mail says THAT there is something on a signal — its reference and a
 * link to sign in — never what: no message text, no advice, no person, and never who reported (a
 * coordinator's mail does not name the reporter; a reporter's mail does not name the coordinator).
 * The reporter's address is found by the system: from their account when they are known, else from
 * the sealed reporter (opened here only to deliver the mail, never shown or logged).
 */

/** What a mail tells: a message arrived, the consult point asks something, the reporter answered. */
export type SignalMailKind = 'message_to_reporter' | 'message_to_coordinators' | 'disclosure_request' | 'disclosure_answer';

/** Which text a kind uses (`mail.<key>.subject` / `.body`). */
const MAIL_KEYS: Readonly<Record<SignalMailKind, string>> = {
  message_to_reporter: 'signal_message',
  message_to_coordinators: 'signal_reporter_message',
  disclosure_request: 'signal_question',
  disclosure_answer: 'signal_reporter_answer',
};

/** The pure text of one mail, for one recipient's language. */
export function signalMailText(
  locale: Locale,
  kind: SignalMailKind,
  values: { name: string; reference: string; network: string; link: string },
): { subject: string; text: string } {
  const t = translator(locale);
  const key = MAIL_KEYS[kind];
  return { subject: t(`mail.${key}.subject`, { reference: values.reference }), text: t(`mail.${key}.body`, values) };
}

/** The signal as the mail needs it: no content. */
export interface SignalForMail {
  readonly id: string;
  readonly tenantId: string;
  readonly reference: string;
  readonly reporterUserId: string | null;
  readonly reporterSealed: string | null;
}

/** The account behind a signal's sealed reporter, if it is one (a reporter registered by phone may have none). */
export async function sealedReporterAccount(
  ctx: AppContext,
  signal: Pick<SignalForMail, 'id' | 'tenantId' | 'reporterSealed'>,
): Promise<{ userId: string; organisationId: string | null } | null> {
  if (!signal.reporterSealed) return null;
  const plain = await fieldOpener(ctx, signal.tenantId).open('signals', signal.id, 'reporter', signal.reporterSealed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { userId, organisationId } = parsed as { userId?: unknown; organisationId?: unknown };
  if (typeof userId !== 'string' || userId === '') return null;
  return { userId, organisationId: typeof organisationId === 'string' && organisationId !== '' ? organisationId : null };
}

async function reporterRecipient(ctx: AppContext, signal: SignalForMail): Promise<MailRecipient | null> {
  const userId = signal.reporterUserId ?? (await sealedReporterAccount(ctx, signal))?.userId ?? null;
  return userId ? recipientById(ctx.db, signal.tenantId, userId) : null;
}

/**
 * Sends the mail of `kind` about a signal, after the change was committed. A mail that cannot be sent
 * does not undo the message (it is stored and shown on the next visit); the failure is logged with
 * the error's class only — never the address or the reference.
 */
export async function sendSignalMail(ctx: AppContext, kind: SignalMailKind, signal: SignalForMail): Promise<number> {
  const toReporter = kind === 'message_to_reporter' || kind === 'disclosure_request';
  const recipients = toReporter ? [await reporterRecipient(ctx, signal)].filter((entry) => entry !== null) : await coordinatorRecipients(ctx.db, signal.tenantId);
  if (recipients.length === 0) return 0;
  const tenant = await ctx.system.tenantById(signal.tenantId);
  const link = `${ctx.config.publicUrl}/signals/${signal.id}/messages`;
  let sent = 0;
  for (const recipient of recipients) {
    const locale: Locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
    const mail = signalMailText(locale, kind, { name: recipient.name, reference: signal.reference, network: tenant?.name ?? '', link });
    try {
      await ctx.mailer.send({ to: recipient.email, ...mail });
      sent += 1;
    } catch (error) {
      ctx.logger.error({ error: error instanceof Error ? error.name : 'unknown', mail: kind }, 'signal mail not sent');
    }
  }
  return sent;
}
