import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { prepareEnrolment } from './mfa-enrolment.ts';
import { startSession } from './sessions.ts';
import { revokeEveryTokenOf } from './api-token-lifetime.ts';
import { userTokenUsable, type UserTokenPurpose } from './user-tokens.ts';

/** Looks a link token up; unknown, used, expired or for a disabled user all answer 404 alike. */
export async function findUsableLink(ctx: AppContext, token: string, purpose: UserTokenPurpose) {
  const found = await ctx.system.userTokenByHash(sha256(token));
  if (!found || found.token.purpose !== purpose || !userTokenUsable(found.token, ctx.clock.now()) || found.user.status !== 'active') {
    throw new AppError('not_found');
  }
  return found;
}

/**
 * The user of an invitation or reset link chooses a password. The link is spent. After an
 * invitation the user goes on to enrol an authenticator (pending session); after a reset every
 * session of the user ends and the next sign-in still asks for the second factor — a reset never
 * bypasses MFA. Either way every API token of the user is revoked: a recovered credential leaves no
 * older way in.
 */
export async function setPasswordWithLink(
  options: { token: string; purpose: UserTokenPurpose; password: string; requestId?: string; userAgent?: string; issuer: string },
  ctx: AppContext,
): Promise<{ pendingSessionId: string | null }> {
  const found = await findUsableLink(ctx, options.token, options.purpose);
  const { user, token } = found;
  const passwordHash = await hashPassword(options.password);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('user_tokens')
      .set({ used_at: now })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', token.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new AppError('not_found');
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('tenant_id', '=', user.tenant_id)
      .where('id', '=', user.id)
      .execute();
    if (options.purpose === 'password_reset') {
      await trx.deleteFrom('sessions').where('tenant_id', '=', user.tenant_id).where('user_id', '=', user.id).execute();
    }
    const subject = { tenantId: user.tenant_id, userId: user.id, organisationId: user.organisation_id, roles: [] };
    await revokeEveryTokenOf(trx, ctx, {
      tenantId: user.tenant_id,
      userId: user.id,
      reason: options.purpose === 'invitation' ? 'invitation' : 'password_reset',
      subject,
      requestId: options.requestId ?? null,
    });
    await recordAuditEvent(trx, ctx, {
      subject,
      action: 'auth.password_set',
      resource: { type: 'user', id: user.id },
      requestId: options.requestId ?? null,
      details: { via: options.purpose },
    });
  });
  // The user's tokens were revoked.
  ctx.system.principalsChanged();
  if (options.purpose !== 'invitation' || user.mfa_enrolled_at !== null) return { pendingSessionId: null };
  await prepareEnrolment(ctx, { tenantId: user.tenant_id, userId: user.id, email: user.email, issuer: options.issuer });
  const session = await startSession(ctx, { tenantId: user.tenant_id, userId: user.id, mfaVerified: false, userAgent: options.userAgent });
  return { pendingSessionId: session.id };
}
