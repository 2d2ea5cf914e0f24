import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { startSession } from './sessions.ts';

/**
 * Checks email and password and starts a session. Unknown email, wrong password, disabled account
 * and an account without a password all give the same `invalid_credentials`, after the same
 * argon2 work, so the answer does not reveal which accounts exist.
 */
export async function signInWithPassword(
  options: { email: string; password: string },
  ctx: AppContext,
): Promise<{ sessionId: string; expiresAt: Date; tenantId: string; userId: string }> {
  const candidate = await ctx.system.loginCandidate(options.email);
  const storedHash = candidate?.passwordHash ?? (await dummyPasswordHash());
  const passwordMatches = await verifyPassword(storedHash, options.password);
  if (!candidate || !candidate.passwordHash || !passwordMatches || candidate.status !== 'active') {
    throw new AppError('invalid_credentials');
  }
  const session = await startSession(ctx, { tenantId: candidate.tenantId, userId: candidate.id });
  return { sessionId: session.id, expiresAt: session.expiresAt, tenantId: candidate.tenantId, userId: candidate.id };
}
