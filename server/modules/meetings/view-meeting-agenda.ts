import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { buildAgenda, loadAgenda, type Agenda } from './agenda-building.ts';
import { agendaBuiltAt } from './agenda.queries.ts';
import { requireAttestation } from './attestation-gate.ts';

/**
 * A meeting's agenda for a member who confirmed its confidentiality statement (403
 * `attestation_required` before; 404 for whoever does not see the meeting). The first read builds it
 * from the table's open cases. Every read writes one `meeting.agenda_viewed` event (purpose
 * `meeting`, the part and the number of items) before it is answered.
 */
export async function viewMeetingAgenda(options: { meetingId: string; part: 'api' | 'page' }, actor: Actor, ctx: AppContext): Promise<Agenda> {
  const opened = await requireAttestation(ctx, actor, options.meetingId);
  if ((await agendaBuiltAt(ctx.db, actor, opened.row.id)) === null) await buildAgenda(ctx, actor, opened, 'first_read');
  const agenda = await loadAgenda(ctx, actor, opened);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'meeting.agenda_viewed',
    resource: { type: 'meeting', id: opened.row.id },
    purpose: 'meeting',
    details: { part: options.part, count: agenda.items.length },
    requestId: actor.requestId ?? null,
  });
  return agenda;
}
