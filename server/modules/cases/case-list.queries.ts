import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import { keyFigureTableIds, listTablesForSelect } from '../tables/index.ts';
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
 * The ids of the cases a professional (not a coordinator) stands in some relation to, each set found
 * through an index of its own: their participations (`case_participants_user`), their organisation's
 * cases as case owner (`cases_by_owner`) or referrer (`cases_by_referrer`), and the cases of the
 * tables where they sit as key figure (`cases_by_table`; the seats are read first and given as a
 * list, so the planner weighs the real tables — none, most often — instead of guessing). The same
 * relations `relationTo` reads, so the list's query never reaches a case the policy could not grant;
 * the policy still decides every row. UNION ALL: a case found twice is still one row of `cases`, and
 * SQLite would otherwise walk each set in id order to merge them.
 */
function candidateCaseIds<TB extends keyof Database>(eb: ExpressionBuilder<Database, TB>, actor: Actor, keyFigureTables: readonly string[]) {
  const from = eb as unknown as ExpressionBuilder<Database, never>;
  const candidates = from
    .selectFrom('case_participants')
    .select('case_participants.case_id')
    .where('case_participants.tenant_id', '=', actor.tenantId)
    .where('case_participants.user_id', '=', actor.userId)
    .unionAll(
      from
        .selectFrom('cases as owned')
        .select('owned.id as case_id')
        .where('owned.tenant_id', '=', actor.tenantId)
        .where('owned.case_owner_organisation_id', '=', actor.organisationId),
    )
    .unionAll(
      from
        .selectFrom('cases as referred')
        .select('referred.id as case_id')
        .where('referred.tenant_id', '=', actor.tenantId)
        .where('referred.referrer_organisation_id', '=', actor.organisationId),
    );
  if (keyFigureTables.length === 0) return candidates;
  return candidates.unionAll(
    from
      .selectFrom('cases as by_table')
      .select('by_table.id as case_id')
      .where('by_table.tenant_id', '=', actor.tenantId)
      .where('by_table.table_id', 'in', [...keyFigureTables]),
  );
}

/**
 * The statement of one page of the case list (one row more than the page, to know whether another
 * follows): the candidate cases (every case of the tenant for a coordinator, `candidateCaseIds` for a
 * professional, given the tables where they sit as key figure now), narrowed and filtered, in keyset order. The cursor is a row value,
 * `(updated_at, id) < (?, ?)`, one range of `cases_by_update`; the reference search is a prefix,
 * `reference LIKE 'Q%'`, a range of `cases_by_reference_prefix`. Named so that the plan test
 * (`case-list-plans.int.test.ts`) explains the very statement the list runs.
 */
export function visibleCasesQuery(
  db: Kysely<Database>,
  actor: Actor,
  filters: CaseListQuery,
  keyFigureTables: readonly string[],
  caseIds?: readonly string[],
  narrowing?: CaseNarrowing,
) {
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
  // A prefix of the reference, so that an index answers it. References are upper case; searching in
  // upper case makes SQLite (LIKE ignores case) and PostgreSQL (LIKE respects it) agree.
  if (filters.q) query = query.where('cases.reference', 'like', `${filters.q.toUpperCase().replace(/[%_\\]/g, '')}%`);
  if (caseIds) query = caseIds.length === 0 ? query.where('cases.id', '=', '') : query.where('cases.id', 'in', [...caseIds]);
  if (!actor.roles.has('coordinator')) query = query.where((eb) => eb('cases.id', 'in', candidateCaseIds(eb, actor, keyFigureTables)));
  const byReference = filters.sort === 'reference';
  const after = decodeCaseCursor(filters.cursor);
  if (after) {
    query = byReference
      ? query.where('cases.reference', '>', after.key)
      : query.where(({ eb, refTuple, tuple }) => eb(refTuple('cases.updated_at', 'cases.id'), '<', tuple(after.key, after.id)));
  }
  query = byReference ? query.orderBy('cases.reference', 'asc') : query.orderBy('cases.updated_at', 'desc').orderBy('cases.id', 'desc');
  return query.limit((filters.limit ?? CASE_PAGE_SIZE) + 1);
}

/**
 * One page of the cases the actor can see, newest change first (or by reference), with the cursor
 * of the next page: the rows of `visibleCasesQuery`, then the policy decides for each row.
 */
export async function listVisibleCases(
  db: Kysely<Database>,
  actor: Actor,
  filters: CaseListQuery,
  caseIds?: readonly string[],
  narrowing?: CaseNarrowing,
): Promise<{ entries: CaseStanding[]; nextCursor: string | null }> {
  if (!holdsCaseRole(actor)) return { entries: [], nextCursor: null };
  const byReference = filters.sort === 'reference';
  // The seats first: they choose the statement's candidate sets and then decide each row's relation.
  const seats = await keyFigureTableIds(db, actor);
  const fetched = await visibleCasesQuery(db, actor, filters, seats, caseIds, narrowing).execute();
  const limit = filters.limit ?? CASE_PAGE_SIZE;
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = fetched.length > limit && last ? encodeCaseCursor({ key: byReference ? last.reference : last.updated_at, id: last.id }) : null;
  if (rows.length === 0) return { entries: [], nextCursor: null };
  const ids = rows.map((row) => row.id);
  const keyFigureTables = new Set(seats);
  const [participations, tables] = await Promise.all([
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
