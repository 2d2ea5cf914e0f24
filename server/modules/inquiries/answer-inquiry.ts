import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { openInquiry } from './inquiry-door.ts';
import { activeMemberOf } from './inquiries.queries.ts';
import type { InquiryAnswerInput } from './inquiries.schemas.ts';

/**
 * A professional of an asked organisation answers the question put to it: known yes / no /
 * declined (always allowed — no partner has a duty to speak), and with "yes" whether guidance runs
 * and a contact person of the organisation; an optional note for the coordinator, sealed. One answer
 * per question: a later answer replaces the earlier one while the inquiry is open (the organisation
 * may correct itself; the trail records that it did). Another organisation, asked or not: 404; an
 * inquiry that is no longer open: 403.
 */
export async function answerInquiry(options: { id: string; input: InquiryAnswerInput }, actor: Actor, ctx: AppContext): Promise<void> {
  const access = await openInquiry(ctx, actor, options.id, 'inquiries.answer');
  if (!access.question) throw new AppError('forbidden');
  authorize(actor, 'inquiries.answer', access.facts);
  const { input } = options;
  const question = access.question;
  const issues: FieldIssue[] = [];
  if (input.known !== 'yes') {
    if (input.guidanceRunning !== undefined) issues.push({ path: 'guidanceRunning', messageKey: 'validation.inquiry.only_when_known' });
    if (input.contactUserId !== undefined) issues.push({ path: 'contactUserId', messageKey: 'validation.inquiry.only_when_known' });
  }
  if (input.contactUserId !== undefined && !(await activeMemberOf(ctx.db, actor.tenantId, question.organisation_id, input.contactUserId)))
    issues.push({ path: 'contactUserId', messageKey: 'validation.inquiry.contact_not_member' });
  if (issues.length > 0) throw new AppError('validation_failed', issues);

  const sealer = await fieldSealer(ctx, actor.tenantId);
  const noteSealed = sealer.sealOptional('inquiry_questions', question.id, 'note', input.note);
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('inquiry_questions')
      .set({
        known: input.known,
        guidance_running: input.known === 'yes' && input.guidanceRunning !== undefined ? (input.guidanceRunning ? 1 : 0) : null,
        contact_user_id: input.known === 'yes' ? (input.contactUserId ?? null) : null,
        note_sealed: noteSealed,
        answered_by: actor.userId,
        answered_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', question.id)
      .where('expired_at', 'is', null)
      .executeTakeFirst();
    // The inquiry expired between the check and the write: nothing is written.
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('conflict');
    await trx.updateTable('inquiries').set({ updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', access.inquiry.id).execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'inquiry.answered',
      resource: { type: 'inquiry_question', id: question.id },
      purpose: 'asked_organisation',
      legalBasis: access.inquiry.legal_basis,
      requestId: actor.requestId ?? null,
      // Whether the organisation knows the person is content: the trail records that it answered, not what.
      details: { inquiryId: access.inquiry.id, replaced: question.known !== null },
    });
  });
}
