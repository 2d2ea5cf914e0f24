import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { apiTokenExpiry } from './api-token-lifetime.ts';

export const API_TOKEN_PREFIX = 'pt_';

/**
 * Creates a personal API token for a user (operator CLI `token create`; users make their own under
 * `/account/tokens`). The token is 256 random bits, shown once; only its SHA-256 is stored. It
 * expires after `expiresInDays` (default 90). An address may have an account in several networks
 * (ADR 0020): then `tenantId` must say which; otherwise the answer is `not_found`.
 */
export async function createApiToken(
  options: { email: string; name: string; tenantId?: string; expiresInDays?: number },
  ctx: AppContext,
): Promise<{ id: string; name: string; token: string; userId: string; tenantId: string; expiresAt: string }> {
  const accounts = await ctx.system.usersByEmail(options.email.trim().toLowerCase());
  const eligible = accounts.filter((account) => options.tenantId === undefined || account.tenant_id === options.tenantId);
  const owner = eligible.length === 1 ? eligible[0]! : undefined;
  if (!owner || owner.status !== 'active') throw new AppError('not_found');
  const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  const id = newId();
  const expiresAt = apiTokenExpiry(ctx.clock.now(), options.expiresInDays);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        tenant_id: owner.tenant_id,
        user_id: owner.id,
        name: options.name,
        token_hash: sha256(token),
        created_at: isoNow(ctx.clock),
        last_used_at: null,
        revoked_at: null,
        expires_at: expiresAt,
      })
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: { tenantId: owner.tenant_id, userId: OPERATOR_USER_ID, organisationId: null, roles: ['operator'] },
      action: 'auth.token_created',
      resource: { type: 'api_token', id },
      details: { ownerUserId: owner.id, via: 'cli', expiresAt },
    });
  });
  return { id, name: options.name, token, userId: owner.id, tenantId: owner.tenant_id, expiresAt };
}
