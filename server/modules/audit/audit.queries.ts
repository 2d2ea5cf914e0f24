import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AuditEventTable, Database } from '../../db/schema.ts';
import { startOfZonedDay } from './audit-time.ts';
import { AUDIT_PAGE_SIZE, decodeCursor, encodeCursor, type AuditFilters } from './audit.schemas.ts';

export interface AuditEventPage {
  readonly rows: AuditEventTable[];
  readonly nextCursor: string | null;
}

/**
 * One page of the actor's tenant's audit trail, newest first, with the filters applied. Keyset
 * pagination on (occurred_at, id): stable while new events arrive, and cheap on the
 * (tenant_id, occurred_at) index. Days are calendar days in the audit zone, both ends inclusive.
 */
export async function listAuditEvents(
  db: Kysely<Database>,
  actor: Actor,
  filters: AuditFilters,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditEventPage> {
  let query = db.selectFrom('audit_events').selectAll().where('tenant_id', '=', actor.tenantId);
  if (filters.userId) query = query.where('actor_user_id', '=', filters.userId);
  if (filters.organisationId) query = query.where('actor_organisation_id', '=', filters.organisationId);
  if (filters.action) query = query.where('action', '=', filters.action);
  if (filters.caseId) query = query.where('case_id', '=', filters.caseId);
  if (filters.decision) query = query.where('decision', '=', filters.decision);
  if (filters.from) query = query.where('occurred_at', '>=', startOfZonedDay(filters.from));
  if (filters.to) query = query.where('occurred_at', '<', startOfZonedDay(filters.to, 1));
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : null;
  if (cursor) {
    query = query.where((eb) =>
      eb.or([eb('occurred_at', '<', cursor.occurredAt), eb.and([eb('occurred_at', '=', cursor.occurredAt), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize + 1)
    .execute();
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > pageSize && last ? encodeCursor({ occurredAt: last.occurred_at, id: last.id }) : null };
}

export interface NamedChoice {
  readonly id: string;
  readonly name: string;
}

/** Users and organisations of the actor's tenant, by name: the filter choices and the names shown in the trail. */
export async function listAuditFilterChoices(db: Kysely<Database>, actor: Actor): Promise<{ users: NamedChoice[]; organisations: NamedChoice[] }> {
  const [users, organisations] = await Promise.all([
    db.selectFrom('users').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').orderBy('id').execute(),
    db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute(),
  ]);
  return { users, organisations };
}
