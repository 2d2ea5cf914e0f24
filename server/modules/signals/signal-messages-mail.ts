import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import type { Locale } from '../../platform/config.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { reporterRecipient, type SealedReporter } from './signal-mail.ts';
import { coordinatorRecipients } from './signal-messages.queries.ts';
import type { SignalRow } from './signals.queries.ts';

/**
 * The reply channel's mails. A mail says THAT there is something on a signal — its reference and a
 * link to sign in — never what: no message text, no advice, no person, and never who reported (a
 * coordinator's mail does not name the reporter; a reporter's mail does not name the coordinator).
 * The reporter's address is found by the system (signal-mail.ts `reporterRecipient`: their account,
 * in clear or sealed), opened only to deliver the mail, never shown or logged.
 */

/** What a mail tells: a message arrived, the consult point asks something, the reporter answered, a public question came in. */
export type SignalMailKind = 'message_to_reporter' | 'message_to_coordinators' | 'disclosure_request' | 'disclosure_answer' | 'public_question';

/** Which text a kind uses (`mail.<key>.subject` / `.body`). */
const MAIL_KEYS: Readonly<Record<SignalMailKind, string>> = {
  message_to_reporter: 'signal_message',
  message_to_coordinators: 'signal_reporter_message',
  disclosure_request: 'signal_question',
  disclosure_answer: 'signal_reporter_answer',
  public_question: 'signal_public_question',
};

const TO_REPORTER: ReadonlySet<SignalMailKind> = new Set(['message_to_reporter', 'disclosure_request']);

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

/** The account behind a signal's sealed reporter, if it is one (a reporter registered by phone may have none). */
export async function sealedReporterAccount(
  ctx: AppContext,
  row: Pick<SignalRow, 'id' | 'tenant_id' | 'reporter_sealed'>,
): Promise<{ userId: string; organisationId: string | null } | null> {
  if (!row.reporter_sealed) return null;
  const plain = await fieldOpener(ctx, row.tenant_id).open('signals', row.id, 'reporter', row.reporter_sealed);
  let sealed: SealedReporter;
  try {
    sealed = JSON.parse(plain) as SealedReporter;
  } catch {
    return null;
  }
  if (typeof sealed.userId !== 'string' || sealed.userId === '') return null;
  return {
    userId: sealed.userId,
    organisationId: typeof sealed.organisationId === 'string' && sealed.organisationId !== '' ? sealed.organisationId : null,
  };
}

/**
 * Sends the mail of `kind` about a signal, after the change was committed. `actor` is whoever acted
 * (null for a visitor of the public form). A mail that cannot be sent does not undo the change (the
 * message is stored and shown on the next visit); the failure is logged with the error's class
 * only — never the address or the reference. Answers how many mails left.
 */
export async function sendSignalMail(ctx: AppContext, kind: SignalMailKind, row: SignalRow, actor: Actor | null): Promise<number> {
  const recipients = TO_REPORTER.has(kind)
    ? actor
      ? [await reporterRecipient(ctx, actor, row)].filter((entry) => entry !== null)
      : []
    : await coordinatorRecipients(ctx.db, row.tenant_id);
  if (recipients.length === 0) return 0;
  const tenant = await ctx.system.tenantById(row.tenant_id);
  const link = `${ctx.config.publicUrl}/signals/${row.id}/messages`;
  let sent = 0;
  for (const recipient of recipients) {
    const locale: Locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
    const mail = signalMailText(locale, kind, { name: recipient.name, reference: row.reference, network: tenant?.name ?? '', link });
    try {
      await ctx.mailer.send({ to: recipient.email, ...mail });
      sent += 1;
    } catch (error) {
      ctx.logger.error({ error: error instanceof Error ? error.name : 'unknown', mail: kind }, 'signal mail not sent');
    }
  }
  return sent;
}
