import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, MeetingAttestationTable } from '../../db/schema.ts';

export type AttestationRow = Selectable<MeetingAttestationTable>;

/** The actor's own attestation of one meeting, or null. */
export async function findAttestation(
  db: Kysely<Database>,
  actor: Actor,
  meetingId: string,
  userId: string = actor.userId,
): Promise<AttestationRow | null> {
  return (
    (await db
      .selectFrom('meeting_attestations')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  );
}
