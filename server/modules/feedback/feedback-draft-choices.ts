import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { listMeetingAttendance, openMeetingForActor, viewMeetingAgenda } from '../meetings/index.ts';
import { feedbackFacts } from './feedback-access.ts';
import { quoteChoices, readableItemsInMeeting, type QuoteChoice } from './feedback-quotes.ts';
import { organisationsOfNetwork } from './feedback.queries.ts';

/** What the draft page offers: the agenda's cases, the recipients (police first), the chosen case's items. */
export interface DraftChoices {
  readonly meetingId: string;
  readonly cases: readonly { id: string; reference: string }[];
  readonly recipients: readonly { id: string; name: string; police: boolean }[];
  readonly caseId: string | null;
  readonly items: readonly QuoteChoice[];
}

/**
 * The coordinator's choices for a new form (the same gate as drafting: 404, 403 audited, 409 when
 * cancelled, attestation). The agenda is read as the meeting page reads it; the chosen case's items
 * are read through the case door in the meeting.
 */
export async function feedbackDraftChoices(
  options: { meetingId: string; caseId: string | null },
  actor: Actor,
  ctx: AppContext,
): Promise<DraftChoices> {
  const meeting = await openMeetingForActor(ctx, actor, options.meetingId);
  const attendance = await listMeetingAttendance({ meetingId: meeting.row.id }, actor, ctx);
  authorize(actor, 'feedback.manage', feedbackFacts(actor, meeting, attendance, null));
  if (meeting.row.status === 'cancelled') throw new AppError('conflict');
  const agenda = await viewMeetingAgenda({ meetingId: meeting.row.id, part: 'page' }, actor, ctx);
  const cases = agenda.items.map((item) => ({ id: item.caseId, reference: item.reference }));
  const organisations = await organisationsOfNetwork(ctx.db, actor.tenantId);
  const recipients = [
    ...organisations.filter((organisation) => organisation.sector === 'police'),
    ...organisations.filter((organisation) => organisation.sector !== 'police'),
  ].map((organisation) => ({ id: organisation.id, name: organisation.name, police: organisation.sector === 'police' }));
  const caseId = options.caseId && cases.some((entry) => entry.id === options.caseId) ? options.caseId : null;
  const items = caseId ? quoteChoices(await readableItemsInMeeting(ctx, actor, caseId, meeting.row.id)) : [];
  return { meetingId: meeting.row.id, cases, recipients, caseId, items };
}
