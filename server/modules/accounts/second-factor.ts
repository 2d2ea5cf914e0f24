import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../context.ts';
import { open } from '../../platform/crypto.ts';
import { hashRecoveryCode, totpFor } from './mfa.ts';

const TOTP_PERIOD_MS = 30_000;

/** The TOTP time step a code belongs to, or null: accepts the previous, current and next step. */
export function matchingTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32, 'x', 'x').validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / TOTP_PERIOD_MS) + delta;
}

/** Pure rule: a step is usable once, and never one older than the last accepted (no replay). */
export function isFreshStep(step: number, lastAcceptedStep: number | null): boolean {
  return lastAcceptedStep === null || step > lastAcceptedStep;
}

export function unsealTotpSecret(masterKey: Buffer, userId: string, sealed: string): string {
  return open(masterKey, sealed, `users.mfa_secret:${userId}`);
}

export type SecondFactorResult = { readonly ok: true; readonly method: 'totp' | 'recovery_code' } | { readonly ok: false };

/**
 * Checks a TOTP code (single use: its step must be newer than the last accepted one) or, for an
 * enrolled user, one unused recovery code, which is then spent. Runs in the caller's transaction.
 */
export async function checkSecondFactor(
  trx: Transaction<Database>,
  ctx: AppContext,
  user: { id: string; tenantId: string; sealedSecret: string; lastStep: number | null; enrolled: boolean },
  code: string,
): Promise<SecondFactorResult> {
  const now = ctx.clock.now();
  const step = matchingTotpStep(unsealTotpSecret(ctx.masterKey, user.id, user.sealedSecret), code, now);
  if (step !== null) {
    if (!isFreshStep(step, user.lastStep)) return { ok: false };
    // Conditional on the stored step, so two requests racing with the same code cannot both pass.
    const claimed = await trx
      .updateTable('users')
      .set({ mfa_last_step: step })
      .where('tenant_id', '=', user.tenantId)
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? { ok: true, method: 'totp' } : { ok: false };
  }
  if (!user.enrolled) return { ok: false };
  const spent = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('tenant_id', '=', user.tenantId)
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? { ok: true, method: 'recovery_code' } : { ok: false };
}
