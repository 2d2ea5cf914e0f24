import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import { keyFigureTableIds, keyFigureTablesSubquery, listTablesForSelect } from '../tables/index.ts';
import { canSeeCase, holdsCaseRole, relationTo } from './cases.policy.ts';
import { factsOf, type CaseRow, type CaseStanding } from './cases.queries.ts';
import type { CaseListQuery } from './cases.schemas.ts';
import type { ParticipantRole } from './cases.vocabulary.ts';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor.ts';

/**
 * The case list: which cases an actor may see, a page at a time in keyset order, with the subjects'
 * age bands (never identities), and the coordinator's exact search by blind index.
 */

export const CASE_PAGE_SIZE = 50;

/** Narrows the case list for the home page's questions, inside the one visible-cases query. */
export type CaseNarrowing =
  { readonly kind: 'withoutOwner' } | { readonly kind: 'untouchedBefore'; readonly before: string } | { readonly kind: 'changedSinceVisit' };

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
  narrowing?: CaseNarrowing,
): Promise<{ entries: CaseStanding[]; nextCursor: string | null }> {
  if (!holdsCaseRole(actor)) return { entries: [], nextCursor: null };
  let query = db.selectFrom('cases').selectAll('cases').where('cases.tenant_id', '=', actor.tenantId);
  if (narrowing?.kind === 'withoutOwner') query = query.where('cases.case_owner_organisation_id', 'is', null);
  if (narrowing?.kind === 'untouchedBefore') query = query.where('cases.updated_at', '<', narrowing.before);
  if (narrowing?.kind === 'changedSinceVisit') {
    // Never read by the actor, or changed after their last read: a correlated subquery, so the
    // question stays one statement however many cases the network holds.
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_visits')
            .select('case_visits.case_id')
            .whereRef('case_visits.tenant_id', '=', 'cases.tenant_id')
            .whereRef('case_visits.case_id', '=', 'cases.id')
            .where('case_visits.user_id', '=', actor.userId)
            .whereRef('case_visits.last_visited_at', '>=', 'cases.updated_at'),
        ),
      ),
    );
  }
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

/**
 * Which of the given cases the actor may see — decided like the case list (ids only, no content, so
 * nothing to audit). For lists built by other modules (an organisation's agreements) that must not
 * knock on a case they would be refused: the door would record each refusal as an attempt.
 */
export async function visibleCaseIds(db: Kysely<Database>, actor: Actor, caseIds: readonly string[]): Promise<ReadonlySet<string>> {
  if (caseIds.length === 0) return new Set();
  const { entries } = await listVisibleCases(db, actor, { limit: caseIds.length }, caseIds);
  return new Set(entries.map((entry) => entry.row.id));
}
