import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createSystemAccess, type AuditChainRow, type SystemAccess } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import type { AuditEventTable, AuditSegmentTable } from '../../db/schema.ts';
import {
  deriveAuditKey,
  followsPlainly,
  genesisMac,
  headMac,
  verifySegment,
  type AuditDecision,
  type ChainBreak,
  type SegmentHead,
  type StoredEvent,
  TextMac,
} from './audit-chain.ts';

/**
 * Events per page of a chain's read. Small enough that a page and the one read ahead stay young in
 * the heap (pages of 5 000 and more made the garbage collector the largest cost), large enough that
 * a query's round trip is spread over many events.
 */
export const VERIFY_PAGE_SIZE = 2_000;

/** Past every seq of a day (PostgreSQL's integer): the position after a day's last event. */
const PAST_ANY_SEQ = 2_147_483_647;

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
 * Reads one chain's events in chain order, a page at a time, and asks for the next page as soon as
 * it hands one out: on PostgreSQL the server reads it on the other core while this one checks MACs.
 * Memory stays at two pages whatever the size of a day.
 */
class ChainReader {
  readonly #system: SystemAccess;
  readonly #chain: string;
  readonly #pageSize: number;
  #ahead: Promise<AuditChainRow[]> | null;
  /** The page being checked and the index of its first unchecked event. */
  rows: AuditChainRow[] = [];
  index = 0;

  constructor(system: SystemAccess, chain: string, pageSize: number) {
    this.#system = system;
    this.#chain = chain;
    this.#pageSize = pageSize;
    this.#ahead = this.#read({ day: '', seq: 0 });
  }

  /** Asks for the page after a position; it is awaited later, in fill() or close(). */
  #read(after: { readonly day: string; readonly seq: number }): Promise<AuditChainRow[]> {
    const page = this.#system.auditChainPage(this.#chain, after, this.#pageSize);
    // A failure is thrown where the page is awaited; until then it must not count as unhandled.
    page.catch(() => undefined);
    return page;
  }

  /** Makes an unchecked event current (reading the next page if needed); false when the chain is read. */
  async fill(): Promise<boolean> {
    while (this.index >= this.rows.length) {
      if (!this.#ahead) return false;
      const rows = await this.#ahead;
      this.#ahead = rows.length === this.#pageSize ? this.#read(rows.at(-1)!) : null;
      // Let the read ahead reach the database before this page's MACs keep the thread busy.
      if (this.#ahead) await yieldToEventLoop();
      this.rows = rows;
      this.index = 0;
    }
    return true;
  }

  /** Goes on after the given day's last event (that day was checked another way). */
  async skipDay(day: string): Promise<void> {
    await this.close();
    this.rows = [];
    this.index = 0;
    this.#ahead = this.#read({ day, seq: PAST_ANY_SEQ });
  }

  /**
   * Waits for the page read ahead, if any, so that no read outlives the snapshot. Its rows are not
   * needed, nor its failure: a broken connection shows in the next statement or the commit.
   */
  async close(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = null;
    await ahead?.catch(() => undefined);
  }
}

/**
 * The fast path over one chain's day: true when every event of the day follows its stored predecessor
 * plainly (followsPlainly) and the day ends at its head. Reads the day's events from the reader (and
 * no further); stops at the first event that does not fit. Says nothing about the head's own MAC.
 */
async function dayIsPlainlyIntact(reader: ChainReader, key: Buffer, textMac: TextMac, head: SegmentHead): Promise<boolean> {
  const { chain, day } = head;
  let previousMac = genesisMac(key, chain, day);
  let expectedSeq = 1;
  while (await reader.fill()) {
    const rows = reader.rows;
    let index = reader.index;
    for (; index < rows.length && rows[index]!.day === day; index++) {
      const event = rows[index]!;
      if (!followsPlainly(textMac, chain, previousMac, expectedSeq, event)) {
        reader.index = index;
        return false;
      }
      previousMac = event.mac;
      expectedSeq += 1;
    }
    reader.index = index;
    if (index < rows.length) break;
  }
  return expectedSeq - 1 === head.lastSeq && previousMac === head.lastMac;
}

/**
 * Checks every audit chain: every segment head, the links between a chain's segments, every event's
 * MAC and sequence. Reads each chain in pages of events, all in one snapshot of the database, so
 * that events the running nodes append meanwhile are neither half seen nor taken for inserted ones.
 * A day whose events all check on the fast path is intact; a day where one does not is read whole
 * and given to verifySegment, which names the break as it always did. Each chain is checked up to
 * its first break, which is named with its chain.
 */
export async function verifyAuditChain(ctx: AppContext, options: { readonly pageSize?: number } = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  return ctx.system.snapshot((trx) => verifyInSnapshot({ ...ctx, system: createSystemAccess(trx) }, pageSize));
}

async function verifyInSnapshot(ctx: AppContext, pageSize: number): Promise<AuditVerification> {
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
  for (const chain of [...byChain.keys()].sort()) chains.push(await verifyChain(ctx, key, chain, byChain.get(chain)!, strays.get(chain), pageSize));
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
  pageSize: number,
): Promise<ChainVerification> {
  let events = 0;
  const summary = { chain, segments: segments.length, firstDay: segments[0]?.day ?? null, lastDay: segments.at(-1)?.day ?? null };
  const broken = (firstBreak: ChainBreak | SegmentBreak): ChainVerification => ({ ...summary, ok: false, events, firstBreak });
  if (strayDay !== undefined) {
    // Events on a day of the chain without a head were put there past the writer.
    const first = (await ctx.system.auditEventsOfDay(chain, strayDay))[0]!;
    return broken({ kind: 'inserted', chain, day: strayDay, seq: Number(first.seq), eventId: first.id });
  }
  const reader = new ChainReader(ctx.system, chain, pageSize);
  const textMac = new TextMac(key);
  try {
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index]!;
      const previous = segments[index - 1];
      // The oldest remaining segment is the retention boundary; every later one must link to its predecessor.
      if (previous && (segment.previous_day !== previous.day || segment.previous_last_mac !== previous.last_mac)) {
        const kind = segment.previous_day !== previous.day ? 'segment_missing' : 'segment_link_broken';
        return broken({ kind, chain, day: segment.day, seq: null, eventId: null });
      }
      const head = headOf(chain, segment);
      if (headMac(key, head) === head.mac && (await dayIsPlainlyIntact(reader, key, textMac, head))) {
        events += head.lastSeq;
        continue;
      }
      // Something does not fit: the day is read whole and classified exactly as before the fast path.
      const rows = await ctx.system.auditEventsOfDay(chain, segment.day);
      events += rows.length;
      const firstBreak = verifySegment(key, head, rows.map(toStored));
      if (firstBreak) return broken(firstBreak);
      await reader.skipDay(segment.day);
    }
  } finally {
    await reader.close();
  }
  return { ...summary, ok: true, events, firstBreak: null };
}

function headOf(chain: string, segment: AuditSegmentTable): SegmentHead & { readonly mac: string } {
  return {
    chain,
    day: segment.day,
    lastSeq: Number(segment.last_seq),
    lastMac: segment.last_mac,
    previousDay: segment.previous_day,
    previousLastMac: segment.previous_last_mac,
    mac: segment.mac,
  };
}
