import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { accountKey, assertNotThrottled, clearFailures, recordFailure } from './sign-in-throttle.ts';

/**
 * A signed-in user changes their own password, proving the current one (which is why no recent
 * sign-in is asked). A wrong current password counts against the same per-account throttle as a
 * failed sign-in, so this form is no side door for guessing. On success every other session of the
 * user ends (this one stays), the change is audited (`auth.password_changed`, with the number of
 * sessions ended) and the user gets a mail notice without a link. API tokens stay: they are their
 * own credentials, listed and revocable on the account page.
 */
export async function changeOwnPassword(
  options: { currentPassword: string; newPassword: string },
  actor: Actor,
  ctx: AppContext,
): Promise<{ sessionsEnded: number }> {
  authorize(actor, 'me.changePassword');
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'password_hash'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  if (!user) throw new AppError('unauthenticated');
  const throttle = [accountKey(user.email)];
  await assertNotThrottled(ctx.db, ctx.clock.now(), throttle);
  const currentOk = user.password_hash !== null && (await verifyPassword(user.password_hash, options.currentPassword));
  if (!currentOk) {
    await recordFailure(ctx, throttle);
    throw new AppError('validation_failed', [{ path: 'currentPassword', messageKey: 'account.password.current_wrong' }]);
  }
  await clearFailures(ctx, throttle);
  const passwordHash = await hashPassword(options.newPassword);
  const now = ctx.clock.now().toISOString();
  const keep = actor.authentication.kind === 'session' ? actor.authentication.sessionIdHash : null;
  const sessionsEnded = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', user.id)
      .execute();
    let others = trx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', user.id);
    if (keep !== null) others = others.where('id_hash', '!=', keep);
    const ended = Number((await others.executeTakeFirst()).numDeletedRows);
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.password_changed',
      resource: { type: 'user', id: user.id },
      requestId: actor.requestId ?? null,
      details: { sessionsEnded: ended },
    });
    return ended;
  });
  const tenant = await ctx.system.tenantById(actor.tenantId);
  const t = translator(isLocale(user.locale) ? user.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl');
  const network = tenant?.name ?? '';
  // The change is made; a mail that cannot leave is logged, not a failure of the change.
  await ctx.mailer
    .send({
      to: user.email,
      subject: t('mail.password_changed.subject', { network }),
      text: t('mail.password_changed.body', { name: user.name, network }),
    })
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'password change notice failed'));
  return { sessionsEnded };
}
