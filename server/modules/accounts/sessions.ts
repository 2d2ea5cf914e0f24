import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { sha256 } from '../../platform/crypto.ts';
import { randomSecret } from '../../platform/ids.ts';

/** SECURITY.md: 30 minutes idle, 12 hours absolute. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to spare the database a write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionState = 'valid' | 'idle_expired' | 'absolute_expired';

/** Pure rule: is a session still usable at `now`? */
export function sessionState(session: { last_seen_at: string; expires_at: string }, now: Date): SessionState {
  if (now.getTime() >= Date.parse(session.expires_at)) return 'absolute_expired';
  if (now.getTime() - Date.parse(session.last_seen_at) >= SESSION_IDLE_MS) return 'idle_expired';
  return 'valid';
}

/**
 * Starts a new session (a fresh 256-bit id every sign-in). Only the SHA-256 of the id is stored, so
 * a database dump gives no usable session. `mfaVerifiedAt` stays null until the MFA step exists.
 */
export async function startSession(ctx: AppContext, who: { tenantId: string; userId: string }): Promise<{ id: string; expiresAt: Date }> {
  const id = randomSecret(32);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await ctx.db
    .insertInto('sessions')
    .values({
      id_hash: sha256(id),
      tenant_id: who.tenantId,
      user_id: who.userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      authenticated_at: now.toISOString(),
      mfa_verified_at: null,
    })
    .execute();
  return { id, expiresAt };
}

/** Ends the actor's current browser session (sign-out), audited. */
export async function endSession(ctx: AppContext, actor: Actor, reason: 'sign_out'): Promise<void> {
  if (actor.authentication.kind !== 'session') return;
  const idHash = actor.authentication.sessionIdHash;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('id_hash', '=', idHash).execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.session_ended',
      resource: { type: 'session' },
      requestId: actor.requestId ?? null,
      details: { reason },
    });
  });
}
