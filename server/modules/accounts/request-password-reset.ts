import type { AppContext } from '../../context.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { ANONYMOUS, recordAuditEvent, appendAuditEvent } from '../audit/index.ts';
import { accountKey, addressKey, assertNotThrottled, recordFailure } from './sign-in-throttle.ts';
import { issueUserToken } from './user-tokens.ts';

/**
 * Someone asks for a password reset link. The answer is the same whether or not the address belongs
 * to an account (no enumeration); the work done is comparable too. Each request counts against the
 * account and address throttles, so the form cannot be used to flood a mailbox. An address may have
 * an account in several networks (ADR 0020): each active account gets its own link, in its own mail
 * that names the network.
 */
export async function requestPasswordReset(options: { email: string; ip: string; requestId?: string }, ctx: AppContext): Promise<void> {
  const keys = [
    { ...accountKey(options.email), key: `reset:${accountKey(options.email).key}` },
    { ...addressKey(options.ip), key: `reset:${addressKey(options.ip).key}` },
  ];
  await assertNotThrottled(ctx.db, ctx.clock.now(), keys);
  await recordFailure(ctx, keys);
  const accounts = (await ctx.system.loginCandidates(options.email)).filter((candidate) => candidate.status === 'active' && candidate.passwordHash);
  // Spend about the same time whatever the address (a hash verification) before answering.
  await verifyPassword(await dummyPasswordHash(), options.email);
  if (accounts.length === 0) {
    await appendAuditEvent(ctx, {
      subject: ANONYMOUS,
      action: 'auth.password_reset_requested',
      resource: { type: 'user' },
      decision: 'deny',
      requestId: options.requestId ?? null,
      details: { reason: 'unknown_account' },
    });
    return;
  }
  for (const candidate of accounts) {
    const subject = { tenantId: candidate.tenantId, userId: candidate.id, organisationId: candidate.organisationId, roles: [] };
    const token = await ctx.db.transaction().execute(async (trx) => {
      const issued = await issueUserToken(ctx, trx, { tenantId: candidate.tenantId, userId: candidate.id }, 'password_reset');
      await recordAuditEvent(trx, ctx, {
        subject,
        action: 'auth.password_reset_requested',
        resource: { type: 'user', id: candidate.id },
        requestId: options.requestId ?? null,
      });
      return issued;
    });
    const user = await ctx.db
      .selectFrom('users')
      .select(['name', 'locale'])
      .where('tenant_id', '=', candidate.tenantId)
      .where('id', '=', candidate.id)
      .executeTakeFirstOrThrow();
    const tenant = await ctx.system.tenantById(candidate.tenantId);
    const t = translator(isLocale(user.locale) ? user.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl');
    const network = tenant?.name ?? '';
    // Sent without waiting, so a known address is not answered later than an unknown one; the link is
    // committed, and a failure is logged (the user can ask again).
    void ctx.mailer
      .send({
        to: options.email,
        subject: t('mail.reset.subject', { network }),
        text: t('mail.reset.body', { name: user.name, network, link: `${ctx.config.publicUrl}/password/reset/${token}` }),
      })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'password reset mail failed'));
  }
}
