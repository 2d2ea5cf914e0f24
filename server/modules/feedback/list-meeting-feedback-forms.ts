import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { hasAttested, listMeetingAttendance, openMeetingForActor, type OpenedMeeting } from '../meetings/index.ts';
import { readCaseReference } from '../cases/index.ts';
import { feedbackFacts } from './feedback-access.ts';
import { readsAsRecipientOnly } from './feedback.policy.ts';
import { findOrganisation, formsOfMeeting } from './feedback.queries.ts';
import type { FeedbackStatus } from './feedback.vocabulary.ts';

/** One line of a meeting's list of forms: no content, only the pseudonym, recipient and state. */
export interface FeedbackFormLine {
  readonly id: string;
  readonly caseReference: string;
  readonly recipient: string;
  readonly status: FeedbackStatus;
}

/**
 * The feedback forms of a meeting that the actor may read (the meeting as its table's members see
 * it, 404 otherwise) — before their attestation only the sent forms addressed to them — and whether
 * they may draft one. No content is opened.
 */
export async function listMeetingFeedbackForms(
  options: { meetingId: string },
  actor: Actor,
  ctx: AppContext,
): Promise<{ meeting: OpenedMeeting; forms: FeedbackFormLine[]; mayDraft: boolean }> {
  const meeting = await openMeetingForActor(ctx, actor, options.meetingId);
  const attendance = await listMeetingAttendance({ meetingId: meeting.row.id }, actor, ctx);
  const attested = await hasAttested(ctx, actor, meeting.row.id);
  const forms: FeedbackFormLine[] = [];
  for (const form of await formsOfMeeting(ctx.db, actor.tenantId, meeting.row.id)) {
    const facts = feedbackFacts(actor, meeting, attendance, form);
    if (!can(actor, 'feedback.read', facts)) continue;
    // Like the agenda, a case's pseudonym in this meeting shows only after the attestation (a recipient's sent form aside).
    if (!attested && !readsAsRecipientOnly(actor, facts)) continue;
    forms.push({
      id: form.id,
      caseReference: (await readCaseReference(ctx.db, actor.tenantId, form.case_id)) ?? '',
      recipient: (await findOrganisation(ctx.db, actor.tenantId, form.recipient_organisation_id))?.name ?? '',
      status: form.status as FeedbackStatus,
    });
  }
  const mayDraft = meeting.row.status !== 'cancelled' && can(actor, 'feedback.manage', feedbackFacts(actor, meeting, attendance, null));
  return { meeting, forms, mayDraft };
}
