import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { insideTransaction } from '../../db/transaction-scope.ts';
import { newId } from '../../platform/ids.ts';
import { dayOf, deriveAuditKey, eventMac, genesisMac, headMac, type ChainedEventContent, type SegmentHead } from './audit-chain.ts';

/** An event ready for its chain but for its place in it (day and seq). */
export type EventDraft = Omit<ChainedEventContent, 'day' | 'seq'> & { readonly chain: string };

/**
 * A small write that belongs with an event written alone and commits with it, in its batch's
 * transaction (a read's "last visit" of a case): no commit of its own. It gets that transaction as
 * the modules' guarded view. If it fails, the batch fails, and with it every request in the batch
 * (closed, as for any failed batch): only give writes that cannot fail for another request's reason.
 */
export type AlongsideWrite = (trx: Transaction<Database>) => Promise<void>;

/** Test seams only: production builds the log without them. */
export interface AuditLogSeams {
  /** Runs in a group-commit batch's transaction after its statements, before the commit. */
  readonly beforeCommit?: (trx: Transaction<Database>, chain: string, events: number) => Promise<void>;
}

/** How often one append re-reads a moved head before giving up (another writer won every time). */
const MAX_CLAIMS = 50;

interface Waiter {
  readonly draft: EventDraft;
  readonly alongside: AlongsideWrite | undefined;
  readonly resolve: (id: string) => void;
  readonly reject: (error: unknown) => void;
}

interface ChainQueue {
  waiting: Waiter[];
  /** The running batch loop of the chain, null when idle. */
  running: Promise<void> | null;
}

/** The audit log is closed (the app or the command is shutting down): nothing more is written. */
export class AuditLogClosedError extends Error {
  constructor() {
    super('the audit log is closed');
    this.name = 'AuditLogClosedError';
  }
}

/** An event written alone from inside a transaction: a programming error (use recordAuditEvent(trx, …)). */
export class AuditInsideTransactionError extends Error {
  constructor() {
    super('appendAuditEvent inside a transaction: write the event with recordAuditEvent(trx, …) in that transaction');
    this.name = 'AuditInsideTransactionError';
  }
}

/**
 * The audit chains as one node (an app instance, a CLI command) writes them: the last head it knows
 * per chain, and the group commit of events written alone. One per database handle (built with the
 * AppContext); tests build as many as they like.
 *
 * Appending never locks a head to read it: the events are MACed from the cached head, and the head
 * is claimed with a compare-and-set on its row (same seq, same MAC, no next day yet). When another
 * writer moved it (another node, the CLI, a transaction of this node that rolled back after moving
 * the cache), the claim updates no row; the head is read again and the events MACed again. The MAC in
 * the condition makes a cache that ran ahead of a rolled-back transaction harmless even when another
 * writer reached the same seq meanwhile.
 */
export class AuditLog {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #key: Buffer;
  readonly #seams: AuditLogSeams;
  readonly #heads = new Map<string, SegmentHead>();
  readonly #queues = new Map<string, ChainQueue>();
  #closed = false;

  constructor(options: { db: Kysely<Database>; clock: Clock; masterKey: Buffer; seams?: AuditLogSeams }) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#key = deriveAuditKey(options.masterKey);
    this.#seams = options.seams ?? {};
  }

  /** The clock events are stamped with. */
  now(): string {
    return this.#clock.now().toISOString();
  }

  /**
   * Appends events of one chain in the caller's transaction (they commit or roll back with it) and
   * returns their ids. Used directly for changes; the group commit uses it for its batches.
   */
  async appendInTransaction(trx: Transaction<Database>, chain: string, drafts: readonly EventDraft[]): Promise<string[]> {
    let head = this.#heads.get(chain) ?? (await readHead(trx, chain));
    for (let claim = 1; ; claim++) {
      const written = await this.#tryAppend(trx, chain, head, drafts);
      if (written) {
        this.#heads.set(chain, written);
        return drafts.map((draft) => draft.id);
      }
      if (claim >= MAX_CLAIMS) throw new Error(`audit chain ${chain}: the head moved ${claim} times in a row`);
      this.#heads.delete(chain);
      head = await readHead(trx, chain);
    }
  }

  /**
   * Queues an event written alone (a read, a denial, a view) for its chain's next batch: all the
   * events queued for a chain are written in one transaction with one head claim, one insert and one
   * commit (and the writes given alongside them). Resolves only once that transaction committed;
   * rejects every caller of a failed batch. While a batch commits, new events wait for the next; an
   * idle chain starts a batch in the event loop's next check phase (setImmediate, no timer), so the
   * requests served in the same turn share it. Never call it inside a transaction: the batch needs a connection of its own (it is refused
   * there with AuditInsideTransactionError, rather than waiting for ever on SQLite).
   */
  append(draft: EventDraft, alongside?: AlongsideWrite): Promise<string> {
    if (this.#closed) return Promise.reject(new AuditLogClosedError());
    // Awaited there, it would wait for a connection the transaction holds (forever, on SQLite).
    if (insideTransaction()) return Promise.reject(new AuditInsideTransactionError());
    return new Promise<string>((resolve, reject) => {
      let queue = this.#queues.get(draft.chain);
      if (!queue) {
        queue = { waiting: [], running: null };
        this.#queues.set(draft.chain, queue);
      }
      queue.waiting.push({ draft, alongside, resolve, reject });
      queue.running ??= this.#run(draft.chain, queue);
    });
  }

  /** Waits until every queued event is written (or refused). */
  async drain(): Promise<void> {
    for (;;) {
      const running = [...this.#queues.values()].map((queue) => queue.running).filter((run) => run !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Refuses new events, then waits for the queued ones. For shutting down before the handle closes. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
  }

  async #run(chain: string, queue: ChainQueue): Promise<void> {
    try {
      // Each batch starts after the event loop's current I/O phase: the requests whose bytes arrived in
      // it run up to their audit write first (on SQLite without ever yielding to I/O, since its
      // statements are synchronous), so their events share one transaction and one commit.
      await nextLoopTurn();
      while (queue.waiting.length > 0) {
        const batch = queue.waiting.splice(0);
        try {
          await this.#db.transaction().execute(async (trx) => {
            await this.appendInTransaction(
              trx,
              chain,
              batch.map((waiter) => waiter.draft),
            );
            for (const waiter of batch) if (waiter.alongside) await waiter.alongside(trx);
            if (this.#seams.beforeCommit) await this.#seams.beforeCommit(trx, chain, batch.length);
          });
        } catch (error) {
          // Fail closed: no caller of the batch may answer as if its event were written.
          this.#heads.delete(chain);
          for (const waiter of batch) waiter.reject(error);
          continue;
        }
        for (const waiter of batch) waiter.resolve(waiter.draft.id);
        await nextLoopTurn();
      }
    } finally {
      queue.running = null;
      if (queue.waiting.length > 0) queue.running = this.#run(chain, queue);
    }
  }

  /**
   * One attempt: the events after `head` (or a new segment), and the claim of the head. Returns the
   * new head, or null when the claim found the head moved (nothing was written then).
   */
  async #tryAppend(
    trx: Transaction<Database>,
    chain: string,
    head: SegmentHead | undefined,
    drafts: readonly EventDraft[],
  ): Promise<SegmentHead | null> {
    const key = this.#key;
    const today = dayOf(this.now());
    // A head of a later day than the clock's (another node's clock, a batch started before midnight)
    // takes the events: they never go to a day after its successor was linked to it.
    const day = head && head.day >= today ? head.day : today;
    const continues = head !== undefined && head.day === day;
    let previousMac = continues ? head.lastMac : genesisMac(key, chain, day);
    let seq = continues ? head.lastSeq : 0;
    const rows = drafts.map((draft) => {
      seq += 1;
      const content: ChainedEventContent = { ...draft, day, seq };
      previousMac = eventMac(key, previousMac, content);
      return { ...eventRow(content), chain, mac: previousMac };
    });
    const next: SegmentHead = continues
      ? { chain, day, lastSeq: seq, lastMac: previousMac, previousDay: head.previousDay, previousLastMac: head.previousLastMac }
      : { chain, day, lastSeq: seq, lastMac: previousMac, previousDay: head?.day ?? null, previousLastMac: head?.lastMac ?? null };
    if (continues) {
      const claimed = await trx
        .updateTable('audit_segments')
        .set({ last_seq: next.lastSeq, last_mac: next.lastMac, mac: headMac(key, next) })
        .where('chain', '=', chain)
        .where('day', '=', day)
        .where('last_seq', '=', head.lastSeq)
        .where('last_mac', '=', head.lastMac)
        .where('next_day', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return null;
    } else {
      if (head) {
        // Close the previous day first: from now on no writer can claim it, so the link stays true.
        const closed = await trx
          .updateTable('audit_segments')
          .set({ next_day: day })
          .where('chain', '=', chain)
          .where('day', '=', head.day)
          .where('last_seq', '=', head.lastSeq)
          .where('last_mac', '=', head.lastMac)
          .where('next_day', 'is', null)
          .executeTakeFirst();
        if (Number(closed.numUpdatedRows) !== 1) return null;
      }
      const created = await trx
        .insertInto('audit_segments')
        .values({
          chain,
          day,
          last_seq: next.lastSeq,
          last_mac: next.lastMac,
          previous_day: next.previousDay,
          previous_last_mac: next.previousLastMac,
          mac: headMac(key, next),
          next_day: null,
        })
        .onConflict((conflict) => conflict.columns(['chain', 'day']).doNothing())
        .executeTakeFirst();
      if (Number(created.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
    }
    await trx.insertInto('audit_events').values(rows).execute();
    return next;
  }
}

/** Resolves in the event loop's check phase, after the I/O callbacks of the current turn have run. */
function nextLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The newest segment head of a chain as committed now (no lock: the claim decides). */
async function readHead(trx: Transaction<Database>, chain: string): Promise<SegmentHead | undefined> {
  const row = await trx
    .selectFrom('audit_segments')
    .select(['day', 'last_seq', 'last_mac', 'previous_day', 'previous_last_mac'])
    .where('chain', '=', chain)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        chain,
        day: row.day,
        lastSeq: Number(row.last_seq),
        lastMac: row.last_mac,
        previousDay: row.previous_day,
        previousLastMac: row.previous_last_mac,
      }
    : undefined;
}

/** The stored columns of an event's content (all but its chain and MAC); the scale bench's generator writes with it too. */
export function eventRow(content: ChainedEventContent) {
  return {
    id: content.id,
    day: content.day,
    seq: content.seq,
    occurred_at: content.occurredAt,
    tenant_id: content.tenantId,
    actor_user_id: content.actorUserId,
    actor_organisation_id: content.actorOrganisationId,
    actor_roles: content.actorRoles,
    action: content.action,
    resource_type: content.resourceType,
    resource_id: content.resourceId,
    case_id: content.caseId,
    person_pseudonym: content.personPseudonym,
    purpose: content.purpose,
    legal_basis: content.legalBasis,
    decision: content.decision,
    request_id: content.requestId,
    details: content.details,
  };
}

/** A fresh event id (exported for the draft builder). */
export function newEventId(): string {
  return newId();
}
