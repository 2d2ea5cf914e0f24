import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { findUser } from './accounts.queries.ts';
import { revokeEveryTokenOf } from './api-token-lifetime.ts';

/**
 * An administrator resets a user's authenticator (lost phone): the key and recovery codes are
 * removed, the user's sessions end and their API tokens are revoked; at the next sign-in, after the password, the user enrols a new
 * authenticator. The administrator never sees a key or code.
 */
export async function resetSecondFactor(options: { userId: string }, actor: Actor, ctx: AppContext): Promise<void> {
  authorize(actor, 'users.update');
  const user = await findUser(ctx.db, actor, options.userId);
  if (!user) throw new AppError('not_found');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ mfa_secret_sealed: null, mfa_enrolled_at: null, mfa_last_step: null, updated_at: ctx.clock.now().toISOString() })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('tenant_id', '=', actor.tenantId).where('user_id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', user.id).execute();
    await revokeEveryTokenOf(trx, ctx, {
      tenantId: actor.tenantId,
      userId: user.id,
      reason: 'mfa_reset',
      subject: subjectOf(actor),
      requestId: actor.requestId,
    });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'auth.mfa_reset',
      resource: { type: 'user', id: user.id },
      requestId: actor.requestId ?? null,
    });
  });
  // The user's tokens were revoked.
  ctx.system.principalsChanged();
}
