import type { Actor } from '../../access/actor.ts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { sha256 } from '../../platform/crypto.ts';
import { randomSecret } from '../../platform/ids.ts';
import { PENDING_SESSION_MS, SESSION_ABSOLUTE_MS } from '../../access/session-rules.ts';

/** A short, readable description of the browser for the sessions list; never the full string. */
export function summariseUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  // Phones first: iOS user agents also say "like Mac OS X", Android ones also say "Linux".
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return system ? `${browser} · ${system}` : browser;
}

/**
 * Starts a new session with a fresh 256-bit id. Only the SHA-256 of the id is stored, so a database
 * dump gives no usable session. A session without `mfaVerified` is pending: it only lets its holder
 * give the second factor, for ten minutes.
 */
export async function startSession(
  ctx: AppContext,
  who: { tenantId: string; userId: string; mfaVerified: boolean; userAgent?: string | undefined },
  trx: Kysely<Database> = ctx.db,
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomSecret(32);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + (who.mfaVerified ? SESSION_ABSOLUTE_MS : PENDING_SESSION_MS));
  await trx
    .insertInto('sessions')
    .values({
      id_hash: sha256(id),
      tenant_id: who.tenantId,
      user_id: who.userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      authenticated_at: now.toISOString(),
      mfa_verified_at: who.mfaVerified ? now.toISOString() : null,
      user_agent: summariseUserAgent(who.userAgent),
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

/** Removes a session by the hash of its id, whatever its state (a pending or replaced session). */
export async function dropSession(ctx: AppContext, who: { tenantId: string; sessionIdHash: string }, trx: Kysely<Database> = ctx.db): Promise<void> {
  await trx.deleteFrom('sessions').where('tenant_id', '=', who.tenantId).where('id_hash', '=', who.sessionIdHash).execute();
}
