import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';

export interface OwnToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** When the token stops working (an expired token answers 401 like an unknown one). */
  readonly expiresAt: string | null;
}

/** Whether a token still answers: not revoked and not past its expiry. */
export function tokenWorks(token: Pick<OwnToken, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return token.revokedAt === null && token.expiresAt !== null && Date.parse(token.expiresAt) > now.getTime();
}

/** The actor's own API tokens (never their values), newest first, revoked and expired ones included. */
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
