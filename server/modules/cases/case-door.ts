import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { caseAuditEvent } from './case-journal.ts';
import { recordCaseVisit } from './case-home.queries.ts';
import { readOpens, type CaseReadKind } from './case-read-parts.ts';
import {
  accessPurpose,
  canReadItem,
  relationInMeeting,
  type CaseAction,
  type CaseFacts,
  type CaseRelation,
  type MeetingPassage,
  type MeetingPurpose,
} from './cases.policy.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { itemFactsOf, loadCase, readFactsOf, type CaseRow } from './cases.queries.ts';

/**
 * The one door to case content (docs/architecture.md, "The door to case content").
 *
 * `openCase` decides whether the actor may see a case and hands out a `CaseAccess`; `readCase`
 * decides what the actor may read, writes the read durably to the audit trail and only then hands
 * out an `AuditedCaseRead`. Both classes take a module-private key in their constructor, so no other
 * file can make one (and `#`-private fields make them nominal: an object literal is not one). Every
 * query that returns case content (items, consents, persons, participants, timeline) and every
 * presenter of such content takes an `AuditedCaseRead`; changes take a `CaseAccess`.
 */

const DOOR: unique symbol = Symbol('case door');

/** A case the actor may see, decided by the policy on facts loaded for this request. */
export class CaseAccess {
  readonly #decided = true;
  readonly row: CaseRow;
  readonly facts: CaseFacts;
  readonly relation: CaseRelation;
  constructor(key: typeof DOOR, from: { row: CaseRow; facts: CaseFacts; relation: CaseRelation }) {
    if (key !== DOOR) throw new Error('A CaseAccess is made by openCase only');
    this.row = from.row;
    this.facts = from.facts;
    this.relation = from.relation;
  }
  get decided(): boolean {
    return this.#decided;
  }
}

const READ_ACTIONS: Record<CaseReadKind, { policy: CaseAction; audit: 'case.viewed' | 'case.items_viewed' | 'case.timeline_viewed' }> = {
  case: { policy: 'read', audit: 'case.viewed' },
  participants: { policy: 'read', audit: 'case.viewed' },
  consents: { policy: 'read', audit: 'case.viewed' },
  items: { policy: 'readItems', audit: 'case.items_viewed' },
  timeline: { policy: 'readTimeline', audit: 'case.timeline_viewed' },
  overview: { policy: 'read', audit: 'case.viewed' },
  information: { policy: 'read', audit: 'case.viewed' },
  people: { policy: 'read', audit: 'case.viewed' },
  history: { policy: 'read', audit: 'case.viewed' },
  manage: { policy: 'read', audit: 'case.viewed' },
  plan: { policy: 'read', audit: 'case.viewed' },
  briefing: { policy: 'readItems', audit: 'case.items_viewed' },
};

/**
 * A read of case content that has been decided and recorded: the items the actor may read and the
 * timeline steps they may see are fixed here, once, and every content query works from this value.
 */
export class AuditedCaseRead extends CaseAccess {
  readonly #audited = true;
  readonly kind: CaseReadKind;
  /** Ids of the items this actor may read (the sharing rule applied to every item of the case). */
  readonly readableItemIds: ReadonlySet<string>;
  constructor(key: typeof DOOR, access: CaseAccess, kind: CaseReadKind, readableItemIds: ReadonlySet<string>) {
    super(key, access);
    this.kind = kind;
    this.readableItemIds = readableItemIds;
  }
  get audited(): boolean {
    return this.#audited;
  }
}

/**
 * An attempt to open a case the actor may not see — or one that does not exist — is recorded for
 * the DPO the same way, then answered with the same 404: the answer and its cost do not tell the
 * two apart (a missing id is recorded without a case).
 */
async function refuseCase(ctx: AppContext, actor: Actor, caseId: string, row: CaseRow | null, attempted: string): Promise<never> {
  const target = row ?? { id: null, reference: null };
  await appendAuditEvent(
    ctx,
    caseAuditEvent(actor, target, 'case.viewed', { decision: 'deny', resource: { type: 'case', id: caseId }, details: { attempted } }),
  );
  throw new AppError('not_found');
}

/** The case if the actor may see it; 404 otherwise (the attempt is audited either way). */
export async function openCase(ctx: AppContext, actor: Actor, caseId: string, attempted: string): Promise<CaseAccess> {
  const loaded = await loadCase(ctx.db, actor, caseId);
  if (!loaded?.visible) return refuseCase(ctx, actor, caseId, loaded?.row ?? null, attempted);
  return new CaseAccess(DOOR, loaded);
}

/** 403 for an action on a case the actor can see but may not perform (the denial is audited). */
export function requireOnCase(actor: Actor, access: CaseAccess, action: CaseAction): void {
  authorize(actor, `cases.${action}`, access);
}

/** A change of a case that is not open answers 409 (wrong state) before the policy's 403. */
export function requireOpen(access: CaseAccess): void {
  if (access.facts.status !== 'open') throw new AppError('conflict');
}

/** What the audit event of a read records besides its purpose: the part read and how much was shown. */
export function readDetails(kind: CaseReadKind, items: number, timeline: number): Record<string, string | number> | null {
  switch (kind) {
    case 'overview':
    case 'information':
    case 'people':
    case 'history':
    case 'manage':
      // A tab records which tab was read and how much of the items and the timeline it opened.
      return { part: kind, ...(readOpens(kind, 'items') && { items }), ...(readOpens(kind, 'timeline') && { timeline }) };
    case 'items':
      return { count: items };
    case 'timeline':
      return { count: timeline };
    case 'case':
      return null;
    default:
      return { part: kind };
  }
}

/**
 * Opens a case for reading its content: the access decision, the sharing rule over every item, the
 * timeline steps that may be shown, then ONE durable audit event with the purpose the policy gave —
 * and only then the value every content query asks for. If the audit write fails, it throws and the
 * caller has nothing to answer with.
 */
export async function readCase(ctx: AppContext, actor: Actor, caseId: string, kind: CaseReadKind): Promise<AuditedCaseRead> {
  const spec = READ_ACTIONS[kind];
  const access = await openCase(ctx, actor, caseId, `case.${spec.policy}`);
  requireOnCase(actor, access, spec.policy);
  return auditedRead(ctx, actor, access, kind, { purpose: accessPurpose(access.relation), meetingId: null });
}

/** Decides the readable items of an opened case, records the read, and hands out the audited value. */
async function auditedRead(
  ctx: AppContext,
  actor: Actor,
  access: CaseAccess,
  kind: CaseReadKind,
  recorded: { purpose: string | null; meetingId: string | null },
): Promise<AuditedCaseRead> {
  const spec = READ_ACTIONS[kind];
  const needsItems = readOpens(kind, 'items') || readOpens(kind, 'timeline');
  const facts = needsItems
    ? await readFactsOf(ctx.db, actor, access.row.id, { timeline: readOpens(kind, 'timeline') })
    : { items: [], consents: [], eventItemIds: [] };
  const consents = new Map(facts.consents.map((consent) => [consent.id, consent]));
  const readable = new Set(
    facts.items
      .filter((item) => canReadItem(access.relation, itemFactsOf(item), item.consent_id ? (consents.get(item.consent_id) ?? null) : null))
      .map((item) => item.id),
  );
  const timeline = facts.eventItemIds.filter((itemId) => itemId === null || readable.has(itemId)).length;
  const shown = readDetails(kind, readable.size, timeline);
  const details = recorded.meetingId === null ? shown : { ...shown, meetingId: recorded.meetingId };
  // A read that shows the information (items or timeline) is the user's "last visit" of the case (home
  // page) — not when it is read through a meeting, which is not a visit of the case's own pages. The
  // visit commits with the read's audit event, in its group-commit batch: no write of its own.
  const visitedAt = ctx.clock.now().toISOString();
  const visit =
    needsItems && recorded.meetingId === null ? (trx: Kysely<Database>) => recordCaseVisit(trx, actor, access.row.id, visitedAt) : undefined;
  await appendAuditEvent(ctx, caseAuditEvent(actor, access.row, spec.audit, { purpose: recorded.purpose, details }), visit);
  return new AuditedCaseRead(DOOR, access, kind, readable);
}

/**
 * What the meetings module knows about one case in one meeting, for the actor: null when the meeting
 * does not exist for them. The cases module never reads meeting tables; the meetings module registers
 * this when it starts (the same inversion as the agenda's agreement source).
 */
export type MeetingPassageSource = (db: Kysely<Database>, actor: Actor, meetingId: string, caseId: string) => Promise<MeetingPassage | null>;

let meetingPassageSource: MeetingPassageSource | null = null;

/** Called once by the meetings module at registration. */
export function registerMeetingPassageSource(source: MeetingPassageSource): void {
  meetingPassageSource = source;
}

/**
 * The case as reached through a meeting (`relationInMeeting`): 404 — audited like any refused open —
 * when the meeting opens nothing (not on the agenda, not attested, cancelled; for `minutes`, not
 * running or its minutes locked). The access carries the relation the meeting gives, so a minute
 * taker's `addItem` goes through the same rules as everyone's.
 */
export async function openCaseInMeeting(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  meetingId: string,
  purpose: MeetingPurpose,
): Promise<CaseAccess> {
  if (!meetingPassageSource) throw new Error('The meetings module has not registered its passage source');
  const loaded = await loadCase(ctx.db, actor, caseId);
  const passage = loaded ? await meetingPassageSource(ctx.db, actor, meetingId, caseId) : null;
  const relation = loaded && passage ? relationInMeeting(actor, loaded.relation, passage, purpose) : null;
  if (!loaded || !relation) return refuseCase(ctx, actor, caseId, loaded?.row ?? null, `case.${purpose}`);
  return new CaseAccess(DOOR, { row: loaded.row, facts: loaded.facts, relation });
}

/**
 * Reads a case through a meeting, for the meeting's briefing (`meeting`) or its minutes (`minutes`):
 * the items the reader may read under the relation the meeting gives, recorded with that purpose and
 * the meeting's id before anything is handed out.
 */
export async function readCaseInMeeting(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  meetingId: string,
  purpose: MeetingPurpose,
): Promise<AuditedCaseRead> {
  const access = await openCaseInMeeting(ctx, actor, caseId, meetingId, purpose);
  requireOnCase(actor, access, READ_ACTIONS.briefing.policy);
  return auditedRead(ctx, actor, access, 'briefing', { purpose, meetingId });
}
