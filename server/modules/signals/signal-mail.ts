import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { activeUserContact, networkCoordinators, type MailRecipient, type SignalRow } from './signals.queries.ts';

/**
 * The consult point's mail. It holds a reference and a link — never what was reported, never who
 * reported, never a message's content. Mail goes out after the change committed; a failed mail is
 * logged (without address) and does not undo the change.
 */

/** What the system keeps of a reporter in `reporter_sealed` (read only to deliver mail). */
export interface SealedReporter {
  readonly userId?: string;
  readonly organisationId?: string;
  readonly name?: string;
  readonly organisation?: string;
  readonly contact?: string;
}

async function send(ctx: AppContext, actor: Actor, recipient: MailRecipient, key: string, values: Record<string, string>): Promise<void> {
  const tenant = await ctx.system.tenantById(actor.tenantId);
  const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
  const t = translator(locale);
  await ctx.mailer
    .send({ to: recipient.email, subject: t(`mail.${key}.subject`, values), text: t(`mail.${key}.body`, { name: recipient.name, ...values }) })
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'consult point mail failed'));
}

/** "A new signal arrived" to every active coordinator of the network (but the one who registered it): the reference only. */
export async function mailCoordinatorsNewSignal(ctx: AppContext, actor: Actor, signal: { id: string; reference: string }): Promise<void> {
  const coordinators = (await networkCoordinators(ctx.db, actor)).filter((coordinator) => coordinator.id !== actor.userId);
  const link = `${ctx.config.publicUrl}/signals/${signal.id}`;
  for (const coordinator of coordinators) await send(ctx, actor, coordinator, 'signal_received', { reference: signal.reference, link });
}

/** Where mail for the signal's reporter goes: their account (clear or sealed), else a contact that is an address. */
export async function reporterRecipient(ctx: AppContext, actor: Actor, row: SignalRow): Promise<MailRecipient | null> {
  let userId = row.reporter_user_id;
  let contact: string | undefined;
  if (userId === null && row.reporter_sealed !== null) {
    const sealed = JSON.parse(await fieldOpener(ctx, row.tenant_id).open('signals', row.id, 'reporter', row.reporter_sealed)) as SealedReporter;
    userId = sealed.userId ?? null;
    contact = sealed.contact;
  }
  if (userId !== null) return activeUserContact(ctx.db, actor, userId);
  if (contact && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) return { email: contact, name: '', locale: null };
  return null;
}

/** "There is news on your signal" to its reporter (whoever they are, the sender never learns). */
export async function mailReporterNews(ctx: AppContext, actor: Actor, row: SignalRow): Promise<void> {
  const recipient = await reporterRecipient(ctx, actor, row);
  if (!recipient) return;
  await send(ctx, actor, recipient, 'signal_news', { reference: row.reference, link: `${ctx.config.publicUrl}/signals/${row.id}` });
}
