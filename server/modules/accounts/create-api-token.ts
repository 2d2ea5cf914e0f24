import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import { recordAuditEvent } from '../audit/index.ts';

export const API_TOKEN_PREFIX = 'pt_';

/**
 * Creates a personal API token (operator CLI for now; the browser screen follows with MFA). The
 * token is 256 random bits, shown once; only its SHA-256 is stored.
 */
export async function createApiToken(
  options: { email: string; name: string },
  ctx: AppContext,
): Promise<{ id: string; name: string; token: string; userId: string; tenantId: string }> {
  const owner = await ctx.system.userByEmail(options.email.trim().toLowerCase());
  if (!owner || owner.status !== 'active') throw new AppError('not_found');
  const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  const id = newId();
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
      })
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: { tenantId: owner.tenant_id, userId: OPERATOR_USER_ID, organisationId: null, roles: ['operator'] },
      action: 'auth.token_created',
      resource: { type: 'api_token', id },
      details: { ownerUserId: owner.id, via: 'cli' },
    });
  });
  return { id, name: options.name, token, userId: owner.id, tenantId: owner.tenant_id };
}
