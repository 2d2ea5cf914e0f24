import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';

export type UserTokenPurpose = 'invitation' | 'password_reset';

/** Invitation links live 72 hours; reset links one hour. */
export const USER_TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = { invitation: 72 * 3600 * 1000, password_reset: 3600 * 1000 };

/** Pure rule: is a link still usable? */
export function userTokenUsable(row: { used_at: string | null; expires_at: string }, now: Date): boolean {
  return row.used_at === null && now.getTime() < Date.parse(row.expires_at);
}

/**
 * Issues a one-time link token (256 bits; only its SHA-256 stored). Earlier unused tokens of the same
 * purpose for the user stop working, so only the newest mail's link opens.
 */
export async function issueUserToken(
  ctx: AppContext,
  trx: Kysely<Database>,
  user: { tenantId: string; userId: string },
  purpose: UserTokenPurpose,
): Promise<string> {
  const now = ctx.clock.now();
  await trx
    .updateTable('user_tokens')
    .set({ used_at: now.toISOString() })
    .where('tenant_id', '=', user.tenantId)
    .where('user_id', '=', user.userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  const token = randomSecret(32);
  await trx
    .insertInto('user_tokens')
    .values({
      id: newId(),
      tenant_id: user.tenantId,
      user_id: user.userId,
      purpose,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + USER_TOKEN_LIFETIME_MS[purpose]).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}
