import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { CaseConsentTable, CaseItemTable, CaseTable, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { canSeeCase, holdsCaseRole, relationTo, type CaseFacts, type CaseRelation } from './cases.policy.ts';
import type { Audience, CaseStatus, IdentityDisclosure, ParticipantRole } from './cases.vocabulary.ts';
import type { CaseListQuery } from './cases.schemas.ts';

/**
 * Actor-scoped reads of the case module. Every query names the actor's tenant; what the actor may
 * see is decided by the pure rules of cases.policy.ts on the facts loaded here, never by the caller.
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

export interface CaseAccess {
  readonly row: CaseRow;
  readonly facts: CaseFacts;
  readonly relation: CaseRelation;
}

async function findCaseRow(db: Kysely<Database>, actor: Actor, caseId: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom('cases')
    .innerJoin('partner_tables', 'partner_tables.id', 'cases.table_id')
    .selectAll('cases')
    .select('partner_tables.name as table_name')
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('partner_tables.tenant_id', '=', actor.tenantId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** How the actor stands to one case right now (table membership and participation). */
async function standingOn(db: Kysely<Database>, actor: Actor, row: CaseRow) {
  const [membership, participation] = await Promise.all([
    db
      .selectFrom('table_members')
      .select('role')
      .where('tenant_id', '=', actor.tenantId)
      .where('table_id', '=', row.table_id)
      .where('user_id', '=', actor.userId)
      .where('role', '=', 'key_figure')
      .executeTakeFirst(),
    db
      .selectFrom('case_participants')
      .select('role')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', row.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst(),
  ]);
  return { tableKeyFigure: membership !== undefined, participantRole: (participation?.role ?? null) as ParticipantRole | null };
}

/**
 * The case with the actor's relation to it. `visible: false` when it exists but the actor may not
 * see it; callers answer 404 for that exactly as for a missing id.
 */
export async function loadCase(db: Kysely<Database>, actor: Actor, caseId: string): Promise<(CaseAccess & { visible: boolean }) | null> {
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
): Promise<{ entries: CaseAccess[]; nextCursor: string | null }> {
  if (!holdsCaseRole(actor)) return { entries: [], nextCursor: null };
  let query = db
    .selectFrom('cases')
    .innerJoin('partner_tables', 'partner_tables.id', 'cases.table_id')
    .selectAll('cases')
    .select('partner_tables.name as table_name')
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('partner_tables.tenant_id', '=', actor.tenantId);
  if (filters.status) query = query.where('cases.status', '=', filters.status);
  if (filters.tableId) query = query.where('cases.table_id', '=', filters.tableId);
  if (filters.theme) query = query.where('cases.theme', '=', filters.theme);
  // References are upper case; searching in upper case makes SQLite and PostgreSQL agree.
  if (filters.q) query = query.where('cases.reference', 'like', `%${filters.q.toUpperCase().replace(/[%_\\]/g, '')}%`);
  if (caseIds) query = caseIds.length === 0 ? query.where('cases.id', '=', '') : query.where('cases.id', 'in', [...caseIds]);
  if (!actor.roles.has('coordinator')) {
    query = query.where((eb) =>
      eb.or([
        eb(
          'cases.table_id',
          'in',
          eb
            .selectFrom('table_members')
            .select('table_members.table_id')
            .where('table_members.tenant_id', '=', actor.tenantId)
            .where('table_members.user_id', '=', actor.userId)
            .where('table_members.role', '=', 'key_figure'),
        ),
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
  const [memberships, participations] = await Promise.all([
    db
      .selectFrom('table_members')
      .select('table_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('role', '=', 'key_figure')
      .execute(),
    db
      .selectFrom('case_participants')
      .select(['case_id', 'role'])
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('case_id', 'in', ids)
      .execute(),
  ]);
  const keyFigureTables = new Set(memberships.map((m) => m.table_id));
  const roleByCase = new Map(participations.map((p) => [p.case_id, p.role as ParticipantRole]));
  const entries = rows
    .map((row) => {
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

export async function casePersons(db: Kysely<Database>, actor: Actor, caseId: string) {
  return db
    .selectFrom('case_persons')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
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

/** Explicit participants and the table's key figures, who take part in every case of the table. */
export async function participantsOf(db: Kysely<Database>, actor: Actor, row: CaseRow) {
  const [explicit, keyFigures] = await Promise.all([
    db
      .selectFrom('case_participants')
      .innerJoin('users', 'users.id', 'case_participants.user_id')
      .select(['case_participants.user_id', 'case_participants.role', 'users.name', 'users.organisation_id'])
      .where('case_participants.tenant_id', '=', actor.tenantId)
      .where('users.tenant_id', '=', actor.tenantId)
      .where('case_participants.case_id', '=', row.id)
      .execute(),
    db
      .selectFrom('table_members')
      .innerJoin('users', 'users.id', 'table_members.user_id')
      .select(['table_members.user_id', 'users.name', 'users.organisation_id'])
      .where('table_members.tenant_id', '=', actor.tenantId)
      .where('users.tenant_id', '=', actor.tenantId)
      .where('table_members.table_id', '=', row.table_id)
      .where('table_members.role', '=', 'key_figure')
      .execute(),
  ]);
  const explicitIds = new Set(explicit.map((p) => p.user_id));
  return [
    ...keyFigures.filter((k) => !explicitIds.has(k.user_id)).map((k) => ({ ...k, role: 'key_figure' as const, fromTable: true })),
    ...explicit.map((p) => ({ ...p, role: p.role as ParticipantRole, fromTable: false })),
  ];
}

/** Organisations taking part in the case: the ones a named audience or a consent may point to. */
export async function participatingOrganisations(db: Kysely<Database>, actor: Actor, row: CaseRow): Promise<Set<string>> {
  const [participants, coordinators] = await Promise.all([
    participantsOf(db, actor, row),
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

export async function caseItems(db: Kysely<Database>, actor: Actor, caseId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('case_items')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function caseConsents(db: Kysely<Database>, actor: Actor, caseId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('case_consents')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function findConsent(db: Kysely<Database>, actor: Actor, caseId: string, consentId: string): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('case_consents')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('id', '=', consentId)
    .executeTakeFirst();
}

export async function caseEvents(db: Kysely<Database>, actor: Actor, caseId: string) {
  return db.selectFrom('case_events').selectAll().where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).orderBy('seq').execute();
}

export const parseIds = (json: string): string[] => JSON.parse(json) as string[];
export const itemFactsOf = (row: ItemRow) => ({
  authorOrganisationId: row.author_organisation_id,
  audience: row.audience as Audience,
  organisationIds: parseIds(row.organisation_ids),
  legalBasis: row.legal_basis,
});
export const consentFactsOf = (row: ConsentRow) => ({ organisationIds: parseIds(row.organisation_ids), withdrawnAt: row.withdrawn_at });

/** Organisations an audience reaches right now (for checking that a consent covers them). */
export async function audienceOrganisations(
  db: Kysely<Database>,
  actor: Actor,
  row: CaseRow,
  audience: Audience,
  named: readonly string[],
): Promise<Set<string>> {
  if (audience === 'organisations') return new Set(named);
  if (audience === 'own_organisation') return new Set();
  const participants = await participantsOf(db, actor, row);
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
  const row = await db.selectFrom('partner_tables').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', tableId).executeTakeFirst();
  return row !== undefined;
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
