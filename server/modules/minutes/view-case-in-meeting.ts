import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { presentItems, readCaseInMeeting } from '../cases/index.ts';
import { requireAttestation, viewMeetingAgenda } from '../meetings/index.ts';
import { planOfRead } from '../plans/index.ts';
import { minutesFacts, presentEntries, readingPurpose } from './minutes-access.ts';
import { entriesOfMeeting } from './minutes.queries.ts';
import type { MeetingCase } from './minutes.schemas.ts';

/**
 * Meeting mode: one case of a meeting's agenda as the meeting opens it to the actor. The meetings
 * gate first (404 for who does not see the meeting, 403 `attestation_required` until attested), then
 * the cases door (`readCaseInMeeting`, purpose `minutes` for who takes them while the meeting runs,
 * `meeting` otherwise; 404 when the meeting opens nothing), which records the read with its purpose
 * and the meeting's id. Shows the briefing (the items the reader may read), the plan of approach,
 * the minutes so far for this case, and the neighbours on the agenda.
 */
export async function viewCaseInMeeting(
  options: { meetingId: string; caseId: string; part: 'api' | 'page' },
  actor: Actor,
  ctx: AppContext,
): Promise<MeetingCase> {
  const opened = await requireAttestation(ctx, actor, options.meetingId);
  const purpose = readingPurpose(actor, opened);
  const read = await readCaseInMeeting(ctx, actor, options.caseId, opened.row.id, purpose);
  const agenda = await viewMeetingAgenda({ meetingId: opened.row.id, part: options.part }, actor, ctx);
  const at = agenda.items.findIndex((item) => item.caseId === read.row.id);
  const neighbour = (index: number) => {
    const item = agenda.items[index];
    return item ? { caseId: item.caseId, reference: item.reference } : null;
  };
  const items = await presentItems(ctx, actor, read);
  const facts = minutesFacts(opened);
  return {
    meetingId: opened.row.id,
    meetingStatus: opened.row.status,
    caseId: read.row.id,
    reference: read.row.reference,
    theme: read.row.theme,
    purpose,
    items,
    plan: await planOfRead(read, actor, ctx),
    entries: await presentEntries(ctx, actor, read, await entriesOfMeeting(ctx.db, actor, opened.row.id, [read.row.id]), items),
    previous: at > 0 ? neighbour(at - 1) : null,
    next: at >= 0 ? neighbour(at + 1) : null,
    abilities: {
      write: opened.row.status === 'in_progress' && can(actor, 'minutes.write', facts),
      addendum: can(actor, 'minutes.addAddendum', facts),
    },
  };
}
