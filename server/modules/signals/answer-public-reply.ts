import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { consultLimiter } from './public-consult-limit.ts';
import { openPublicConsultForm, visitorSubject, type PublicVisit } from './public-consult-form.ts';
import { ASK_WINDOW, replyAccessKey, signalOfReplyAccess } from './public-consult-rules.ts';
import { publicAnswerBackSchema } from './public-consult.schemas.ts';
import { publicSignalById } from './public-consult.queries.ts';
import { sendSignalMail } from './signal-messages-mail.ts';
import { insertSignalMessage } from './signals.queries.ts';

/**
 * The visitor answers back on their public question, from the thread page they opened with code and
 * passphrase (the page's access token stands for both for a while). The message is sealed and has no
 * author; the coordinators get a mail that there is a message. Rate-limited with the questions.
 */
export async function answerPublicReply(options: { visit: PublicVisit; input: unknown }, ctx: AppContext): Promise<{ messageId: string }> {
  const tenant = await openPublicConsultForm(ctx, options.visit.tenantSlug);
  consultLimiter(ctx).claim('ask', options.visit.address, ASK_WINDOW);
  const { access, body } = parseInput(publicAnswerBackSchema, options.input);
  const signalId = signalOfReplyAccess(replyAccessKey(ctx.masterKey), access, ctx.clock.now().getTime());
  if (!signalId) throw new AppError('validation_failed', [{ path: '', messageKey: 'validation.consult.access_expired' }]);
  const row = await publicSignalById(ctx.db, tenant.id, signalId);
  if (!row) throw new AppError('not_found');
  const messageId = newId();
  const sealer = await fieldSealer(ctx, tenant.id);
  const bodySealed = sealer.seal('signal_messages', messageId, 'body', body);
  await ctx.db.transaction().execute(async (trx) => {
    await insertSignalMessage(trx, {
      id: messageId,
      tenant_id: tenant.id,
      signal_id: row.id,
      side: 'reporter',
      kind: 'message',
      author_user_id: null,
      body_sealed: bodySealed,
      created_at: isoNow(ctx.clock),
    });
    await recordAuditEvent(trx, ctx, {
      subject: visitorSubject(tenant.id),
      action: 'signal.message_sent',
      resource: { type: 'signal', id: row.id },
      requestId: null,
      details: { side: 'reporter', kind: 'message', message: messageId, channel: 'public_form' },
    });
  });
  await sendSignalMail(ctx, 'message_to_coordinators', row, null);
  return { messageId };
}
