import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { openMeetingForActor } from './attestation-gate.ts';
import { ATTESTATION_STATEMENT_VERSION } from './attestation-statement.ts';
import { findAttestation, type AttestationRow } from './attestation.queries.ts';

export interface Attestation {
  readonly meetingId: string;
  readonly attested: boolean;
  readonly statementVersion: string;
  readonly attestedAt: string | null;
}

export const presentAttestation = (meetingId: string, row: AttestationRow | null): Attestation => ({
  meetingId,
  attested: row !== null,
  statementVersion: row?.statement_version ?? ATTESTATION_STATEMENT_VERSION,
  attestedAt: row?.attested_at ?? null,
});

/**
 * A member (or the coordinator) confirms the meeting's confidentiality statement, once per meeting:
 * one row and one `meeting.attested` event with the statement's version. A second confirmation
 * changes nothing and answers the first.
 */
export async function attestMeeting(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<Attestation> {
  const { row, table } = await openMeetingForActor(ctx, actor, options.meetingId);
  authorize(actor, 'meetings.attest', table.facts);
  const existing = await findAttestation(ctx.db, actor, row.id);
  if (existing) return presentAttestation(row.id, existing);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meeting_attestations')
        .values({
          id: newId(),
          tenant_id: actor.tenantId,
          meeting_id: row.id,
          user_id: actor.userId,
          statement_version: ATTESTATION_STATEMENT_VERSION,
          attested_at: isoNow(ctx.clock),
        })
        .execute();
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'meeting.attested',
        resource: { type: 'meeting', id: row.id },
        purpose: 'meeting',
        details: { statementVersion: ATTESTATION_STATEMENT_VERSION },
        requestId: actor.requestId ?? null,
      });
    });
  } catch (error) {
    // A double submit: the other request recorded it.
    const raced = await findAttestation(ctx.db, actor, row.id);
    if (raced) return presentAttestation(row.id, raced);
    throw error;
  }
  return presentAttestation(row.id, await findAttestation(ctx.db, actor, row.id));
}
