import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { CaseConsentTable, CaseItemTable, CaseTable, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { findTable, isKeyFigure, keyFiguresOf, keyFigureTableIds, keyFigureTablesSubquery, listTablesForSelect } from '../tables/index.ts';
import type { AuditedCaseRead, CaseAccess } from './case-door.ts';
import { assertCovers } from './case-read-parts.ts';
import { canSeeCase, holdsCaseRole, relationTo, type CaseFacts, type CaseRelation } from './cases.policy.ts';
import type { Audience, CaseStatus, IdentityDisclosure, ParticipantRole } from './cases.vocabulary.ts';
import type { CaseListQuery } from './cases.schemas.ts';

/**
 * Actor-scoped reads of the case module — the only file that may select from the case content
 * tables (lint: `partnertafel/case-content-queries`). Every query names the actor's tenant; what the
 * actor may see is decided by the pure rules of cases.policy.ts on the facts loaded here. Queries
 * that return case content take an `AuditedCaseRead` (made only by `readCase`, after the audit
 * write); queries for changes take a `CaseAccess` and return facts, never sealed columns.
 */

export type CaseRow = Selectable<CaseTable> & { table_name: string };

export function factsOf(row: Selectable<CaseTable>): CaseFacts {
  return {
    tenantId: row.tenant_id,
    status: row.status as CaseStatus,
    identityDisclosure: row.identity_disclosure as IdentityDisclosure,
    caseOwnerOrganisationId: row.case_owner_organisation_id,
    referrerOrganisationId: row.referrer_organisation_id,
  };
}

/** A case with the actor's relation to it, before the door has decided anything. */
export interface CaseStanding {
  readonly row: CaseRow;
  readonly facts: CaseFacts;
  readonly relation: CaseRelation;
}

async function findCaseRow(db: Kysely<Database>, actor: Actor, caseId: string): Promise<CaseRow | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!row) return undefined;
  const table = await findTable(db, actor, row.table_id);
  return table ? { ...row, table_name: table.name } : undefined;
}

/** How the actor stands to one case right now (table membership and participation). */
async function standingOn(db: Kysely<Database>, actor: Actor, row: CaseRow) {
  const [tableKeyFigure, participation] = await Promise.all([
    isKeyFigure(db, actor, row.table_id),
    db
      .selectFrom('case_participants')
      .select('role')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', row.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst(),
  ]);
  return { tableKeyFigure, participantRole: (participation?.role ?? null) as ParticipantRole | null };
}

/**
 * The case with the actor's relation to it. `visible: false` when it exists but the actor may not
 * see it; callers answer 404 for that exactly as for a missing id.
 */
export async function loadCase(db: Kysely<Database>, actor: Actor, caseId: string): Promise<(CaseStanding & { visible: boolean }) | null> {
  const row = await findCaseRow(db, actor, caseId);
  if (!row) return null;
  const facts = factsOf(row);
  const relation = relationTo(actor, facts, await standingOn(db, actor, row));
  return { row, facts, relation, visible: canSeeCase(relation) };
}

export const CASE_PAGE_SIZE = 50;

/** Where a page of the case list ends: the sort key and id of its last row. */
export interface CaseListCursor {
  readonly key: string;
  readonly id: string;
}

export function encodeCaseCursor(cursor: CaseListCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** A cursor this server made, null when none was given; anything else is a validation error on `cursor` (as on every list). */
export function decodeCaseCursor(value: string | undefined): CaseListCursor | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && parsed[1] !== '') {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // not a cursor of ours
  }
  throw new AppError('validation_failed', [{ path: 'cursor', messageKey: 'validation.invalid' }]);
}

/**
 * One page of the cases the actor can see, newest change first (or by reference), with the cursor
 * of the next page. The query narrows the rows to candidate cases (every case for a coordinator; for
 * a professional the tables they sit on as key figure, their participations and their
 * organisation's roles), then the policy decides for each row.
 */
export async function listVisibleCases(
  db: Kysely<Database>,
  actor: Actor,
  filters: CaseListQuery,
  caseIds?: readonly string[],
): Promise<{ entries: CaseStanding[]; nextCursor: string | null }> {
  if (!holdsCaseRole(actor)) return { entries: [], nextCursor: null };
  let query = db.selectFrom('cases').selectAll('cases').where('cases.tenant_id', '=', actor.tenantId);
  if (filters.status) query = query.where('cases.status', '=', filters.status);
  if (filters.tableId) query = query.where('cases.table_id', '=', filters.tableId);
  if (filters.theme) query = query.where('cases.theme', '=', filters.theme);
  // References are upper case; searching in upper case makes SQLite and PostgreSQL agree.
  if (filters.q) query = query.where('cases.reference', 'like', `%${filters.q.toUpperCase().replace(/[%_\\]/g, '')}%`);
  if (caseIds) query = caseIds.length === 0 ? query.where('cases.id', '=', '') : query.where('cases.id', 'in', [...caseIds]);
  if (!actor.roles.has('coordinator')) {
    query = query.where((eb) =>
      eb.or([
        eb('cases.table_id', 'in', keyFigureTablesSubquery(eb, actor)),
        eb(
          'cases.id',
          'in',
          eb
            .selectFrom('case_participants')
            .select('case_participants.case_id')
            .where('case_participants.tenant_id', '=', actor.tenantId)
            .where('case_participants.user_id', '=', actor.userId),
        ),
        eb('cases.case_owner_organisation_id', '=', actor.organisationId),
        eb('cases.referrer_organisation_id', '=', actor.organisationId),
      ]),
    );
  }
  const byReference = filters.sort === 'reference';
  const after = decodeCaseCursor(filters.cursor);
  if (after) {
    query = byReference
      ? query.where('cases.reference', '>', after.key)
      : query.where((eb) =>
          eb.or([eb('cases.updated_at', '<', after.key), eb.and([eb('cases.updated_at', '=', after.key), eb('cases.id', '<', after.id)])]),
        );
  }
  query = byReference ? query.orderBy('cases.reference', 'asc') : query.orderBy('cases.updated_at', 'desc').orderBy('cases.id', 'desc');
  const limit = filters.limit ?? CASE_PAGE_SIZE;
  const fetched = await query.limit(limit + 1).execute();
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = fetched.length > limit && last ? encodeCaseCursor({ key: byReference ? last.reference : last.updated_at, id: last.id }) : null;
  if (rows.length === 0) return { entries: [], nextCursor: null };
  const ids = rows.map((row) => row.id);
  const [keyFigureTables, participations, tables] = await Promise.all([
    keyFigureTableIds(db, actor).then((ids) => new Set(ids)),
    db
      .selectFrom('case_participants')
      .select(['case_id', 'role'])
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('case_id', 'in', ids)
      .execute(),
    listTablesForSelect(db, actor).then((list) => new Map(list.map((table) => [table.id, table.name]))),
  ]);
  const roleByCase = new Map(participations.map((p) => [p.case_id, p.role as ParticipantRole]));
  const entries = rows
    .map((found) => {
      const row: CaseRow = { ...found, table_name: tables.get(found.table_id) ?? '—' };
      const facts = factsOf(row);
      const relation = relationTo(actor, facts, {
        tableKeyFigure: keyFigureTables.has(row.table_id),
        participantRole: roleByCase.get(row.id) ?? null,
      });
      return { row, facts, relation };
    })
    .filter((entry) => canSeeCase(entry.relation));
  return { entries, nextCursor };
}

/** The persons of the case, sealed identity included: only for an audited read of the case. */
export async function casePersons(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead) {
  assertCovers(read, 'case');
  return db
    .selectFrom('case_persons')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', read.row.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function subjectsOf(db: Kysely<Database>, actor: Actor, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('case_persons')
    .select(['case_id', 'age_band', 'gender'])
    .where('tenant_id', '=', actor.tenantId)
    .where('role', '=', 'subject')
    .where('case_id', 'in', [...caseIds])
    .execute();
}

/** The subject's stored facts (no identity) for a change of the case. */
export async function subjectFacts(db: Kysely<Database>, actor: Actor, access: CaseAccess) {
  return db
    .selectFrom('case_persons')
    .select(['id', 'age_band', 'gender'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', access.row.id)
    .where('role', '=', 'subject')
    .executeTakeFirst();
}

export async function caseIdsByBlindIndex(db: Kysely<Database>, actor: Actor, blindIndex: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_persons')
    .select('case_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('blind_index', '=', blindIndex)
    .execute();
  return [...new Set(rows.map((row) => row.case_id))];
}

export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

export async function organisationsById(db: Kysely<Database>, actor: Actor): Promise<Map<string, NamedRef>> {
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function usersByIds(db: Kysely<Database>, actor: Actor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; organisation_id: string }>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'organisation_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Explicit participants and the table's key figures, who take part in every case of the table. A
 * `key_figure` participation row counts only while its user still holds the seat: leaving the table
 * ends the participation, whatever rows remain.
 */
async function participantRows(db: Kysely<Database>, actor: Actor, row: CaseRow) {
  const [explicit, keyFigures] = await Promise.all([
    db
      .selectFrom('case_participants')
      .innerJoin('users', 'users.id', 'case_participants.user_id')
      .select(['case_participants.user_id', 'case_participants.role', 'users.name', 'users.organisation_id'])
      .where('case_participants.tenant_id', '=', actor.tenantId)
      .where('users.tenant_id', '=', actor.tenantId)
      .where('case_participants.case_id', '=', row.id)
      .execute(),
    keyFiguresOf(db, actor, row.table_id),
  ]);
  const seated = new Set(keyFigures.map((k) => k.user_id));
  const current = explicit.filter((p) => p.role !== 'key_figure' || seated.has(p.user_id));
  const explicitIds = new Set(current.map((p) => p.user_id));
  return [
    ...keyFigures.filter((k) => !explicitIds.has(k.user_id)).map((k) => ({ ...k, role: 'key_figure' as const, fromTable: true })),
    ...current.map((p) => ({ ...p, role: p.role as ParticipantRole, fromTable: false })),
  ];
}

/** Who takes part in the case, with names: only for an audited read of the participants. */
export async function participantsOf(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead) {
  assertCovers(read, 'participants');
  return participantRows(db, actor, read.row);
}

/** Organisations taking part in the case: the ones a named audience or a consent may point to. */
export async function participatingOrganisations(db: Kysely<Database>, actor: Actor, access: CaseAccess): Promise<Set<string>> {
  const { row } = access;
  const [participants, coordinators] = await Promise.all([
    participantRows(db, actor, row),
    db
      .selectFrom('user_roles')
      .innerJoin('users', 'users.id', 'user_roles.user_id')
      .select('users.organisation_id')
      .where('user_roles.tenant_id', '=', actor.tenantId)
      .where('users.tenant_id', '=', actor.tenantId)
      .where('user_roles.role', '=', 'coordinator')
      .where('users.status', '=', 'active')
      .execute(),
  ]);
  const ids = new Set<string>([...participants.map((p) => p.organisation_id), ...coordinators.map((c) => c.organisation_id)]);
  if (row.case_owner_organisation_id) ids.add(row.case_owner_organisation_id);
  if (row.referrer_organisation_id) ids.add(row.referrer_organisation_id);
  return ids;
}

export type ItemRow = Selectable<CaseItemTable>;
export type ConsentRow = Selectable<CaseConsentTable>;

/** The items this read may show: the ones the door found readable, sealed bodies included. */
export async function readableItems(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead): Promise<ItemRow[]> {
  assertCovers(read, 'items');
  if (read.readableItemIds.size === 0) return [];
  return db
    .selectFrom('case_items')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', read.row.id)
    .where('id', 'in', [...read.readableItemIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One page of the readable items, oldest first, in keyset order after `cursor`; and the next cursor. */
export async function readableItemsPage(
  db: Kysely<Database>,
  actor: Actor,
  read: AuditedCaseRead,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<{ rows: ItemRow[]; nextCursor: string | null }> {
  assertCovers(read, 'items');
  if (read.readableItemIds.size === 0) return { rows: [], nextCursor: null };
  const after = decodeCaseCursor(page.cursor);
  let query = db
    .selectFrom('case_items')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', read.row.id)
    .where('id', 'in', [...read.readableItemIds]);
  if (after)
    query = query.where((eb) => eb.or([eb('created_at', '>', after.key), eb.and([eb('created_at', '=', after.key), eb('id', '>', after.id)])]));
  const fetched = await query
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const rows = fetched.slice(0, page.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: fetched.length > page.limit && last ? encodeCaseCursor({ key: last.created_at, id: last.id }) : null };
}

/** The case's consents, sealed purpose included: only for an audited read of the consents. */
export async function caseConsents(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead): Promise<ConsentRow[]> {
  assertCovers(read, 'consents');
  return db
    .selectFrom('case_consents')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', read.row.id)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

const CONSENT_FACT_COLUMNS = ['id', 'organisation_ids', 'withdrawn_at', 'recorded_by_organisation_id'] as const;
export type ConsentFactRow = Pick<ConsentRow, (typeof CONSENT_FACT_COLUMNS)[number]>;

/** One consent's facts (never its sealed purpose) for a change of the case. */
export async function findConsentFacts(
  db: Kysely<Database>,
  actor: Actor,
  access: CaseAccess,
  consentId: string,
): Promise<ConsentFactRow | undefined> {
  return db
    .selectFrom('case_consents')
    .select(CONSENT_FACT_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', access.row.id)
    .where('id', '=', consentId)
    .executeTakeFirst();
}

/** Every consent's facts (never a sealed purpose) for the choices of the case's forms. */
export async function caseConsentFacts(db: Kysely<Database>, actor: Actor, access: CaseAccess): Promise<ConsentFactRow[]> {
  return db
    .selectFrom('case_consents')
    .select(CONSENT_FACT_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', access.row.id)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

/** The facts of a case the door needs to decide a read: item rules, consent states, timeline steps. */
export async function readFactsOf(db: Kysely<Database>, actor: Actor, caseId: string) {
  const [items, consents, events] = await Promise.all([
    db
      .selectFrom('case_items')
      .select(['id', 'author_user_id', 'author_organisation_id', 'audience', 'organisation_ids', 'legal_basis', 'consent_id'])
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .execute(),
    db.selectFrom('case_consents').select(CONSENT_FACT_COLUMNS).where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).execute(),
    db.selectFrom('case_events').select('item_id').where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).execute(),
  ]);
  return {
    items,
    consents: consents.map((consent) => ({ id: consent.id, ...consentFactsOf(consent) })),
    eventItemIds: events.map((event) => event.item_id),
  };
}

/** The position of the case's last timeline step (0 for none), for appending the next one. */
export async function lastEventSeq(db: Kysely<Database>, actor: Actor, caseId: string): Promise<number> {
  const last = await db
    .selectFrom('case_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(last?.seq ?? 0);
}

/** Whether a user already takes part in the case explicitly (for refusing a second seat). */
export async function isParticipant(db: Kysely<Database>, actor: Actor, access: CaseAccess, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_participants')
    .select('role')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', access.row.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The timeline steps this read may show: every step, but an added item only when it is readable. */
export async function visibleEvents(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead) {
  assertCovers(read, 'timeline');
  const events = await db
    .selectFrom('case_events')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', read.row.id)
    .orderBy('seq')
    .execute();
  return events.filter((event) => event.item_id === null || read.readableItemIds.has(event.item_id));
}

export const parseIds = (json: string): string[] => JSON.parse(json) as string[];
export const itemFactsOf = (row: Pick<ItemRow, 'author_user_id' | 'author_organisation_id' | 'audience' | 'organisation_ids' | 'legal_basis'>) => ({
  authorUserId: row.author_user_id,
  authorOrganisationId: row.author_organisation_id,
  audience: row.audience as Audience,
  organisationIds: parseIds(row.organisation_ids),
  legalBasis: row.legal_basis,
});
export const consentFactsOf = (row: Pick<ConsentRow, 'organisation_ids' | 'withdrawn_at'>) => ({
  organisationIds: parseIds(row.organisation_ids),
  withdrawnAt: row.withdrawn_at,
});

/** Organisations an audience reaches right now (for checking that a consent covers them). */
export async function audienceOrganisations(
  db: Kysely<Database>,
  actor: Actor,
  access: CaseAccess,
  audience: Audience,
  named: readonly string[],
): Promise<Set<string>> {
  const { row } = access;
  if (audience === 'organisations') return new Set(named);
  if (audience === 'own_organisation') return new Set();
  const participants = await participantRows(db, actor, row);
  if (audience === 'care_network') {
    const ids = new Set(participants.filter((p) => p.role === 'care_network').map((p) => p.organisation_id));
    if (row.case_owner_organisation_id) ids.add(row.case_owner_organisation_id);
    return ids;
  }
  const coordinators = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.organisation_id')
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where('user_roles.role', '=', 'coordinator')
    .where('users.status', '=', 'active')
    .execute();
  return new Set([
    ...coordinators.map((c) => c.organisation_id),
    ...participants.filter((p) => p.role === 'key_figure' || p.role === 'guest').map((p) => p.organisation_id),
  ]);
}

export async function tenantSlug(db: Kysely<Database>, actor: Actor): Promise<string> {
  const row = await db.selectFrom('tenants').select('slug').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  return row.slug;
}

export async function tableExists(db: Kysely<Database>, actor: Actor, tableId: string): Promise<boolean> {
  return (await findTable(db, actor, tableId)) !== null;
}

export async function existingOrganisationIds(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}
