import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { API_TOKEN_PREFIX } from './create-api-token.ts';
import { apiTokenExpiry } from './api-token-lifetime.ts';

export interface OwnSession {
  readonly id: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly device: string | null;
  readonly current: boolean;
}

/** The actor's own signed-in sessions (pending ones are not shown), newest first. */
export async function listOwnSessions(actor: Actor, ctx: AppContext): Promise<OwnSession[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'user_agent'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .where('mfa_verified_at', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute();
  const currentHash = actor.authentication.kind === 'session' ? actor.authentication.sessionIdHash : null;
  // The handle shown is a hash of the stored hash: it names a session without being usable as one.
  return rows.map((row) => ({
    id: sha256(row.id_hash).slice(0, 32),
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    device: row.user_agent,
    current: row.id_hash === currentHash,
  }));
}

/** Ends one of the actor's other sessions (e.g. a forgotten browser at the office). */
export async function endOwnSession(options: { id: string }, actor: Actor, ctx: AppContext): Promise<void> {
  const sessions = await ctx.db
    .selectFrom('sessions')
    .select('id_hash')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .execute();
  const target = sessions.find((row) => sha256(row.id_hash).slice(0, 32) === options.id);
  if (!target) throw new AppError('not_found');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('sessions')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('id_hash', '=', target.id_hash)
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.session_ended',
      resource: { type: 'session' },
      requestId: actor.requestId ?? null,
      details: { reason: 'ended_by_user' },
    });
  });
}

export interface OwnToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** When the token stops working (an expired token answers 401 like an unknown one). */
  readonly expiresAt: string | null;
}

export async function listOwnTokens(actor: Actor, ctx: AppContext): Promise<OwnToken[]> {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at', 'expires_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  }));
}

/**
 * A user creates a personal API token from a browser session that passed MFA; the token is shown
 * once and expires after `expiresInDays` (default 90, at most 365). A token cannot mint tokens: a
 * leaked token must not be able to multiply itself.
 */
export async function createOwnToken(
  options: { name: string; expiresInDays?: number },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; name: string; token: string; expiresAt: string }> {
  authorize(actor, 'me.createToken');
  const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  const id = newId();
  const now = ctx.clock.now();
  const expiresAt = apiTokenExpiry(now, options.expiresInDays);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        tenant_id: actor.tenantId,
        user_id: actor.userId,
        name: options.name,
        token_hash: sha256(token),
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_at: null,
        expires_at: expiresAt,
      })
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.token_created',
      resource: { type: 'api_token', id },
      requestId: actor.requestId ?? null,
      details: { via: 'browser', expiresAt },
    });
  });
  return { id, name: options.name, token, expiresAt };
}

/** Revokes one of the actor's tokens; it stops working at once. */
export async function revokeOwnToken(options: { id: string }, actor: Actor, ctx: AppContext): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('id', '=', options.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('not_found');
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.token_revoked',
      resource: { type: 'api_token', id: options.id },
      requestId: actor.requestId ?? null,
    });
  });
}
