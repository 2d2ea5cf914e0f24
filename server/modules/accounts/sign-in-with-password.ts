import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { ANONYMOUS, recordAuditEvent } from '../audit/index.ts';
import { prepareEnrolment } from './mfa-enrolment.ts';
import { dropSession, startSession } from './sessions.ts';
import { accountKey, addressKey, assertNotThrottled, claimAttempt, clearFailures, recordFailure } from './sign-in-throttle.ts';

export interface PasswordStep {
  /** The id of the new pending session (cookie value). */
  readonly sessionId: string;
  readonly next: 'mfa' | 'mfa_enrolment';
  /** For enrolment: the authenticator key to show (QR code and text). */
  readonly otpauthUri?: string;
  readonly tenantId: string;
  readonly userId: string;
}

/**
 * First step of sign-in: email and password. Unknown email, wrong password, disabled account and an
 * account without a password all give the same `invalid_credentials` after the same argon2 work, and
 * all count against the same throttles, so the answer does not reveal which accounts exist. Success
 * starts a pending session (the browser's previous session, if any, is dropped): nothing but the
 * second factor — or enrolling one — is possible with it.
 */
export async function signInWithPassword(
  options: { email: string; password: string; ip?: string; requestId?: string; userAgent?: string; previousSessionId?: string; issuer?: string },
  ctx: AppContext,
): Promise<PasswordStep> {
  const now = ctx.clock.now();
  const account = accountKey(options.email);
  const address = addressKey(options.ip ?? 'local');
  await assertNotThrottled(ctx.db, now, [address]);
  await claimAttempt(ctx, account);
  const candidate = await ctx.system.loginCandidate(options.email);
  const storedHash = candidate?.passwordHash ?? (await dummyPasswordHash());
  const passwordMatches = await verifyPassword(storedHash, options.password);
  if (!candidate || !candidate.passwordHash || !passwordMatches || candidate.status !== 'active') {
    const reason = !candidate ? 'unknown_account' : candidate.status !== 'active' ? 'account_disabled' : 'wrong_password';
    await recordFailure(ctx, [address]);
    await ctx.db.transaction().execute((trx) =>
      recordAuditEvent(trx, ctx, {
        subject: candidate
          ? { ...ANONYMOUS, tenantId: candidate.tenantId, userId: candidate.id, organisationId: candidate.organisationId }
          : ANONYMOUS,
        action: 'auth.sign_in_failed',
        resource: { type: 'session' },
        decision: 'deny',
        requestId: options.requestId ?? null,
        details: { reason, step: 'password' },
      }),
    );
    throw new AppError('invalid_credentials');
  }
  await clearFailures(ctx, [account]);
  if (options.previousSessionId) await dropSession(ctx, { tenantId: candidate.tenantId, sessionIdHash: sha256(options.previousSessionId) });
  const otpauthUri = candidate.mfaEnrolled
    ? undefined
    : await prepareEnrolment(ctx, {
        tenantId: candidate.tenantId,
        userId: candidate.id,
        email: options.email,
        issuer: options.issuer ?? 'Partnertafel',
      });
  const session = await startSession(ctx, { tenantId: candidate.tenantId, userId: candidate.id, mfaVerified: false, userAgent: options.userAgent });
  return {
    sessionId: session.id,
    next: candidate.mfaEnrolled ? 'mfa' : 'mfa_enrolment',
    ...(otpauthUri && { otpauthUri }),
    tenantId: candidate.tenantId,
    userId: candidate.id,
  };
}
