import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/ids.ts';
import type { AuditAction } from './audit.actions.ts';
import { dayOf, deriveAuditKey, eventMac, genesisMac, headMac, type AuditDecision, type ChainedEventContent } from './audit-chain.ts';

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

const auditKeys = new WeakMap<Buffer, Buffer>();
function auditKey(masterKey: Buffer): Buffer {
  let key = auditKeys.get(masterKey);
  if (!key) {
    key = deriveAuditKey(masterKey);
    auditKeys.set(masterKey, key);
  }
  return key;
}

/**
 * Appends one event to the newest day's chain inside the caller's transaction, so the event exists
 * exactly when the change does. The newest segment head is locked first (PostgreSQL `FOR UPDATE`;
 * SQLite serialises writers) and read again once the lock is held, so concurrent writers cannot fork
 * the chain, and an event is never appended to a day after the next day's segment was linked to it:
 * a transaction that read the clock just before midnight joins the new day instead.
 */
export async function recordAuditEvent(trx: Transaction<Database>, ctx: AppContext, input: AuditEventInput): Promise<string> {
  const occurredAt = ctx.clock.now().toISOString();
  const key = auditKey(ctx.masterKey);
  const postgres = ctx.handle.kind === 'postgres';
  const newestQuery = trx.selectFrom('audit_segments').select('day').orderBy('day', 'desc').limit(1);
  await (postgres ? newestQuery.forUpdate() : newestQuery).executeTakeFirst();
  // A new statement after the lock sees segments committed while this transaction waited.
  const newest = await newestQuery.executeTakeFirst();
  const day = newest && newest.day > dayOf(occurredAt) ? newest.day : dayOf(occurredAt);
  let headQuery = trx.selectFrom('audit_segments').selectAll().where('day', '=', day);
  if (postgres) headQuery = headQuery.forUpdate();
  let head = await headQuery.executeTakeFirst();
  if (!head) {
    const previous = await trx
      .selectFrom('audit_segments')
      .select(['day', 'last_mac'])
      .where('day', '<', day)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    const fresh = { day, lastSeq: 0, lastMac: genesisMac(key, day), previousDay: previous?.day ?? null, previousLastMac: previous?.last_mac ?? null };
    const inserted = await trx
      .insertInto('audit_segments')
      .values({
        day,
        last_seq: 0,
        last_mac: fresh.lastMac,
        previous_day: fresh.previousDay,
        previous_last_mac: fresh.previousLastMac,
        mac: headMac(key, fresh),
      })
      .onConflict((conflict) => conflict.column('day').doNothing())
      .executeTakeFirst();
    void inserted;
    head = await (
      ctx.handle.kind === 'postgres'
        ? trx.selectFrom('audit_segments').selectAll().where('day', '=', day).forUpdate()
        : trx.selectFrom('audit_segments').selectAll().where('day', '=', day)
    ).executeTakeFirstOrThrow();
  }
  const content: ChainedEventContent = {
    id: newId(),
    day,
    seq: Number(head.last_seq) + 1,
    occurredAt,
    tenantId: input.tenantId !== undefined ? input.tenantId : input.subject.tenantId,
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
  const mac = eventMac(key, head.last_mac, content);
  await trx
    .insertInto('audit_events')
    .values({
      id: content.id,
      day,
      seq: content.seq,
      occurred_at: occurredAt,
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
      mac,
    })
    .execute();
  const newHead = { day, lastSeq: content.seq, lastMac: mac, previousDay: head.previous_day, previousLastMac: head.previous_last_mac };
  await trx
    .updateTable('audit_segments')
    .set({ last_seq: content.seq, last_mac: mac, mac: headMac(key, newHead) })
    .where('day', '=', day)
    .execute();
  return content.id;
}
