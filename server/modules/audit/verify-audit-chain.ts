import { createSystemAccess } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import type { AuditEventTable } from '../../db/schema.ts';
import { deriveAuditKey, verifySegment, type AuditDecision, type ChainBreak, type StoredEvent } from './audit-chain.ts';

export interface AuditVerification {
  readonly ok: boolean;
  readonly segments: number;
  readonly events: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly firstBreak:
    | ChainBreak
    | { readonly kind: 'segment_link_broken' | 'segment_missing'; readonly day: string; readonly seq: null; readonly eventId: null }
    | null;
}

function toStored(row: AuditEventTable): StoredEvent {
  return {
    id: row.id,
    day: row.day,
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    tenantId: row.tenant_id,
    actorUserId: row.actor_user_id,
    actorOrganisationId: row.actor_organisation_id,
    actorRoles: row.actor_roles,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    caseId: row.case_id,
    personPseudonym: row.person_pseudonym,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    decision: row.decision as AuditDecision,
    requestId: row.request_id,
    details: row.details,
    mac: row.mac,
  };
}

/**
 * Checks the whole audit trail: every segment head, the links between segments, every event's MAC
 * and sequence. Reads one day at a time, all in one snapshot of the database, so that events the
 * running nodes append meanwhile are neither half seen nor taken for inserted ones. Stops at the
 * first break and names it.
 */
export async function verifyAuditChain(ctx: AppContext): Promise<AuditVerification> {
  return ctx.system.snapshot((trx) => verifyInSnapshot({ ...ctx, system: createSystemAccess(trx) }));
}

async function verifyInSnapshot(ctx: AppContext): Promise<AuditVerification> {
  const key = deriveAuditKey(ctx.masterKey);
  const segments = await ctx.system.auditSegments();
  const segmentDays = new Set(segments.map((segment) => segment.day));
  let events = 0;
  const summary = { segments: segments.length, firstDay: segments[0]?.day ?? null, lastDay: segments.at(-1)?.day ?? null };
  for (const day of await ctx.system.auditEventDays()) {
    if (!segmentDays.has(day)) {
      const first = (await ctx.system.auditEventsOfDay(day))[0]!;
      return { ok: false, ...summary, events, firstBreak: { kind: 'inserted', day, seq: Number(first.seq), eventId: first.id } };
    }
  }
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const previous = segments[index - 1];
    // The oldest remaining segment is the retention boundary; every later one must link to its predecessor.
    if (previous && (segment.previous_day !== previous.day || segment.previous_last_mac !== previous.last_mac)) {
      const kind = segment.previous_day !== previous.day ? 'segment_missing' : 'segment_link_broken';
      return { ok: false, ...summary, events, firstBreak: { kind, day: segment.day, seq: null, eventId: null } };
    }
    const rows = await ctx.system.auditEventsOfDay(segment.day);
    events += rows.length;
    const head = {
      day: segment.day,
      lastSeq: Number(segment.last_seq),
      lastMac: segment.last_mac,
      previousDay: segment.previous_day,
      previousLastMac: segment.previous_last_mac,
      mac: segment.mac,
    };
    const broken = verifySegment(key, head, rows.map(toStored));
    if (broken) return { ok: false, ...summary, events, firstBreak: broken };
  }
  return { ok: true, ...summary, events, firstBreak: null };
}
