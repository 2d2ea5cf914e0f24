import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { subjectOf, type AuditAction, type AuditEventInput } from '../audit/index.ts';
import { readCaseReference } from '../cases/index.ts';
import { listMeetingAttendance, openMeetingForActor, requireAttestation, type AttendanceEntry, type OpenedMeeting } from '../meetings/index.ts';
import { readsAsRecipientOnly, type FeedbackFacts } from './feedback.policy.ts';
import { findForm, type FeedbackFormRow } from './feedback.queries.ts';

/** A form the actor may read, with its meeting, the meeting's attendance and the actor's facts. */
export interface OpenedForm {
  readonly form: FeedbackFormRow;
  readonly meeting: OpenedMeeting;
  readonly attendance: readonly AttendanceEntry[];
  readonly facts: FeedbackFacts;
  readonly reference: string;
}

/** The user ids recorded `present` at the meeting. */
export const presentUserIds = (attendance: readonly AttendanceEntry[]): string[] =>
  attendance.filter((entry) => entry.status === 'present').map((entry) => entry.userId);

/** The policy's facts for the actor and one meeting (and, when given, one form). */
export function feedbackFacts(
  actor: Actor,
  meeting: OpenedMeeting,
  attendance: readonly AttendanceEntry[],
  form: Pick<FeedbackFormRow, 'recipient_organisation_id' | 'status'> | null,
): FeedbackFacts {
  return {
    tenantId: meeting.row.tenant_id,
    present: presentUserIds(attendance).includes(actor.userId),
    recipientSeated: form !== null && actor.organisationId === form.recipient_organisation_id && meeting.table.facts.seats.length > 0,
    sent: form?.status === 'sent',
  };
}

/**
 * A form the actor may read. A missing id, another network's form, a form of a meeting whose table
 * the actor does not sit at, and a form the actor may not read (absent, not the recipient, a draft
 * for the recipient) all answer the same 404. The coordinator and the present attendees then pass
 * the meeting's attestation (403 `attestation_required` until they confirmed it); a recipient
 * reading a sent form does not: the form was released to their organisation.
 */
export async function openForm(ctx: AppContext, actor: Actor, formId: string): Promise<OpenedForm> {
  const form = await findForm(ctx.db, actor.tenantId, formId);
  if (!form) throw new AppError('not_found');
  const meeting = await openMeetingForActor(ctx, actor, form.meeting_id);
  const attendance = await listMeetingAttendance({ meetingId: meeting.row.id }, actor, ctx);
  const facts = feedbackFacts(actor, meeting, attendance, form);
  if (!can(actor, 'feedback.read', facts)) throw new AppError('not_found');
  if (!readsAsRecipientOnly(actor, facts)) await requireAttestation(ctx, actor, meeting.row.id);
  const reference = (await readCaseReference(ctx.db, actor.tenantId, form.case_id)) ?? '';
  return { form, meeting, attendance, facts, reference };
}

/** A change of a sent form answers 409: a sent form never changes. */
export function requireDraft(form: Pick<FeedbackFormRow, 'status'>): void {
  if (form.status !== 'draft') throw new AppError('conflict');
}

/** The audit event of a form: who, which case (by pseudonym), in which meeting, what. */
export function feedbackEvent(
  actor: Actor,
  form: { id: string; caseId: string; meetingId: string },
  reference: string | null,
  action: AuditAction,
  details: Record<string, string | number | boolean> = {},
  purpose = 'meeting',
): AuditEventInput {
  return {
    subject: subjectOf(actor),
    action,
    resource: { type: 'feedback_form', id: form.id },
    caseId: form.caseId,
    personPseudonym: reference,
    purpose,
    requestId: actor.requestId ?? null,
    details: { meetingId: form.meetingId, ...details },
  };
}

/** The purpose a read is recorded with: the meeting, or receiving the feedback. */
export function readerPurpose(actor: Actor, opened: OpenedForm): string {
  return readsAsRecipientOnly(actor, opened.facts) ? 'feedback' : 'meeting';
}
