import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type AuditSubject } from '../audit/index.ts';

/** API tokens live 90 days unless their creator chose 1 to 365 days. */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;

export function apiTokenExpiry(now: Date, days: number = API_TOKEN_DEFAULT_DAYS): string {
  return new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString();
}

/** Why every token of a user stops working: a credential was recovered or the user disabled. */
export type TokenRevocationReason = 'mfa_reset' | 'password_reset' | 'invitation' | 'user_disabled';

/**
 * Revokes every live API token of a user, inside the caller's transaction, and records one
 * `auth.token_revoked` per token with the reason. Called on every credential recovery and when a
 * user is disabled, so a token obtained before cannot outlive the recovery (or a later re-enable).
 */
export async function revokeEveryTokenOf(
  trx: Transaction<Database>,
  ctx: AppContext,
  options: { tenantId: string; userId: string; reason: TokenRevocationReason; subject: AuditSubject; requestId?: string | null },
): Promise<number> {
  const live = await trx
    .selectFrom('api_tokens')
    .select('id')
    .where('tenant_id', '=', options.tenantId)
    .where('user_id', '=', options.userId)
    .where('revoked_at', 'is', null)
    .execute();
  if (live.length === 0) return 0;
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock.now().toISOString() })
    .where('tenant_id', '=', options.tenantId)
    .where('user_id', '=', options.userId)
    .where('revoked_at', 'is', null)
    .execute();
  for (const token of live) {
    await recordAuditEvent(trx, ctx, {
      subject: options.subject,
      action: 'auth.token_revoked',
      resource: { type: 'api_token', id: token.id },
      requestId: options.requestId ?? null,
      details: { reason: options.reason, ownerUserId: options.userId },
    });
  }
  return live.length;
}
