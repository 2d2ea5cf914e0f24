import { createSystemAccess } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import type { AuditEventTable, AuditSegmentTable } from '../../db/schema.ts';
import { deriveAuditKey, verifySegment, type AuditDecision, type ChainBreak, type StoredEvent } from './audit-chain.ts';

type SegmentBreak = {
  readonly kind: 'segment_link_broken' | 'segment_missing';
  readonly chain: string;
  readonly day: string;
  readonly seq: null;
  readonly eventId: null;
};

/** One chain's verdict: a tenant's, or the installation's. */
export interface ChainVerification {
  readonly chain: string;
  readonly ok: boolean;
  readonly segments: number;
  readonly events: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly firstBreak: ChainBreak | SegmentBreak | null;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly segments: number;
  readonly events: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  /** The first break of the first broken chain (chains in name order), naming its chain. */
  readonly firstBreak: ChainBreak | SegmentBreak | null;
  /** Every chain, in name order. */
  readonly chains: readonly ChainVerification[];
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
 * Checks every audit chain: every segment head, the links between a chain's segments, every event's
 * MAC and sequence. Reads one chain's day at a time, all in one snapshot of the database, so that
 * events the running nodes append meanwhile are neither half seen nor taken for inserted ones. Each
 * chain is checked up to its first break, which is named with its chain.
 */
export async function verifyAuditChain(ctx: AppContext): Promise<AuditVerification> {
  return ctx.system.snapshot((trx) => verifyInSnapshot({ ...ctx, system: createSystemAccess(trx) }));
}

async function verifyInSnapshot(ctx: AppContext): Promise<AuditVerification> {
  const key = deriveAuditKey(ctx.masterKey);
  const segments = await ctx.system.auditSegments();
  const byChain = new Map<string, AuditSegmentTable[]>();
  for (const segment of segments) {
    const list = byChain.get(segment.chain);
    if (list) list.push(segment);
    else byChain.set(segment.chain, [segment]);
  }
  const strays = new Map<string, string>();
  for (const { chain, day } of await ctx.system.auditEventDays()) {
    if (!byChain.get(chain)?.some((segment) => segment.day === day) && !strays.has(chain)) strays.set(chain, day);
    if (!byChain.has(chain)) byChain.set(chain, []);
  }
  const chains: ChainVerification[] = [];
  for (const chain of [...byChain.keys()].sort()) chains.push(await verifyChain(ctx, key, chain, byChain.get(chain)!, strays.get(chain)));
  const days = segments.map((segment) => segment.day).sort();
  return {
    ok: chains.every((chain) => chain.ok),
    segments: segments.length,
    events: chains.reduce((sum, chain) => sum + chain.events, 0),
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
    firstBreak: chains.find((chain) => chain.firstBreak)?.firstBreak ?? null,
    chains,
  };
}

async function verifyChain(
  ctx: AppContext,
  key: Buffer,
  chain: string,
  segments: readonly AuditSegmentTable[],
  strayDay: string | undefined,
): Promise<ChainVerification> {
  let events = 0;
  const summary = { chain, segments: segments.length, firstDay: segments[0]?.day ?? null, lastDay: segments.at(-1)?.day ?? null };
  const broken = (firstBreak: ChainBreak | SegmentBreak): ChainVerification => ({ ...summary, ok: false, events, firstBreak });
  if (strayDay !== undefined) {
    // Events on a day of the chain without a head were put there past the writer.
    const first = (await ctx.system.auditEventsOfDay(chain, strayDay))[0]!;
    return broken({ kind: 'inserted', chain, day: strayDay, seq: Number(first.seq), eventId: first.id });
  }
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const previous = segments[index - 1];
    // The oldest remaining segment is the retention boundary; every later one must link to its predecessor.
    if (previous && (segment.previous_day !== previous.day || segment.previous_last_mac !== previous.last_mac)) {
      const kind = segment.previous_day !== previous.day ? 'segment_missing' : 'segment_link_broken';
      return broken({ kind, chain, day: segment.day, seq: null, eventId: null });
    }
    const rows = await ctx.system.auditEventsOfDay(chain, segment.day);
    events += rows.length;
    const head = {
      chain,
      day: segment.day,
      lastSeq: Number(segment.last_seq),
      lastMac: segment.last_mac,
      previousDay: segment.previous_day,
      previousLastMac: segment.previous_last_mac,
      mac: segment.mac,
    };
    const firstBreak = verifySegment(key, head, rows.map(toStored));
    if (firstBreak) return broken(firstBreak);
  }
  return { ...summary, ok: true, events, firstBreak: null };
}
