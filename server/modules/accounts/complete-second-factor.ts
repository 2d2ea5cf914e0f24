import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, appendAuditEvent } from '../audit/index.ts';
import { hashRecoveryCode, newRecoveryCodes } from './mfa.ts';
import { checkSecondFactor } from './second-factor.ts';
import { dropSession, startSession } from './sessions.ts';
import { assertNotThrottled, clearFailures, recordFailure, secondFactorKey } from './sign-in-throttle.ts';

export interface SecondFactorStep {
  /** The id of the new, full session (a new id: the pending one is dropped). */
  readonly sessionId: string;
  readonly userId: string;
  readonly tenantId: string;
  /** Present when this step confirmed the enrolment: shown once, never again. */
  readonly recoveryCodes?: string[];
}

/**
 * Second step of sign-in: a TOTP code (or an unused recovery code) for the user of a pending
 * session. For a user who is enrolling, the code confirms the new authenticator and ten recovery
 * codes are issued. On success the pending session is replaced by a new one (new id), and the
 * sign-in is audited; a wrong code counts against the user's second-factor throttle.
 */
export async function completeSecondFactor(
  options: { pending: { tenantId: string; userId: string; sessionIdHash: string }; code: string; requestId?: string; userAgent?: string },
  ctx: AppContext,
): Promise<SecondFactorStep> {
  const { pending } = options;
  const throttle = [secondFactorKey(pending.userId)];
  await assertNotThrottled(ctx.db, ctx.clock.now(), throttle);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'organisation_id', 'status', 'mfa_secret_sealed', 'mfa_enrolled_at', 'mfa_last_step'])
    .where('tenant_id', '=', pending.tenantId)
    .where('id', '=', pending.userId)
    .executeTakeFirst();
  if (!user || user.status !== 'active' || !user.mfa_secret_sealed) throw new AppError('unauthenticated');
  const enrolled = user.mfa_enrolled_at !== null;
  const roles = await ctx.db
    .selectFrom('user_roles')
    .select('role')
    .where('tenant_id', '=', user.tenant_id)
    .where('user_id', '=', user.id)
    .orderBy('role')
    .execute();
  const subject = { tenantId: user.tenant_id, userId: user.id, organisationId: user.organisation_id, roles: roles.map((row) => row.role) };

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const check = await checkSecondFactor(
      trx,
      ctx,
      {
        id: user.id,
        tenantId: user.tenant_id,
        sealedSecret: user.mfa_secret_sealed!,
        lastStep: user.mfa_last_step === null ? null : Number(user.mfa_last_step),
        enrolled,
      },
      options.code,
    );
    if (!check.ok) return null;
    let recoveryCodes: string[] | undefined;
    if (!enrolled) {
      recoveryCodes = newRecoveryCodes();
      await trx
        .updateTable('users')
        .set({ mfa_enrolled_at: isoNow(ctx.clock) })
        .where('tenant_id', '=', user.tenant_id)
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('recovery_codes').where('tenant_id', '=', user.tenant_id).where('user_id', '=', user.id).execute();
      await trx
        .insertInto('recovery_codes')
        .values(
          recoveryCodes.map((code) => ({
            id: newId(),
            tenant_id: user.tenant_id,
            user_id: user.id,
            code_hash: hashRecoveryCode(code),
            used_at: null,
          })),
        )
        .execute();
      await recordAuditEvent(trx, ctx, {
        subject,
        action: 'auth.mfa_enrolled',
        resource: { type: 'user', id: user.id },
        requestId: options.requestId ?? null,
      });
    }
    if (check.method === 'recovery_code') {
      await recordAuditEvent(trx, ctx, {
        subject,
        action: 'auth.recovery_code_used',
        resource: { type: 'user', id: user.id },
        requestId: options.requestId ?? null,
      });
    }
    await dropSession(ctx, { tenantId: pending.tenantId, sessionIdHash: pending.sessionIdHash }, trx);
    const session = await startSession(ctx, { tenantId: user.tenant_id, userId: user.id, mfaVerified: true, userAgent: options.userAgent }, trx);
    await recordAuditEvent(trx, ctx, {
      subject,
      action: 'auth.sign_in',
      resource: { type: 'session' },
      requestId: options.requestId ?? null,
      details: { secondFactor: check.method },
    });
    return { sessionId: session.id, recoveryCodes };
  });

  if (!outcome) {
    await recordFailure(ctx, throttle);
    await appendAuditEvent(ctx, {
      subject,
      action: 'auth.sign_in_failed',
      resource: { type: 'session' },
      decision: 'deny',
      requestId: options.requestId ?? null,
      details: { reason: 'wrong_code', step: enrolled ? 'second_factor' : 'enrolment' },
    });
    throw new AppError('validation_failed', [{ path: 'code', messageKey: 'signin.invalid_code' }]);
  }
  await clearFailures(ctx, throttle);
  return {
    sessionId: outcome.sessionId,
    userId: user.id,
    tenantId: user.tenant_id,
    ...(outcome.recoveryCodes && { recoveryCodes: outcome.recoveryCodes }),
  };
}
