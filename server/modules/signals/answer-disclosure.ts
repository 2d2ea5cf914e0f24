import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openSignal, requireOnSignal, signalAuditEvent } from './signal-door.ts';
import { sealedReporterAccount, sendSignalMail } from './signal-messages-mail.ts';
import { disclosureAnswerSchema, type DisclosureDecision } from './signal-messages.schemas.ts';
import { changeSignalRow, insertSignalMessage } from './signals.queries.ts';

/** What the `disclosure_answer` message holds: a code the thread translates, never free text. */
export type DisclosureAnswerCode = DisclosureDecision | 'make_known_seat';

/**
 * The reporter of an anonymous signal answers the consult point's request to make themself known.
 * `make_known`: the sealed reporter is copied into the clear columns (reporter_user_id,
 * reporter_organisation_id: the coordinator sees who reported from now on), the signal is no longer
 * anonymous, and `agreeToSeat` records whether their organisation may be seated on a case (read by
 * the referral). `stay_anonymous`: nothing about the reporter changes. Either way the decision is a
 * message of kind `disclosure_answer` and a `signal.disclosure_answered` event — recorded, like
 * everything the anonymous reporter did so far, without who they are. Only while a request is open (409).
 */
export async function answerDisclosure(
  options: { signalId: string; input: unknown },
  actor: Actor,
  ctx: AppContext,
): Promise<{ decision: DisclosureDecision }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.answerDisclosure');
  requireOnSignal(actor, access, 'answerDisclosure');
  const { decision, agreeToSeat } = parseInput(disclosureAnswerSchema, options.input);
  const row = access.row;
  if (row.disclosure_status !== 'asked' || row.reporter_anonymous !== 1) throw new AppError('conflict');
  let known: { userId: string; organisationId: string | null } | null = null;
  if (decision === 'make_known') {
    const sealed = await sealedReporterAccount(ctx, row);
    // The lookup matched this actor; the sealed account must be the same one.
    if (!sealed || sealed.userId !== actor.userId) throw new AppError('conflict');
    known = { userId: sealed.userId, organisationId: sealed.organisationId ?? (actor.organisationId || null) };
  }
  const code: DisclosureAnswerCode = decision === 'make_known' && agreeToSeat === true ? 'make_known_seat' : decision;
  const messageId = newId();
  const sealer = await fieldSealer(ctx, row.tenant_id);
  const bodySealed = sealer.seal('signal_messages', messageId, 'body', code);
  await ctx.db.transaction().execute(async (trx) => {
    await changeSignalRow(
      trx,
      ctx,
      row.tenant_id,
      row.id,
      row.version,
      known
        ? {
            disclosure_status: 'made_known',
            reporter_anonymous: 0,
            reporter_user_id: known.userId,
            reporter_organisation_id: known.organisationId,
            reporter_sealed: null,
            reporter_agrees_to_seat: agreeToSeat === true ? 1 : 0,
          }
        : { disclosure_status: 'declined' },
    );
    await insertSignalMessage(trx, {
      id: messageId,
      tenant_id: row.tenant_id,
      signal_id: row.id,
      side: 'reporter',
      kind: 'disclosure_answer',
      author_user_id: known ? actor.userId : null,
      body_sealed: bodySealed,
      created_at: isoNow(ctx.clock),
    });
    await recordAuditEvent(trx, ctx, signalAuditEvent(actor, access, 'signal.disclosure_answered', { details: { decision } }));
  });
  await sendSignalMail(ctx, 'disclosure_answer', row, actor);
  return { decision };
}
