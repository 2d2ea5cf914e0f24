import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { feedbackEvent, openForm, presentUserIds, readerPurpose, type OpenedForm } from './feedback-access.ts';
import type { Quote } from './feedback-quotes.ts';
import { consensusOf } from './feedback.policy.ts';
import { decisionsOn, findOrganisation } from './feedback.queries.ts';
import type { FeedbackView } from './feedback.schemas.ts';
import type { FeedbackDecision, FeedbackStatus } from './feedback.vocabulary.ts';

/** The form as its reader sees it, from an opened (admitted) form; the read is recorded first. */
export async function presentForm(ctx: AppContext, actor: Actor, opened: OpenedForm, part: string): Promise<FeedbackView> {
  const { form } = opened;
  await appendAuditEvent(
    ctx,
    feedbackEvent(
      actor,
      { id: form.id, caseId: form.case_id, meetingId: form.meeting_id },
      opened.reference,
      'feedback.viewed',
      { part },
      readerPurpose(actor, opened),
    ),
  );
  const decisions = await decisionsOn(ctx.db, actor.tenantId, form.id, form.version);
  const consensus = consensusOf(
    presentUserIds(opened.attendance),
    decisions.map((row) => ({ userId: row.user_id, decision: row.decision })),
  );
  const opener = fieldOpener(ctx, actor.tenantId);
  const quotes = JSON.parse((await opener.openOptional('feedback_forms', form.id, 'quotes', form.quotes_sealed)) ?? '[]') as Quote[];
  const recipient = await findOrganisation(ctx.db, actor.tenantId, form.recipient_organisation_id);
  const mine = decisions.find((row) => row.user_id === actor.userId)?.decision ?? null;
  return {
    id: form.id,
    meetingId: form.meeting_id,
    meetingStartsAt: opened.meeting.row.starts_at,
    caseId: form.case_id,
    caseReference: opened.reference,
    recipient: { id: form.recipient_organisation_id, name: recipient?.name ?? '' },
    body: await opener.open('feedback_forms', form.id, 'body', form.body_sealed),
    quotes,
    status: form.status as FeedbackStatus,
    version: form.version,
    approvals: {
      present: consensus.present,
      approved: consensus.approved,
      refused: consensus.refused,
      missing: consensus.missing,
      mine: mine as FeedbackDecision | null,
    },
    sentAt: form.sent_at,
    abilities: {
      manage: form.status === 'draft' && can(actor, 'feedback.manage', opened.facts),
      decide: form.status === 'draft' && can(actor, 'feedback.decide', opened.facts),
    },
  };
}

/** One feedback form, for whoever may read it (404 otherwise); audited as `feedback.viewed`. */
export async function viewFeedbackForm(options: { formId: string; part: 'api' | 'page' }, actor: Actor, ctx: AppContext): Promise<FeedbackView> {
  return presentForm(ctx, actor, await openForm(ctx, actor, options.formId), options.part);
}
