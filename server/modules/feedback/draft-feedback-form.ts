import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { readCaseReference } from '../cases/index.ts';
import { listMeetingAttendance, openMeetingForActor, requireAttestation } from '../meetings/index.ts';
import { feedbackEvent, feedbackFacts } from './feedback-access.ts';
import { readableItemsInMeeting, resolveQuotes } from './feedback-quotes.ts';
import type { FeedbackCreate } from './feedback.schemas.ts';
import { findOrganisation } from './feedback.queries.ts';

/** The recipient must be an organisation of the network: 400 on the field otherwise. */
export async function requireRecipient(ctx: AppContext, actor: Actor, organisationId: string): Promise<void> {
  if (!(await findOrganisation(ctx.db, actor.tenantId, organisationId)))
    throw new AppError('validation_failed', [{ path: 'recipientOrganisationId', messageKey: 'validation.feedback.recipient_unknown' }]);
}

/**
 * The coordinator drafts a feedback form from a meeting for one case on its agenda: the meeting as
 * its table's members see it (404 otherwise), the coordinator only (403, audited), not a cancelled
 * meeting (409), after the coordinator's attestation; the quoted items are read through the case door
 * in the meeting and must not be secret. The body and the quoted texts are stored sealed.
 */
export async function draftFeedbackForm(
  options: { meetingId: string; input: FeedbackCreate },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string }> {
  const meeting = await openMeetingForActor(ctx, actor, options.meetingId);
  const attendance = await listMeetingAttendance({ meetingId: meeting.row.id }, actor, ctx);
  authorize(actor, 'feedback.manage', feedbackFacts(actor, meeting, attendance, null));
  if (meeting.row.status === 'cancelled') throw new AppError('conflict');
  await requireAttestation(ctx, actor, meeting.row.id);
  const { input } = options;
  await requireRecipient(ctx, actor, input.recipientOrganisationId);
  const items = await readableItemsInMeeting(ctx, actor, input.caseId, meeting.row.id);
  const quotes = resolveQuotes(items, input.quotedItemIds);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedback_forms')
      .values({
        id,
        tenant_id: actor.tenantId,
        meeting_id: meeting.row.id,
        case_id: input.caseId,
        recipient_organisation_id: input.recipientOrganisationId,
        body_sealed: sealer.seal('feedback_forms', id, 'body', input.body),
        quotes_sealed: quotes.length === 0 ? null : sealer.seal('feedback_forms', id, 'quotes', JSON.stringify(quotes)),
        quoted_item_ids: JSON.stringify(quotes.map((quote) => quote.itemId)),
        status: 'draft',
        pdf_sealed: null,
        approvals_at_send: null,
        created_by: actor.userId,
        created_at: now,
        updated_by: actor.userId,
        updated_at: now,
        sent_by: null,
        sent_at: null,
        version: 1,
      })
      .execute();
    const reference = await readCaseReference(trx, actor.tenantId, input.caseId);
    await recordAuditEvent(
      trx,
      ctx,
      feedbackEvent(actor, { id, caseId: input.caseId, meetingId: meeting.row.id }, reference, 'feedback.drafted', {
        recipientOrganisationId: input.recipientOrganisationId,
        quoted: quotes.length,
        version: 1,
      }),
    );
  });
  return { id };
}
