import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';

/** Revokes one of the actor's tokens; it stops working at once (another node may still accept it for `principalCacheSeconds`). */
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
  // Forgotten after the commit, so no request re-reads the old state into the cache (system-access.ts, PrincipalCache).
  ctx.system.principalsChanged();
}
