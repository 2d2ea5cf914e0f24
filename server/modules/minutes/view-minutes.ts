import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { presentItems, readCaseInMeeting, visibleCaseIds } from '../cases/index.ts';
import { requireAttestation, viewMeetingAgenda } from '../meetings/index.ts';
import { minutesFacts, presentEntries, readingPurpose } from './minutes-access.ts';
import { entriesOfMeeting } from './minutes.queries.ts';
import type { Minutes } from './minutes.schemas.ts';

/**
 * A meeting's minutes: per case of its agenda, the notes the reader may read and the decisions, the
 * addenda marked. The meetings gate first; a minute taker reads them only while the meeting runs
 * (404 before and after, like a meeting they do not see). Each case is read through the cases door
 * (audited with the meeting's purpose and id); a case the reader may not see is left out — never an
 * error. One `minutes.viewed` event with the number of cases shown.
 */
export async function viewMinutes(options: { meetingId: string; part: 'api' | 'page' }, actor: Actor, ctx: AppContext): Promise<Minutes> {
  const opened = await requireAttestation(ctx, actor, options.meetingId);
  if (!can(actor, 'minutes.read', minutesFacts(opened))) throw new AppError('not_found');
  const purpose = readingPurpose(actor, opened);
  const agenda = await viewMeetingAgenda({ meetingId: opened.row.id, part: options.part }, actor, ctx);
  // The briefing reads only cases the reader sees anyway; the minutes door opens the agenda's cases itself.
  const candidates =
    purpose === 'minutes'
      ? agenda.items
      : await visibleCaseIds(
          ctx.db,
          actor,
          agenda.items.map((item) => item.caseId),
        ).then((visible) => agenda.items.filter((item) => visible.has(item.caseId)));
  const rows = await entriesOfMeeting(
    ctx.db,
    actor,
    opened.row.id,
    candidates.map((item) => item.caseId),
  );
  const cases: Minutes['cases'] = [];
  for (const item of candidates) {
    let read;
    try {
      read = await readCaseInMeeting(ctx, actor, item.caseId, opened.row.id, purpose);
    } catch (error) {
      if (isAppError(error) && (error.code === 'not_found' || error.code === 'forbidden')) continue;
      throw error;
    }
    const items = await presentItems(ctx, actor, read);
    cases.push({ caseId: item.caseId, reference: item.reference, theme: item.theme, entries: await presentEntries(ctx, actor, read, rows, items) });
  }
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'minutes.viewed',
    resource: { type: 'meeting', id: opened.row.id },
    purpose,
    details: { part: options.part, cases: cases.length },
    requestId: actor.requestId ?? null,
  });
  return { meetingId: opened.row.id, meetingStatus: opened.row.status, cases };
}
