import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { ANONYMOUS, recordAuditEvent } from '../audit/index.ts';
import { startSession } from './sessions.ts';

/**
 * Checks email and password and starts a session. Unknown email, wrong password, disabled account
 * and an account without a password all give the same `invalid_credentials`, after the same
 * argon2 work, so the answer does not reveal which accounts exist.
 */
export async function signInWithPassword(
  options: { email: string; password: string; requestId?: string },
  ctx: AppContext,
): Promise<{ sessionId: string; expiresAt: Date; tenantId: string; userId: string }> {
  const candidate = await ctx.system.loginCandidate(options.email);
  const storedHash = candidate?.passwordHash ?? (await dummyPasswordHash());
  const passwordMatches = await verifyPassword(storedHash, options.password);
  if (!candidate || !candidate.passwordHash || !passwordMatches || candidate.status !== 'active') {
    const reason = !candidate ? 'unknown_account' : candidate.status !== 'active' ? 'account_disabled' : 'wrong_password';
    await ctx.db.transaction().execute((trx) =>
      recordAuditEvent(trx, ctx, {
        subject: candidate ? { ...ANONYMOUS, tenantId: candidate.tenantId, userId: candidate.id, organisationId: candidate.organisationId } : ANONYMOUS,
        action: 'auth.sign_in_failed',
        resource: { type: 'session' },
        decision: 'deny',
        requestId: options.requestId ?? null,
        details: { reason },
      }),
    );
    throw new AppError('invalid_credentials');
  }
  const session = await startSession(ctx, { tenantId: candidate.tenantId, userId: candidate.id });
  await ctx.db.transaction().execute((trx) =>
    recordAuditEvent(trx, ctx, {
      subject: { ...ANONYMOUS, tenantId: candidate.tenantId, userId: candidate.id, organisationId: candidate.organisationId },
      action: 'auth.sign_in',
      resource: { type: 'session' },
      requestId: options.requestId ?? null,
      details: { method: 'password' },
    }),
  );
  return { sessionId: session.id, expiresAt: session.expiresAt, tenantId: candidate.tenantId, userId: candidate.id };
}
