import { createHmac, hash, hkdfSync } from 'node:crypto';

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
  return macOfText(key, JSON.stringify(parts));
}

function macOfText(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

/** SHA-256's block size in bytes: HMAC pads the key to one block. */
const BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104) of many texts under one key, for the verifier's fast path: the key's two
 * padded blocks are made once, and each MAC is two one-shot hashes (crypto.hash) over buffers kept
 * for reuse, about 1.1 µs against 2 µs for createHmac per text. The value is exactly
 * createHmac('sha256', key).update(text).digest('base64url') (audit-chain.test.ts compares them).
 * One instance per verification: its buffers are reused from call to call.
 */
export class TextMac {
  readonly #outer: Buffer;
  #inner: Buffer;

  constructor(key: Buffer) {
    // A longer key would first be hashed (RFC 2104); audit keys are 32 bytes.
    if (key.length > BLOCK) throw new Error('TextMac takes keys of at most 64 bytes');
    this.#inner = Buffer.alloc(BLOCK + 1024, 0x36);
    this.#outer = Buffer.alloc(BLOCK + 32, 0x5c);
    for (let index = 0; index < key.length; index++) {
      this.#inner[index] = 0x36 ^ key[index]!;
      this.#outer[index] = 0x5c ^ key[index]!;
    }
  }

  mac(text: string): string {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: with this room the text is never cut short.
    if (BLOCK + 3 * text.length > this.#inner.length) this.#grow(BLOCK + 3 * text.length);
    const length = this.#inner.write(text, BLOCK, 'utf8');
    // The inner hash leaves as a binary (latin1) string, one char per byte: cheaper than a Buffer result.
    this.#outer.write(hash('sha256', this.#inner.subarray(0, BLOCK + length), 'binary'), BLOCK, 32, 'latin1');
    return hash('sha256', this.#outer, 'base64url');
  }

  #grow(size: number): void {
    const inner = Buffer.alloc(size);
    this.#inner.copy(inner, 0, 0, BLOCK);
    this.#inner = inner;
  }
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

/**
 * An event's MAC from its covered content already spelt as the JSON array of `canonicalContent`
 * (`["<id>","<day>",…]`, as the database reads it out for the verifier): the same value as eventMac,
 * without building the array of fields and spelling it again.
 */
export function eventMacOfContent(key: TextMac, previousMac: string, contentJson: string): string {
  return key.mac(`["event",${JSON.stringify(previousMac)},${contentJson.slice(1)}`);
}

/** An event as the verifier's fast path reads it: its covered content as canonical JSON text. */
export interface CanonicalEvent {
  readonly day: string;
  readonly seq: number;
  readonly tenantId: string | null;
  readonly mac: string;
  readonly contentJson: string;
}

/**
 * The fast path's test of one event of a chain's day: it has the next seq, belongs to the chain and its
 * MAC covers the STORED MAC of the event before it (or the genesis), so each event is checked on its
 * own. A day whose every event passes, whose count is the head's last seq and whose last MAC is the
 * head's is intact (its head MAC checked apart): exactly when verifySegment finds no break. The first
 * event that does not pass sends the day to verifySegment, which names the break.
 */
export function followsPlainly(key: TextMac, chain: string, previousMac: string, expectedSeq: number, event: CanonicalEvent): boolean {
  if (event.seq !== expectedSeq) return false;
  if (chain !== INSTALLATION_CHAIN && event.tenantId !== chain) return false;
  return eventMacOfContent(key, previousMac, event.contentJson) === event.mac;
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
