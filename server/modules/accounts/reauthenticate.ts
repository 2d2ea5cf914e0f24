import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';
import { randomSecret } from '../../platform/ids.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { checkSecondFactor } from './second-factor.ts';
import { assertNotThrottled, clearFailures, recordFailure, secondFactorKey } from './sign-in-throttle.ts';

/**
 * A signed-in user confirms password and code again before administrative work; the session's
 * sign-in time is renewed. Wrong answers count against the second-factor throttle.
 */
export async function reauthenticate(options: { password: string; code: string }, actor: Actor, ctx: AppContext): Promise<{ sessionId: string }> {
  if (actor.authentication.kind !== 'session') throw new AppError('forbidden', [], { deniedAction: 'me.reauthenticate' });
  const sessionIdHash = actor.authentication.sessionIdHash;
  const throttle = [secondFactorKey(actor.userId)];
  await assertNotThrottled(ctx.db, ctx.clock.now(), throttle);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'mfa_secret_sealed', 'mfa_enrolled_at', 'mfa_last_step'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const passwordOk = user.password_hash !== null && (await verifyPassword(user.password_hash, options.password));
  // A raised privilege level gets a new session id (ASVS v5.0.0-7.2.4).
  const newSessionId = randomSecret(32);
  const confirmed = await ctx.db.transaction().execute(async (trx) => {
    if (!passwordOk || !user.mfa_secret_sealed || user.mfa_enrolled_at === null) return false;
    const check = await checkSecondFactor(
      trx,
      ctx,
      {
        id: user.id,
        tenantId: actor.tenantId,
        sealedSecret: user.mfa_secret_sealed,
        lastStep: user.mfa_last_step === null ? null : Number(user.mfa_last_step),
        enrolled: true,
      },
      options.code,
    );
    if (!check.ok) return false;
    await trx
      .updateTable('sessions')
      .set({ authenticated_at: ctx.clock.now().toISOString(), id_hash: sha256(newSessionId) })
      .where('tenant_id', '=', actor.tenantId)
      .where('id_hash', '=', sessionIdHash)
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.sign_in',
      resource: { type: 'session' },
      requestId: actor.requestId ?? null,
      details: { reauthentication: true, secondFactor: check.method },
    });
    return true;
  });
  if (!confirmed) {
    await recordFailure(ctx, throttle);
    throw new AppError('validation_failed', [{ path: 'code', messageKey: 'signin.reauth_failed' }]);
  }
  await clearFailures(ctx, throttle);
  return { sessionId: newSessionId };
}
