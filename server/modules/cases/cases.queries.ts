import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { CaseConsentTable, CaseItemTable, CaseTable, Database } from '../../db/schema.ts';
import { keyFigureTablesSubquery, tableNameSubquery } from '../tables/index.ts';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor.ts';
import type { AuditedCaseRead, CaseAccess } from './case-door.ts';
import { assertCovers } from './case-read-parts.ts';
import { canSeeCase, relationTo, type CaseFacts, type CaseRelation } from './cases.policy.ts';
import type { Audience, CaseStatus, IdentityDisclosure, ParticipantRole } from './cases.vocabulary.ts';

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

/**
 * The case row, its table's name and how the actor stands to it right now (key figure of its table,
 * participation) in ONE statement: sub-queries for the table (the tables module's) and the
 * participation (at most one row: the key is case and user). Undefined when the case, or its table,
 * does not exist in the actor's tenant.
 */
async function findCaseStanding(db: Kysely<Database>, actor: Actor, caseId: string) {
  const found = await db
    .selectFrom('cases')
    .selectAll('cases')
    .select((eb) => [
      tableNameSubquery(eb, actor, 'cases.table_id').as('table_name'),
      eb('cases.table_id', 'in', keyFigureTablesSubquery(eb, actor)).as('table_key_figure'),
      eb
        .selectFrom('case_participants')
        .select('case_participants.role')
        .where('case_participants.tenant_id', '=', actor.tenantId)
        .whereRef('case_participants.case_id', '=', 'cases.id')
        .where('case_participants.user_id', '=', actor.userId)
        .as('participant_role'),
    ])
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!found || found.table_name === null) return undefined;
  const { table_name, table_key_figure, participant_role, ...columns } = found;
  const row: CaseRow = { ...columns, table_name };
  // SQLite answers the IN as 0/1, PostgreSQL as a boolean.
  const standing = { tableKeyFigure: Number(table_key_figure) === 1, participantRole: (participant_role ?? null) as ParticipantRole | null };
  return { row, standing };
}

/**
 * The case with the actor's relation to it. `visible: false` when it exists but the actor may not
 * see it; callers answer 404 for that exactly as for a missing id.
 */
export async function loadCase(db: Kysely<Database>, actor: Actor, caseId: string): Promise<(CaseStanding & { visible: boolean }) | null> {
  const found = await findCaseStanding(db, actor, caseId);
  if (!found) return null;
  const { row, standing } = found;
  const facts = factsOf(row);
  const relation = relationTo(actor, facts, standing);
  return { row, facts, relation, visible: canSeeCase(relation) };
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
  // The cursor as a row value, like the case list's: one range of the (tenant, case, created_at) index.
  if (after) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(after.key, after.id)));
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

const CONSENT_FACT_COLUMNS = ['id', 'organisation_ids', 'withdrawn_at', 'recorded_by_organisation_id', 'given_on'] as const;
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

/**
 * The facts the sharing rule needs for every item of a case (never a sealed column): each item with
 * the facts of the consent it rests on (one statement, the consent joined), and — only when the read
 * shows the timeline — the item of each timeline step.
 */
export async function readFactsOf(db: Kysely<Database>, actor: Actor, caseId: string, options: { timeline: boolean }) {
  const [rows, events] = await Promise.all([
    db
      .selectFrom('case_items as i')
      .leftJoin('case_consents as c', (join) =>
        join.onRef('c.id', '=', 'i.consent_id').onRef('c.case_id', '=', 'i.case_id').on('c.tenant_id', '=', actor.tenantId),
      )
      .select([
        'i.id',
        'i.author_user_id',
        'i.author_organisation_id',
        'i.audience',
        'i.organisation_ids',
        'i.legal_basis',
        'i.consent_id',
        'c.id as consent_row_id',
        'c.organisation_ids as consent_organisation_ids',
        'c.withdrawn_at as consent_withdrawn_at',
      ])
      .where('i.tenant_id', '=', actor.tenantId)
      .where('i.case_id', '=', caseId)
      .execute(),
    options.timeline
      ? db.selectFrom('case_events').select('item_id').where('tenant_id', '=', actor.tenantId).where('case_id', '=', caseId).execute()
      : Promise.resolve([]),
  ]);
  const consents = new Map<string, { id: string; organisationIds: string[]; withdrawnAt: string | null }>();
  for (const row of rows) {
    if (row.consent_row_id === null || consents.has(row.consent_row_id)) continue;
    consents.set(row.consent_row_id, {
      id: row.consent_row_id,
      ...consentFactsOf({ organisation_ids: row.consent_organisation_ids!, withdrawn_at: row.consent_withdrawn_at }),
    });
  }
  return {
    items: rows.map((row) => ({
      id: row.id,
      author_user_id: row.author_user_id,
      author_organisation_id: row.author_organisation_id,
      audience: row.audience,
      organisation_ids: row.organisation_ids,
      legal_basis: row.legal_basis,
      consent_id: row.consent_id,
    })),
    consents: [...consents.values()],
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

/** A case's pseudonym by id, for system work that names a case without opening it (a reminder's mail). */
export async function readCaseReference(db: Kysely<Database>, tenantId: string, caseId: string): Promise<string | null> {
  const row = await db.selectFrom('cases').select('reference').where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  return row?.reference ?? null;
}
