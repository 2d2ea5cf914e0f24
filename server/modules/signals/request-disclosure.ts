import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { markInConsultation, openSignal, requireOnSignal, signalAuditEvent } from './signal-door.ts';
import { sendSignalMail } from './signal-messages-mail.ts';
import { disclosureRequestSchema } from './signal-messages.schemas.ts';
import { changeSignalRow, insertSignalMessage } from './signals.queries.ts';

/**
 * The coordinator asks the reporter of an anonymous signal to make themself known (source §5.4 note
 * 148: needed for a serious concern or a further step). The reason reaches the reporter as a message
 * of kind `disclosure_request`; the reporter decides (answerDisclosure). Only a reporter with an
 * account can answer: a signal of the public form, or one registered without an account, is refused
 * (409), as is a second request while the first is open. Asking again after "stay anonymous" is allowed.
 */
export async function requestDisclosure(
  options: { signalId: string; input: unknown },
  actor: Actor,
  ctx: AppContext,
): Promise<{ messageId: string }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.requestDisclosure');
  requireOnSignal(actor, access, 'requestDisclosure');
  const { reason } = parseInput(disclosureRequestSchema, options.input);
  const row = access.row;
  const answerable = row.reporter_anonymous === 1 && row.reporter_lookup !== null;
  if (!answerable || (row.disclosure_status !== 'not_asked' && row.disclosure_status !== 'declined')) throw new AppError('conflict');
  const messageId = newId();
  const sealer = await fieldSealer(ctx, row.tenant_id);
  const bodySealed = sealer.seal('signal_messages', messageId, 'body', reason);
  await ctx.db.transaction().execute(async (trx) => {
    await changeSignalRow(trx, ctx, row.tenant_id, row.id, row.version, { disclosure_status: 'asked' });
    await insertSignalMessage(trx, {
      id: messageId,
      tenant_id: row.tenant_id,
      signal_id: row.id,
      side: 'coordinator',
      kind: 'disclosure_request',
      author_user_id: actor.userId,
      body_sealed: bodySealed,
      created_at: isoNow(ctx.clock),
    });
    await markInConsultation(trx, ctx, access);
    await recordAuditEvent(trx, ctx, signalAuditEvent(actor, access, 'signal.disclosure_requested', { details: { message: messageId } }));
  });
  await sendSignalMail(ctx, 'disclosure_request', row, actor);
  return { messageId };
}
