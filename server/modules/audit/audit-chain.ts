import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The tamper-evident chain of audit events, as pure functions.
 *
 * There is one chain per tenant and one for the installation (ADR 0024). Within a chain, events
 * are chained per UTC day (a segment): each event's MAC covers its own canonical content and
 * the MAC of the event before it in the same day; the first event of a day chains from that day's
 * genesis value. Each segment head (last seq, last MAC, the previous segment's day and last MAC) is
 * itself MACed, so segments form a chain too. Dropping the oldest segments at the end of their
 * retention keeps every remaining segment verifiable; the oldest remaining head is the boundary.
 * The key is derived from the master key, so whoever can only write the database cannot forge MACs.
 */

export type AuditDecision = 'permit' | 'deny';

/**
 * The chain of events without a tenant (the operator, a failed sign-in of an unknown address) and of
 * every event written before chains were per tenant (ADR 0024). Every other event is in the chain
 * named by its tenant's id.
 */
export const INSTALLATION_CHAIN = 'installation';

/** The chain an event of this tenant (or of none) belongs to. */
export function chainOf(tenantId: string | null): string {
  return tenantId ?? INSTALLATION_CHAIN;
}

/** The stored columns that the MAC covers: everything but the MAC itself. */
export interface ChainedEventContent {
  readonly id: string;
  readonly day: string;
  readonly seq: number;
  readonly occurredAt: string;
  readonly tenantId: string | null;
  readonly actorUserId: string | null;
  readonly actorOrganisationId: string | null;
  readonly actorRoles: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly caseId: string | null;
  readonly personPseudonym: string | null;
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly decision: AuditDecision;
  readonly requestId: string | null;
  readonly details: string | null;
}

export interface SegmentHead {
  readonly chain: string;
  readonly day: string;
  readonly lastSeq: number;
  readonly lastMac: string;
  readonly previousDay: string | null;
  readonly previousLastMac: string | null;
}

export function deriveAuditKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'partnertafel audit chain v1', 32));
}

function mac(key: Buffer, parts: readonly (string | number | null)[]): string {
  return createHmac('sha256', key).update(JSON.stringify(parts)).digest('base64url');
}

/**
 * The value the first event of a chain's day chains from. A tenant chain's genesis names the chain,
 * so an event (or a whole day) moved to another chain fits no predecessor there; the installation
 * chain keeps the value of the single chain before it (ADR 0024), so its old events still verify.
 */
export function genesisMac(key: Buffer, chain: string, day: string): string {
  return chain === INSTALLATION_CHAIN ? mac(key, ['genesis', day]) : mac(key, ['genesis', chain, day]);
}

/**
 * Canonical order of the covered fields; changing it is a new chain version. The sequence number is
 * left out on purpose: order is protected by each MAC covering its predecessor's, and leaving it out
 * lets the verifier tell a reordered or inserted event from a modified one.
 */
export function canonicalContent(event: ChainedEventContent): (string | number | null)[] {
  return [
    event.id,
    event.day,
    event.occurredAt,
    event.tenantId,
    event.actorUserId,
    event.actorOrganisationId,
    event.actorRoles,
    event.action,
    event.resourceType,
    event.resourceId,
    event.caseId,
    event.personPseudonym,
    event.purpose,
    event.legalBasis,
    event.decision,
    event.requestId,
    event.details,
  ];
}

export function eventMac(key: Buffer, previousMac: string, event: ChainedEventContent): string {
  return mac(key, ['event', previousMac, ...canonicalContent(event)]);
}

/** A head's MAC; a tenant chain's names the chain (the installation chain's keeps the old form). */
export function headMac(key: Buffer, head: SegmentHead): string {
  const covered = [head.day, head.lastSeq, head.lastMac, head.previousDay, head.previousLastMac];
  return head.chain === INSTALLATION_CHAIN ? mac(key, ['head', ...covered]) : mac(key, ['head', head.chain, ...covered]);
}

/** The UTC day an event belongs to. */
export function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}

export type ChainBreak =
  | { readonly kind: 'modified'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: string }
  | { readonly kind: 'inserted'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: string }
  | { readonly kind: 'reordered'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: string }
  /** An event of another tenant in a tenant's chain. */
  | { readonly kind: 'misplaced'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: string }
  | { readonly kind: 'missing'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: null }
  | { readonly kind: 'head_modified'; readonly chain: string; readonly day: string; readonly seq: number; readonly eventId: null };

export interface StoredEvent extends ChainedEventContent {
  readonly mac: string;
}

/**
 * Verifies one chain's day of events (sorted by seq) against its head. Returns the first break, or
 * null. Classification: a seq gap is `missing`; a repeated seq or one past the head is `inserted`;
 * an event of another tenant in a tenant's chain is `misplaced`; an event whose MAC fits another
 * predecessor in the segment was `reordered`; an event that fits no predecessor while the next one
 * fits the previous is `inserted`; with fewer events than the head counts it is `missing`; anything
 * else is `modified`.
 */
export function verifySegment(key: Buffer, head: SegmentHead & { mac: string }, events: readonly StoredEvent[]): ChainBreak | null {
  const { chain, day } = head;
  if (headMac(key, head) !== head.mac) return { kind: 'head_modified', chain, day, seq: head.lastSeq, eventId: null };
  const genesis = genesisMac(key, chain, day);
  let knownMacs: string[] | null = null;
  let previous = genesis;
  let expectedSeq = 1;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.day !== day) return { kind: 'inserted', chain, day, seq: event.seq, eventId: event.id };
    if (event.seq > expectedSeq) return { kind: 'missing', chain, day, seq: expectedSeq, eventId: null };
    if (event.seq < expectedSeq || event.seq > head.lastSeq) return { kind: 'inserted', chain, day, seq: event.seq, eventId: event.id };
    if (eventMac(key, previous, event) !== event.mac) {
      knownMacs ??= [genesis, ...events.map((candidate) => candidate.mac)];
      if (knownMacs.some((candidate) => candidate !== previous && eventMac(key, candidate, event) === event.mac)) {
        return { kind: 'reordered', chain, day, seq: event.seq, eventId: event.id };
      }
      const next = events[index + 1];
      if (next && eventMac(key, previous, next) === next.mac) return { kind: 'inserted', chain, day, seq: event.seq, eventId: event.id };
      // Fewer events than the head counts: one before this was deleted and the rest renumbered.
      if (events.length < head.lastSeq) return { kind: 'missing', chain, day, seq: event.seq, eventId: null };
      return { kind: 'modified', chain, day, seq: event.seq, eventId: event.id };
    }
    // A valid MAC over another tenant's event: written into the wrong chain by whoever held the key.
    if (chain !== INSTALLATION_CHAIN && event.tenantId !== chain) return { kind: 'misplaced', chain, day, seq: event.seq, eventId: event.id };
    previous = event.mac;
    expectedSeq += 1;
  }
  if (expectedSeq - 1 < head.lastSeq) return { kind: 'missing', chain, day, seq: expectedSeq, eventId: null };
  if (previous !== head.lastMac) return { kind: 'head_modified', chain, day, seq: head.lastSeq, eventId: null };
  return null;
}
