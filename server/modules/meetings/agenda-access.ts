import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { buildAgenda } from './agenda-building.ts';
import { agendaBuiltAt } from './agenda.queries.ts';
import { openMeetingForActor, requireAttestation, type OpenedMeeting } from './attestation-gate.ts';

/**
 * What every change of an agenda starts with: the meeting (404 for who does not see it), the
 * coordinator's right (403, audited), the coordinator's own attestation (403 `attestation_required`),
 * and an agenda that exists (built first when nobody asked for it yet).
 */
export async function openAgendaForChange(ctx: AppContext, actor: Actor, meetingId: string): Promise<OpenedMeeting> {
  const opened = await requireAttestationOrDeny(ctx, actor, meetingId);
  if ((await agendaBuiltAt(ctx.db, actor, opened.row.id)) === null) await buildAgenda(ctx, actor, opened, 'first_read');
  return opened;
}

/** A member who may not change the agenda learns so (403) before being asked to attest. */
async function requireAttestationOrDeny(ctx: AppContext, actor: Actor, meetingId: string): Promise<OpenedMeeting> {
  await openMeetingForActor(ctx, actor, meetingId);
  authorize(actor, 'meetings.manageAgenda');
  return requireAttestation(ctx, actor, meetingId);
}

/** The one audit event of an agenda change. */
export function recordAgendaChange(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  details: { change: 'added' | 'removed' | 'reordered'; caseId?: string; count: number },
): Promise<string> {
  return recordAuditEvent(trx, ctx, {
    subject: subjectOf(actor),
    action: 'meeting.agenda_changed',
    resource: { type: 'meeting', id: meetingId },
    purpose: 'meeting',
    details,
    requestId: actor.requestId ?? null,
  });
}
