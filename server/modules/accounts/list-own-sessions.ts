import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';

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
  return rows.map((row) => ({
    id: ownSessionHandle(row.id_hash),
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    device: row.user_agent,
    current: row.id_hash === currentHash,
  }));
}

/** The handle shown for a session is a hash of the stored hash: it names a session without being usable as one. */
export function ownSessionHandle(idHash: string): string {
  return sha256(idHash).slice(0, 32);
}
