import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { API_TOKEN_PREFIX } from './create-api-token.ts';
import { apiTokenExpiry } from './api-token-lifetime.ts';

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
