import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { findUser } from './accounts.queries.ts';
import { issueUserToken } from './user-tokens.ts';

/**
 * An administrator (re)sends the invitation of a user who has not chosen a password yet: a mail with
 * a one-time link, valid 72 hours, in the user's language. The token is committed before the mail
 * leaves; if sending fails the administrator sees it and can send again (a new link).
 */
export async function sendInvitation(options: { userId: string }, actor: Actor, ctx: AppContext): Promise<void> {
  authorize(actor, 'users.update');
  const user = await findUser(ctx.db, actor, options.userId);
  if (!user) throw new AppError('not_found');
  if (user.password_hash !== null || user.status !== 'active') throw new AppError('conflict');
  const tenant = await ctx.system.tenantById(actor.tenantId);
  const token = await ctx.db.transaction().execute(async (trx) => {
    const issued = await issueUserToken(ctx, trx, { tenantId: actor.tenantId, userId: user.id }, 'invitation');
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'user.invited',
      resource: { type: 'user', id: user.id },
      requestId: actor.requestId ?? null,
    });
    return issued;
  });
  const locale = isLocale(user.locale) ? user.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
  const t = translator(locale);
  await ctx.mailer.send({
    to: user.email,
    subject: t('mail.invitation.subject', { network: tenant?.name ?? '' }),
    text: t('mail.invitation.body', { name: user.name, network: tenant?.name ?? '', link: `${ctx.config.publicUrl}/invitation/${token}` }),
  });
}
