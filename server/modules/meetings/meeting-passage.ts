import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import type { MeetingPassage } from '../cases/index.ts';
import { memberRoles } from '../tables/index.ts';
import { listAgendaItems } from './agenda.queries.ts';
import { findAttestation } from './attestation.queries.ts';
import { findMeeting } from './meetings.queries.ts';

/**
 * What one meeting tells the cases door about one case for this actor (registered with the cases
 * module, which decides with `relationInMeeting`): the meeting's status, whether the case is on its
 * agenda, whether the actor attested, and the actor's seats on its table now. Null when the meeting
 * does not exist in the actor's network.
 */
export async function meetingPassage(db: Kysely<Database>, actor: Actor, meetingId: string, caseId: string): Promise<MeetingPassage | null> {
  const meeting = await findMeeting(db, actor, meetingId);
  if (!meeting) return null;
  const [agenda, attestation, seats] = await Promise.all([
    listAgendaItems(db, actor, meeting.id),
    findAttestation(db, actor, meeting.id),
    memberRoles(db, actor, meeting.table_id, actor.userId),
  ]);
  return {
    tenantId: meeting.tenant_id,
    status: meeting.status,
    caseOnAgenda: agenda.some((item) => item.case_id === caseId),
    attested: attestation !== null,
    seats,
  };
}
