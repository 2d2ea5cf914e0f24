import type { AppContext } from '../../context.ts';
import { newTotp, sealTotpSecret, totpFor } from './mfa.ts';
import { unsealTotpSecret } from './second-factor.ts';

/**
 * Gives a user who has no confirmed authenticator a fresh TOTP key, stored sealed until a first code
 * confirms it. A new key at every attempt: a half-finished enrolment never leaves a key behind that
 * someone else may have seen. Returns the otpauth URI.
 */
export async function prepareEnrolment(ctx: AppContext, user: { tenantId: string; userId: string; email: string; issuer: string }): Promise<string> {
  const totp = newTotp(user.email, user.issuer);
  await ctx.db
    .updateTable('users')
    .set({ mfa_secret_sealed: sealTotpSecret(ctx.masterKey, user.userId, totp.secretBase32), mfa_last_step: null, mfa_enrolled_at: null })
    .where('tenant_id', '=', user.tenantId)
    .where('id', '=', user.userId)
    .where('mfa_enrolled_at', 'is', null)
    .execute();
  return totp.otpauthUri;
}

/** The pending key of a user who is enrolling, to show again (QR code and text); null once enrolled. */
export async function pendingEnrolmentKey(
  ctx: AppContext,
  user: { tenantId: string; userId: string },
  issuer: string,
): Promise<{ otpauthUri: string; secretBase32: string } | null> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['email', 'mfa_secret_sealed', 'mfa_enrolled_at'])
    .where('tenant_id', '=', user.tenantId)
    .where('id', '=', user.userId)
    .executeTakeFirst();
  if (!row || row.mfa_enrolled_at !== null || !row.mfa_secret_sealed) return null;
  const secretBase32 = unsealTotpSecret(ctx.masterKey, user.userId, row.mfa_secret_sealed);
  return { secretBase32, otpauthUri: totpFor(secretBase32, row.email, issuer).toString() };
}
