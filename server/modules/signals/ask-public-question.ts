import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { consultLimiter } from './public-consult-limit.ts';
import { openPublicConsultForm, visitorSubject, type PublicVisit } from './public-consult-form.ts';
import { ASK_WINDOW, newReplyCode, replyCodeHash } from './public-consult-rules.ts';
import { publicQuestionSchema } from './public-consult.schemas.ts';
import { publicSignalById } from './public-consult.queries.ts';
import { sendSignalMail } from './signal-messages-mail.ts';
import { insertSignal, nextSignalNumber } from './signals.queries.ts';
import { signalReference } from './signals.vocabulary.ts';

/**
 * A visitor without an account asks the consult point a question through the public form. It
 * becomes a signal of kind `consult`, channel `public_form`, anonymous, with no reporter at all and
 * no person; it never creates a case. The visitor gets a reply code (shown once; only its SHA-256 is
 * kept) and chose a passphrase (kept as an argon2id hash): both together open the answer later.
 * Rate-limited per client address. Recorded as `signal.public_question_asked` by nobody in particular.
 */
export async function askPublicQuestion(
  options: { visit: PublicVisit; input: unknown },
  ctx: AppContext,
): Promise<{ signalId: string; reference: string; code: string }> {
  const tenant = await openPublicConsultForm(ctx, options.visit.tenantSlug);
  consultLimiter(ctx).claim('ask', options.visit.address, ASK_WINDOW);
  const input = parseInput(publicQuestionSchema, options.input);
  if (input.passphrase !== input.passphraseRepeat)
    throw new AppError('validation_failed', [{ path: 'passphraseRepeat', messageKey: 'validation.consult.passphrase_mismatch' }]);
  const code = newReplyCode();
  const passphraseHash = await hashPassword(input.passphrase);
  const id = newId();
  const now = isoNow(ctx.clock);
  const year = Number(now.slice(0, 4));
  const sealer = await fieldSealer(ctx, tenant.id);
  const reference = await ctx.db.transaction().execute(async (trx) => {
    const assigned = signalReference(tenant.slug, year, await nextSignalNumber(trx, tenant.id, year));
    await insertSignal(trx, {
      id,
      tenant_id: tenant.id,
      reference: assigned,
      kind: 'consult',
      theme: input.theme,
      channel: 'public_form',
      status: 'received',
      urgency: null,
      category: null,
      description_sealed: sealer.seal('signals', id, 'description', input.question),
      subject_given_name_sealed: null,
      subject_family_name_sealed: null,
      subject_birth_date_sealed: null,
      subject_blind_index: null,
      subject_blind_index_version: null,
      reporter_anonymous: 1,
      reporter_user_id: null,
      reporter_organisation_id: null,
      reporter_sealed: null,
      reporter_lookup: null,
      registered_by: null,
      disclosure_status: 'not_asked',
      outcome: null,
      decision_rationale_sealed: null,
      decided_by: null,
      decided_at: null,
      case_id: null,
      public_code_hash: replyCodeHash(code),
      public_passphrase_hash: passphraseHash,
      version: 1,
      created_at: now,
      updated_at: now,
      closed_at: null,
    });
    await recordAuditEvent(trx, ctx, {
      subject: visitorSubject(tenant.id),
      action: 'signal.public_question_asked',
      resource: { type: 'signal', id },
      requestId: null,
      details: { kind: 'consult', theme: input.theme, channel: 'public_form' },
    });
    return assigned;
  });
  const row = await publicSignalById(ctx.db, tenant.id, id);
  if (row) await sendSignalMail(ctx, 'public_question', row, null);
  return { signalId: id, reference, code };
}
