import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AuditEventTable, Database } from '../../db/schema.ts';
import { startOfZonedDay } from './audit-time.ts';
import { AUDIT_PAGE_SIZE, decodeCursor, encodeCursor, type AuditFilters, type ReportCaseKey } from './audit.schemas.ts';

export interface AuditEventPage {
  readonly rows: AuditEventTable[];
  readonly nextCursor: string | null;
}

/**
 * The statement of one page of the actor's tenant's audit trail, newest first, with the filters
 * applied (one row more than the page, to know whether another follows). Events of the same moment
 * keep the chain's order (day, seq); the chain last makes the order total where the installation
 * chain's old events and the tenant's own chain meet (ADR 0024). Keyset pagination as a row value,
 * `(occurred_at, day, seq, chain) < (?, ?, ?, ?)`: stable while new events arrive, and one range of the
 * (tenant, time, day, seq, chain) index — or of (tenant, user, time, day, seq, chain) when filtered by user.
 * Days are calendar days in the audit zone, both ends inclusive. Named so that the plan test
 * (`server/db/hot-query-plans.int.test.ts`) explains the very statement the trail runs.
 */
export function auditEventsQuery(db: Kysely<Database>, actor: Actor, filters: AuditFilters, pageSize = AUDIT_PAGE_SIZE) {
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
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('occurred_at', 'day', 'seq', 'chain'), '<', tuple(cursor.occurredAt, cursor.day, cursor.seq, cursor.chain)),
    );
  }
  return query
    .orderBy('occurred_at', 'desc')
    .orderBy('day', 'desc')
    .orderBy('seq', 'desc')
    .orderBy('chain', 'desc')
    .limit(pageSize + 1);
}

/** One page of the actor's tenant's audit trail (`auditEventsQuery`) and the cursor of the next. */
export async function listAuditEvents(
  db: Kysely<Database>,
  actor: Actor,
  filters: AuditFilters,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditEventPage> {
  const rows = await auditEventsQuery(db, actor, filters, pageSize).execute();
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > pageSize && last ? encodeCursor({ occurredAt: last.occurred_at, day: last.day, seq: Number(last.seq), chain: last.chain }) : null,
  };
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

export interface ReportCase {
  readonly id: string;
  readonly reference: string;
}

/**
 * The case of an access report, in the actor's tenant only: id and reference, never content. A
 * missing case and another network's case both give undefined (the caller answers not_found).
 */
export async function findReportCase(db: Kysely<Database>, actor: Actor, key: ReportCaseKey): Promise<ReportCase | undefined> {
  const query = db.selectFrom('cases').select(['id', 'reference']).where('tenant_id', '=', actor.tenantId);
  return 'caseId' in key ? query.where('id', '=', key.caseId).executeTakeFirst() : query.where('reference', '=', key.reference).executeTakeFirst();
}

/**
 * The statement of every event of the actor's tenant about one case, reads and changes, oldest
 * first. Events with the same time keep the order in which they were chained (day, sequence, chain). The
 * (tenant, case, time, day, seq, chain) index holds both the condition and the whole order, so no planner
 * prefers walking the tenant's events by time (the access report stayed fast at a million events
 * only so). Named for the plan test.
 */
export function caseAuditEventsQuery(db: Kysely<Database>, actor: Actor, caseId: string) {
  return db
    .selectFrom('audit_events')
    .select(ACCESS_REPORT_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .orderBy('occurred_at', 'asc')
    .orderBy('day', 'asc')
    .orderBy('seq', 'asc')
    .orderBy('chain', 'asc');
}

/**
 * The columns the access report shows or names from (`buildAccessReport`): not the MAC, the details,
 * the request or the chain position. A case's report lists every event about it, thousands over the
 * years (each read is one), so each column left out is read thousands of times less.
 */
const ACCESS_REPORT_COLUMNS = [
  'id',
  'occurred_at',
  'actor_user_id',
  'actor_organisation_id',
  'actor_roles',
  'action',
  'purpose',
  'legal_basis',
  'decision',
] as const satisfies readonly (keyof AuditEventTable)[];

export type AccessReportRow = Pick<AuditEventTable, (typeof ACCESS_REPORT_COLUMNS)[number]>;

/** Every event of the actor's tenant about one case (`caseAuditEventsQuery`). */
export async function listCaseAuditEvents(db: Kysely<Database>, actor: Actor, caseId: string): Promise<AccessReportRow[]> {
  return caseAuditEventsQuery(db, actor, caseId).execute();
}

/** Names of some organisations of the actor's tenant, by id. */
export async function organisationNamesOf(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Names of some users of the actor's tenant, by id: only for a recorded decision to show staff names. */
export async function userNamesOf(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface PersonCaseRow {
  readonly caseId: string;
  readonly reference: string;
  readonly role: string;
}

/**
 * The cases of the actor's tenant in which a person with this blind index appears, in any role,
 * with the case reference: one row per case and role. Uses the (tenant_id, blind_index) index.
 */
export async function listCasesOfPerson(db: Kysely<Database>, actor: Actor, blindIndex: string): Promise<PersonCaseRow[]> {
  return db
    .selectFrom('case_persons')
    .innerJoin('cases', (join) => join.onRef('cases.tenant_id', '=', 'case_persons.tenant_id').onRef('cases.id', '=', 'case_persons.case_id'))
    .select(['cases.id as caseId', 'cases.reference as reference', 'case_persons.role as role'])
    .distinct()
    .where('case_persons.tenant_id', '=', actor.tenantId)
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('case_persons.blind_index', '=', blindIndex)
    .execute();
}

/** References of some cases of the actor's tenant, by id (ids and references only, never content): the trail shows references, not ids. */
export async function caseReferencesOf(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'reference'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.reference]));
}
