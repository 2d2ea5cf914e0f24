import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { requireRecipient } from './draft-feedback-form.ts';
import { feedbackEvent, openForm, requireDraft } from './feedback-access.ts';
import { readableItemsInMeeting, resolveQuotes } from './feedback-quotes.ts';
import type { FeedbackPatch } from './feedback.schemas.ts';

/**
 * The coordinator edits a draft (If-Match: its version). Every change makes a new version: the
 * approvals given on earlier versions no longer count. New quotes are checked and copied as on
 * drafting. A sent form is 409; a stale version is 409.
 */
export async function changeFeedbackForm(
  options: { formId: string; expectedVersion: number; input: FeedbackPatch },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; version: number }> {
  const opened = await openForm(ctx, actor, options.formId);
  const { form } = opened;
  authorize(actor, 'feedback.manage', opened.facts);
  requireDraft(form);
  if (form.version !== options.expectedVersion) throw new AppError('conflict');
  const { input } = options;
  if (input.recipientOrganisationId !== undefined) await requireRecipient(ctx, actor, input.recipientOrganisationId);
  const quotes =
    input.quotedItemIds === undefined
      ? null
      : resolveQuotes(await readableItemsInMeeting(ctx, actor, form.case_id, form.meeting_id), input.quotedItemIds);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const version = form.version + 1;
  const changed = Object.keys(input).filter((key) => input[key as keyof FeedbackPatch] !== undefined);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('feedback_forms')
      .set({
        ...(input.recipientOrganisationId !== undefined && { recipient_organisation_id: input.recipientOrganisationId }),
        ...(input.body !== undefined && { body_sealed: sealer.seal('feedback_forms', form.id, 'body', input.body) }),
        ...(quotes !== null && {
          quotes_sealed: quotes.length === 0 ? null : sealer.seal('feedback_forms', form.id, 'quotes', JSON.stringify(quotes)),
          quoted_item_ids: JSON.stringify(quotes.map((quote) => quote.itemId)),
        }),
        version,
        updated_by: actor.userId,
        updated_at: isoNow(ctx.clock),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', form.id)
      .where('version', '=', form.version)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await recordAuditEvent(
      trx,
      ctx,
      feedbackEvent(actor, { id: form.id, caseId: form.case_id, meetingId: form.meeting_id }, opened.reference, 'feedback.changed', {
        version,
        fields: changed.join(','),
      }),
    );
  });
  return { id: form.id, version };
}
