import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { lastEventSeq } from './cases.queries.ts';
import { recordAuditEvent, subjectOf, type AuditAction, type AuditEventInput } from '../audit/index.ts';

export const CASE_EVENT_KINDS = [
  'created',
  'updated',
  'participant_added',
  'participant_removed',
  'item_added',
  'consent_recorded',
  'consent_withdrawn',
  'disclosure_raised',
  'closed',
  'reopened',
  'age_exception',
  'moved',
  'handover_kept',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/**
 * Appends one entry to the case's timeline, in the transaction of the change it describes. Callers
 * change the case row first (version or `updated_at`), which holds its lock on PostgreSQL until the
 * commit, so the next position is claimed by one writer at a time; a unique key backs this up.
 */
export async function appendCaseEvent(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  entry: { id?: string; caseId: string; kind: CaseEventKind; itemId?: string; consentId?: string; detail?: string; textSealed?: string | null },
): Promise<void> {
  const last = await lastEventSeq(trx, actor, entry.caseId);
  await trx
    .insertInto('case_events')
    .values({
      id: entry.id ?? newId(),
      tenant_id: actor.tenantId,
      case_id: entry.caseId,
      seq: last + 1,
      kind: entry.kind,
      item_id: entry.itemId ?? null,
      consent_id: entry.consentId ?? null,
      actor_user_id: actor.userId,
      actor_organisation_id: actor.organisationId,
      detail: entry.detail ?? null,
      text_sealed: entry.textSealed ?? null,
      occurred_at: isoNow(ctx.clock),
    })
    .execute();
}

/**
 * The bookkeeping of a change to a case that does not touch its version: "recently updated", one
 * step on the timeline and the audit event, all in the change's own transaction.
 */
export async function recordCaseChange(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  row: { readonly id: string; readonly reference: string },
  change: {
    step: Omit<Parameters<typeof appendCaseEvent>[3], 'caseId'>;
    action: AuditAction;
    audit: Partial<Pick<AuditEventInput, 'resource' | 'purpose' | 'legalBasis' | 'details'>>;
  },
): Promise<void> {
  await touchCase(trx, ctx, actor, row.id);
  await appendCaseEvent(trx, ctx, actor, { ...change.step, caseId: row.id });
  await recordAuditEvent(trx, ctx, caseAuditEvent(actor, row, change.action, change.audit));
}

/** The audit event of a change to a case: who, which case (by pseudonym), why. */
export function caseAuditEvent(
  actor: Actor,
  row: { readonly id: string | null; readonly reference: string | null },
  action: AuditAction,
  extras: Partial<Pick<AuditEventInput, 'resource' | 'purpose' | 'legalBasis' | 'details' | 'decision'>> = {},
): AuditEventInput {
  return {
    subject: subjectOf(actor),
    action,
    resource: extras.resource ?? { type: 'case', id: row.id },
    caseId: row.id,
    personPseudonym: row.reference,
    purpose: extras.purpose ?? null,
    legalBasis: extras.legalBasis ?? null,
    requestId: actor.requestId ?? null,
    details: extras.details ?? null,
    ...(extras.decision && { decision: extras.decision }),
  };
}

/**
 * Changes case columns under optimistic locking: the row changes only while its version is still
 * `expectedVersion` (when given); otherwise 409 and nothing changes. Every change adds one.
 */
export async function changeCaseRow(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  expectedVersion: number | null,
  set: Partial<
    Pick<
      Database['cases'],
      | 'summary_sealed'
      | 'case_owner_organisation_id'
      | 'theme'
      | 'identity_disclosure'
      | 'status'
      | 'outcome'
      | 'closure_rationale_sealed'
      | 'closed_at'
      | 'table_id'
    >
  > & { age_exception_reason_sealed?: string | null },
): Promise<void> {
  let query = trx
    .updateTable('cases')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: isoNow(ctx.clock) }))
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', caseId);
  if (expectedVersion !== null) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
}

/** Marks the case as changed (for "recently updated" lists) without touching its version. */
export async function touchCase(trx: Transaction<Database>, ctx: AppContext, actor: Actor, caseId: string): Promise<void> {
  await trx
    .updateTable('cases')
    .set({ updated_at: isoNow(ctx.clock) })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', caseId)
    .execute();
}
