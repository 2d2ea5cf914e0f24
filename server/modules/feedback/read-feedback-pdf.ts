import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { feedbackEvent, openForm, readerPurpose } from './feedback-access.ts';

/** The PDF of a sent form, as it was generated when sent; a draft has none (409). Audited. */
export async function readFeedbackPdf(options: { formId: string }, actor: Actor, ctx: AppContext): Promise<{ pdf: Buffer; reference: string }> {
  const opened = await openForm(ctx, actor, options.formId);
  const { form } = opened;
  if (form.status !== 'sent' || form.pdf_sealed === null) throw new AppError('conflict');
  await appendAuditEvent(
    ctx,
    feedbackEvent(
      actor,
      { id: form.id, caseId: form.case_id, meetingId: form.meeting_id },
      opened.reference,
      'feedback.viewed',
      { part: 'pdf' },
      readerPurpose(actor, opened),
    ),
  );
  const base64 = await fieldOpener(ctx, actor.tenantId).open('feedback_forms', form.id, 'pdf', form.pdf_sealed);
  return { pdf: Buffer.from(base64, 'base64'), reference: opened.reference };
}
