import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { presentAttestation, type Attestation } from './attest-meeting.ts';
import { openMeetingForActor } from './attestation-gate.ts';
import { findAttestation } from './attestation.queries.ts';

/** Whether the actor has confirmed the statement of a meeting they see (their own state only; no content). */
export async function viewMeetingAttestation(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<Attestation> {
  const { row } = await openMeetingForActor(ctx, actor, options.meetingId);
  return presentAttestation(row.id, await findAttestation(ctx.db, actor, row.id));
}
