import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { markInConsultation, openSignal, requireOnSignal, signalAuditEvent } from './signal-door.ts';
import { sendSignalMail } from './signal-messages-mail.ts';
import { signalMessageSchema } from './signal-messages.schemas.ts';
import { insertSignalMessage } from './signals.queries.ts';

/**
 * A message on a signal's reply channel, by the coordinator or by the reporter (anonymous too). The
 * body is sealed; an anonymous reporter's message stores no author. The coordinator's message takes
 * the signal up (received → in consultation). After the commit one mail tells the other side THAT
 * there is a message — the reporter through the address the system finds, the coordinators by
 * their accounts — never its content.
 */
export async function sendSignalMessage(
  options: { signalId: string; input: unknown },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; createdAt: string }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.message');
  requireOnSignal(actor, access, 'message');
  const { body } = parseInput(signalMessageSchema, options.input);
  const row = access.row;
  const side = access.relation.coordinator ? 'coordinator' : 'reporter';
  const id = newId();
  const createdAt = isoNow(ctx.clock);
  const sealer = await fieldSealer(ctx, row.tenant_id);
  const bodySealed = sealer.seal('signal_messages', id, 'body', body);
  await ctx.db.transaction().execute(async (trx) => {
    await insertSignalMessage(trx, {
      id,
      tenant_id: row.tenant_id,
      signal_id: row.id,
      side,
      kind: 'message',
      // The anonymous reporter is never stored as an author, not even of their own message.
      author_user_id: side === 'reporter' && row.reporter_anonymous === 1 ? null : actor.userId,
      body_sealed: bodySealed,
      created_at: createdAt,
    });
    if (side === 'coordinator') await markInConsultation(trx, ctx, access);
    await recordAuditEvent(trx, ctx, signalAuditEvent(actor, access, 'signal.message_sent', { details: { side, kind: 'message', message: id } }));
  });
  await sendSignalMail(ctx, side === 'coordinator' ? 'message_to_reporter' : 'message_to_coordinators', row, actor);
  return { id, createdAt };
}
