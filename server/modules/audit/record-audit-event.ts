import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../context.ts';
import type { AuditAction } from './audit.actions.ts';
import { chainOf, type AuditDecision } from './audit-chain.ts';
import { newEventId, type AlongsideWrite, type EventDraft } from './audit-log.ts';

/** Who did it, as far as known: a signed-in actor, the operator, or nobody yet (failed sign-in). */
export interface AuditSubject {
  readonly tenantId: string | null;
  readonly userId: string | null;
  readonly organisationId: string | null;
  readonly roles: readonly string[];
}

export function subjectOf(actor: Actor): AuditSubject {
  return { tenantId: actor.tenantId, userId: actor.userId, organisationId: actor.organisationId || null, roles: [...actor.roles].sort() };
}

export const ANONYMOUS: AuditSubject = { tenantId: null, userId: null, organisationId: null, roles: [] };

export interface AuditEventInput {
  readonly subject: AuditSubject;
  readonly action: AuditAction;
  readonly resource: { readonly type: string; readonly id?: string | null };
  readonly decision?: AuditDecision;
  /** Tenant the event belongs to when it differs from the subject's (e.g. a failed sign-in). */
  readonly tenantId?: string | null;
  readonly caseId?: string | null;
  readonly personPseudonym?: string | null;
  readonly purpose?: string | null;
  readonly legalBasis?: string | null;
  readonly requestId?: string | null;
  /** Metadata only: names of changed fields, a reason code. Never content values. */
  readonly details?: Readonly<Record<string, string | number | boolean | readonly string[]>> | null;
}

/** The event as its chain will hold it, stamped now (day and seq come with its place in the chain). */
export function draftOf(ctx: AppContext, input: AuditEventInput): EventDraft {
  const tenantId = input.tenantId !== undefined ? input.tenantId : input.subject.tenantId;
  return {
    id: newEventId(),
    chain: chainOf(tenantId),
    occurredAt: ctx.clock.now().toISOString(),
    tenantId,
    actorUserId: input.subject.userId,
    actorOrganisationId: input.subject.organisationId,
    actorRoles: input.subject.roles.join(','),
    action: input.action,
    resourceType: input.resource.type,
    resourceId: input.resource.id ?? null,
    caseId: input.caseId ?? null,
    personPseudonym: input.personPseudonym ?? null,
    purpose: input.purpose ?? null,
    legalBasis: input.legalBasis ?? null,
    decision: input.decision ?? 'permit',
    requestId: input.requestId ?? null,
    details: input.details ? JSON.stringify(input.details) : null,
  };
}

/**
 * Appends one event to its tenant's chain inside the caller's transaction, so the event exists
 * exactly when the change does. For changes; an event written alone goes through appendAuditEvent.
 * The head is claimed by compare-and-set (AuditLog): no lock is taken to read it, and a head that
 * another writer moved is read again.
 */
export async function recordAuditEvent(trx: Transaction<Database>, ctx: AppContext, input: AuditEventInput): Promise<string> {
  const draft = draftOf(ctx, input);
  await ctx.audit.appendInTransaction(trx, draft.chain, [draft]);
  return draft.id;
}

/**
 * Writes one event that is written alone (a read, a denial, a view) through the group commit: it
 * shares a transaction with the events of its chain that other requests write meanwhile, and the
 * promise resolves only once that transaction committed. If the batch fails, it rejects: the caller
 * must then answer nothing (fail closed). Never call it inside a transaction (use recordAuditEvent).
 * `alongside` commits in the same transaction (see AlongsideWrite).
 */
export function appendAuditEvent(ctx: AppContext, input: AuditEventInput, alongside?: AlongsideWrite): Promise<string> {
  return ctx.audit.append(draftOf(ctx, input), alongside);
}
