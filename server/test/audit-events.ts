import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuditEventInput } from '../modules/audit/index.ts';
import { newId } from '../platform/ids.ts';

/**
 * The audit trail as a test reads it: `audit_events` in the order the trail itself is read (its
 * cursor: time, then the chain's day and sequence number), so two events of one moment — the test
 * clock stands still — come back in the order they were chained, on either database. Add the
 * selection and the filters: `auditEvents(db).select(['action']).where('action', '=', 'case.viewed').execute()`.
 *
 * This is the ONE place tests spell that order; counting rows or reading one row by id needs none.
 * A test of the chain itself, where a late writer's time is older than the last chained event, orders
 * by day and seq on its own (record-audit-event.int.test.ts). `latestFirst` turns the order round,
 * for the newest event of a kind.
 */
export function auditEvents(db: Kysely<Database>, options: { latestFirst?: boolean } = {}) {
  const direction = options.latestFirst ? 'desc' : 'asc';
  return db.selectFrom('audit_events').orderBy('occurred_at', direction).orderBy('day', direction).orderBy('seq', direction);
}

/**
 * A read of a case by a fictional professional of a network, the kind of event written alone: for
 * tests of the chain, labelled in its resource id; `details` when the test needs content in it.
 */
export function caseReadEvent(tenantId: string, label: string, details?: AuditEventInput['details']): AuditEventInput {
  return {
    subject: { tenantId, userId: newId(), organisationId: null, roles: ['professional'] },
    action: 'case.viewed',
    resource: { type: 'case', id: label },
    caseId: null,
    ...(details ? { details } : {}),
  };
}
