import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { ownSessionHandle } from './list-own-sessions.ts';

/** Ends one of the actor's other sessions (e.g. a forgotten browser at the office). */
export async function endOwnSession(options: { id: string }, actor: Actor, ctx: AppContext): Promise<void> {
  const sessions = await ctx.db
    .selectFrom('sessions')
    .select('id_hash')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .execute();
  const target = sessions.find((row) => ownSessionHandle(row.id_hash) === options.id);
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
