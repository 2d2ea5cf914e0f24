import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent, subjectOf, type AuditAction, type AuditEventInput, type AuditSubject } from '../audit/index.ts';
import { reporterLookupsOf } from './signal-crypto.ts';
import { signalPurpose, type SignalFacts, type SignalRelation, type signalsPolicy } from './signals.policy.ts';
import { loadSignal, moveToConsultation, type SignalRow } from './signals.queries.ts';

/**
 * The one door to a signal's content, mirroring the cases module's door (case-door.ts).
 *
 * `openSignal` decides whether the actor may see a signal and hands out a `SignalAccess`;
 * `readSignal` writes the read durably to the audit trail (`signal.viewed`, with its purpose and the
 * part read) and only then hands out an `AuditedSignalRead`, which every reader of sealed signal
 * content takes. Both classes take a module-private key, so no other file can make one.
 *
 * The anonymous reporter stays anonymous in the trail too: what they do on their own anonymous signal
 * is recorded without user, organisation or request id (`auditSubjectFor`).
 */

const DOOR: unique symbol = Symbol('signal door');

export type SignalAction = keyof (typeof signalsPolicy)['signals'];
/** The rules that take a signal's facts (the others are decided on the role alone). */
export type SignalRecordAction = Exclude<SignalAction, 'report' | 'registerOnBehalf' | 'list' | 'manageConsultForm'>;

/** The parts of a signal a read can be for, recorded as `details.part` of `signal.viewed`. */
export const SIGNAL_READ_PARTS = ['overview', 'messages', 'screening', 'inquiries', 'referral', 'matches', 'decision', 'disclosure', 'api'] as const;
export type SignalReadPart = (typeof SIGNAL_READ_PARTS)[number];

/** A signal the actor may see, decided by the policy on facts loaded for this request. */
export class SignalAccess {
  readonly #decided = true;
  readonly row: SignalRow;
  readonly facts: SignalFacts;
  readonly relation: SignalRelation;
  constructor(key: typeof DOOR, from: { row: SignalRow; facts: SignalFacts; relation: SignalRelation }) {
    if (key !== DOOR) throw new Error('A SignalAccess is made by openSignal only');
    this.row = from.row;
    this.facts = from.facts;
    this.relation = from.relation;
  }
  get decided(): boolean {
    return this.#decided;
  }
}

/** A read of a signal's content that has been decided and recorded (one `signal.viewed` event). */
export class AuditedSignalRead extends SignalAccess {
  readonly #audited = true;
  readonly part: SignalReadPart;
  constructor(key: typeof DOOR, access: SignalAccess, part: SignalReadPart) {
    super(key, access);
    this.part = part;
  }
  get audited(): boolean {
    return this.#audited;
  }
}

/** The reporter of an anonymous signal acting on it: recorded without anything that identifies them. */
function actsAsAnonymousReporter(access: SignalAccess): boolean {
  return access.row.reporter_anonymous === 1 && access.relation.reporter && !access.relation.coordinator;
}

/**
 * Who the audit trail records for an action on this signal: the anonymous reporter acting on their
 * own anonymous signal is recorded with the network only — no user id, no organisation, no roles.
 */
export function auditSubjectFor(actor: Actor, access: SignalAccess): AuditSubject {
  if (actsAsAnonymousReporter(access)) return { tenantId: actor.tenantId, userId: null, organisationId: null, roles: [] };
  return subjectOf(actor);
}

/** The audit event of an action on a signal: who (as `auditSubjectFor` says), which signal, why. */
export function signalAuditEvent(
  actor: Actor,
  access: SignalAccess,
  action: AuditAction,
  extras: Partial<Pick<AuditEventInput, 'resource' | 'purpose' | 'legalBasis' | 'details' | 'decision'>> = {},
): AuditEventInput {
  const anonymous = actsAsAnonymousReporter(access);
  return {
    subject: auditSubjectFor(actor, access),
    action,
    resource: extras.resource ?? { type: 'signal', id: access.row.id },
    purpose: extras.purpose ?? null,
    legalBasis: extras.legalBasis ?? null,
    // The request id would tie the event to the request log, which names the user.
    requestId: anonymous ? null : (actor.requestId ?? null),
    details: extras.details ?? null,
    ...(extras.decision && { decision: extras.decision }),
  };
}

/**
 * An attempt to open a signal the actor may not see — or one that does not exist — is recorded the
 * same way and answered with the same 404.
 */
async function refuseSignal(ctx: AppContext, actor: Actor, signalId: string, attempted: string): Promise<never> {
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'signal.viewed',
    resource: { type: 'signal', id: signalId },
    decision: 'deny',
    requestId: actor.requestId ?? null,
    details: { attempted },
  });
  throw new AppError('not_found');
}

/** The signal if the actor may see it; 404 otherwise (the attempt is audited either way). */
export async function openSignal(ctx: AppContext, actor: Actor, signalId: string, attempted: string): Promise<SignalAccess> {
  const lookups = await reporterLookupsOf(ctx, actor.tenantId, actor.userId);
  const loaded = await loadSignal(ctx.db, actor, signalId, lookups);
  if (!loaded?.visible) return refuseSignal(ctx, actor, signalId, attempted);
  return new SignalAccess(DOOR, loaded);
}

/** 403 for an action on a signal the actor can see but may not perform (the denial is audited). */
export function requireOnSignal(actor: Actor, access: SignalAccess, action: SignalRecordAction): void {
  authorize(actor, `signals.${action}`, access.facts);
}

/**
 * Opens a signal for reading its content: the access decision, then ONE durable `signal.viewed`
 * event with the purpose the policy gives (`consult_point` | `own_report`) and the part read — and
 * only then the value every content reader asks for. If the audit write fails, it throws.
 */
export async function readSignal(ctx: AppContext, actor: Actor, signalId: string, part: SignalReadPart): Promise<AuditedSignalRead> {
  const access = await openSignal(ctx, actor, signalId, 'signals.read');
  requireOnSignal(actor, access, 'read');
  const purpose = signalPurpose(access.relation);
  await appendAuditEvent(ctx, signalAuditEvent(actor, access, 'signal.viewed', { purpose, details: { part } }));
  return new AuditedSignalRead(DOOR, access, part);
}

/** Who the signal is about, opened from its sealed columns; null for a consult or an erased subject. */
export async function signalSubject(
  ctx: AppContext,
  read: AuditedSignalRead,
): Promise<{ givenName: string | null; familyName: string | null; birthDate: string | null } | null> {
  const row = read.row;
  if (row.subject_given_name_sealed === null && row.subject_family_name_sealed === null && row.subject_birth_date_sealed === null) return null;
  const opener = fieldOpener(ctx, row.tenant_id);
  return {
    givenName: await opener.openOptional('signals', row.id, 'subject_given_name', row.subject_given_name_sealed),
    familyName: await opener.openOptional('signals', row.id, 'subject_family_name', row.subject_family_name_sealed),
    birthDate: await opener.openOptional('signals', row.id, 'subject_birth_date', row.subject_birth_date_sealed),
  };
}

/** What the reporter wrote. */
export async function signalDescription(ctx: AppContext, read: AuditedSignalRead): Promise<string> {
  return fieldOpener(ctx, read.row.tenant_id).open('signals', read.row.id, 'description', read.row.description_sealed);
}

/** The coordinator's decision rationale, when decided. */
export async function signalDecisionRationale(ctx: AppContext, read: AuditedSignalRead): Promise<string | null> {
  return fieldOpener(ctx, read.row.tenant_id).openOptional('signals', read.row.id, 'decision_rationale', read.row.decision_rationale_sealed);
}

/**
 * The consult point takes the signal up: received → in consultation (screening, a message of the
 * coordinator, an inquiry …). Bumps version and `updated_at`; a signal in another status is left as is.
 * Call it inside the transaction of the change that takes the signal up.
 */
export async function markInConsultation(trx: Transaction<Database>, ctx: AppContext, access: SignalAccess): Promise<void> {
  await moveToConsultation(trx, ctx, access.row.tenant_id, access.row.id);
}
