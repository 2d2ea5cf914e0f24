import { CompiledQuery, sql, type Compilable } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';

/**
 * Plans of the hot queries, for tests that fail when a plan turns into a scan of a big table. The
 * query is the app's own builder (compiled through the tenant guard), explained on the raw
 * connection with the same parameters.
 *
 * - SQLite: `EXPLAIN QUERY PLAN`; each step reads `SCAN t …` (every row, or every entry of an index)
 *   or `SEARCH t USING [COVERING] INDEX i (…)` (a range of an index).
 * - PostgreSQL: `EXPLAIN (FORMAT JSON)` in a transaction with `SET LOCAL enable_seqscan = off`, on
 *   the same generated, analysed rows. We chose this over the planner's own settings: on a test
 *   database of a few thousand rows PostgreSQL rightly prefers a sequential scan of a small table (and
 *   its choice flips with the generator's distribution), so a test on its free choice would fail for
 *   the wrong reason or pass by luck. With sequential scans priced out, a `Seq Scan` (or no index
 *   condition on the expected index) still appears exactly when no index can serve the statement's
 *   shape — the failure we guard against: a missing index, an OR-shaped cursor, a `LIKE '%q%'`. That
 *   the planner then *prefers* the index at scale is the scale bench's part (bench/).
 */

export interface PlanStep {
  /** SQLite: `SCAN` or `SEARCH` (other steps: the first word); PostgreSQL: the node type. */
  readonly kind: string;
  /** The table (or its alias in the query) the step reads, if it reads one. */
  readonly table: string | null;
  /** The index used, if any. */
  readonly index: string | null;
  /** SQLite: the whole line; PostgreSQL: the index condition, or the filter. */
  readonly detail: string;
}

interface PgPlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Alias?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Filter?: string;
  readonly Plans?: readonly PgPlanNode[];
}

function pgSteps(node: PgPlanNode, steps: PlanStep[] = []): PlanStep[] {
  steps.push({
    kind: node['Node Type'],
    table: node.Alias ?? node['Relation Name'] ?? null,
    index: node['Index Name'] ?? null,
    detail: node['Index Cond'] ?? node.Filter ?? '',
  });
  for (const child of node.Plans ?? []) pgSteps(child, steps);
  return steps;
}

/** The plan of the query as the database would run it now. */
export async function planOf(handle: DatabaseHandle, query: Compilable): Promise<PlanStep[]> {
  const compiled = query.compile();
  if (handle.kind === 'postgres') {
    return handle.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const result = await trx.executeQuery<{ 'QUERY PLAN': { Plan: PgPlanNode }[] }>(
        CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
      );
      return pgSteps(result.rows[0]!['QUERY PLAN'][0]!.Plan);
    });
  }
  const result = await handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
  return result.rows.map(({ detail }) => {
    const match = /^(SCAN|SEARCH) (\S+)(?: USING (?:COVERING |PRIMARY KEY )?INDEX (\S+))?/.exec(detail);
    return { kind: match?.[1] ?? detail.split(' ')[0]!, table: match?.[2] ?? null, index: match?.[3] ?? null, detail };
  });
}

/**
 * Steps that read every row of one of the tables, or every row of the network: SQLite `SCAN t`,
 * PostgreSQL `Seq Scan`, or an index searched on `tenant_id` alone (a walk over the whole network in
 * index order) — unless `walkInOrder` names the index of a list that stops after one page.
 */
export function fullScans(steps: readonly PlanStep[], tables: readonly string[], walkInOrder?: string): PlanStep[] {
  const tenantOnly = (detail: string) =>
    /^\(?tenant_id=\?\)?$/.test(detail.replace(/^.*USING (?:COVERING )?INDEX \S+ /, '')) || /^\(\(tenant_id\)::text = '[^']*'::text\)$/.test(detail);
  return steps.filter(
    (step) =>
      (step.table !== null && tables.includes(step.table) && (step.kind === 'SCAN' || step.kind === 'Seq Scan')) ||
      (step.index !== null && step.index !== walkInOrder && tenantOnly(step.detail)),
  );
}

/** The indexes the plan reads, in plan order. */
export function indexesUsed(steps: readonly PlanStep[]): string[] {
  return steps.flatMap((step) => (step.index ? [step.index] : []));
}

/** A readable plan for assertion messages. */
export function describePlan(steps: readonly PlanStep[]): string {
  return steps.map((step) => `${step.kind} ${step.table ?? ''} ${step.index ?? ''} ${step.detail}`.trim()).join(' | ');
}

/** `i` padded to twelve digits, in SQL of the dialect: the tail of a generated UUID-shaped id. */
const padded = (postgres: boolean) => (postgres ? sql`lpad(n.i::text, 12, '0')` : sql`printf('%012d', n.i)`);
/** An ISO time `minutes(i)` after the start of 2027, in SQL of the dialect. */
const minutesAfter2027 = (postgres: boolean, minutes: ReturnType<typeof sql>) =>
  postgres
    ? sql`to_char(timestamp '2027-01-01' + (${minutes}) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', '2027-01-01', '+' || (${minutes}) || ' minutes')`;
/** The numbers 1..count as a derived table `n(i)`, in SQL of the dialect. */
const series = (postgres: boolean, count: number) =>
  postgres
    ? sql`generate_series(1, ${sql.lit(count)}) as n(i)`
    : sql`(with recursive s(i) as (select 1 union all select i + 1 from s where i < ${sql.lit(count)}) select i from s) as n`;

/** Filler tables made by `fillCases`: a network has many partner tables, each with a share of the cases. */
const FILLER_TABLES = 20;

/**
 * Adds `count` fictional cases to the template case's network, copies of it with their own id
 * (`fillerCaseId(i)`), reference (`FIL-000000000001` …) and change time (two cases per minute from
 * 2027, so the keyset order meets ties). One case in fifty sits on one of the two given tables, the
 * rest on twenty filler tables (copies of the first); every third is owned by `ownerId`, every fifth
 * referred by `referrerId`, the rest by no organisation.
 */
export async function fillCases(
  handle: DatabaseHandle,
  options: { templateCaseId: string; count: number; tableIds: readonly [string, string]; ownerId: string; referrerId: string },
): Promise<void> {
  const postgres = handle.kind === 'postgres';
  const pad = padded(postgres);
  await sql`insert into partner_tables (id, tenant_id, name, audience, purpose, legal_framework, created_at, updated_at)
    select '20000000-0000-4000-8000-' || ${pad}, t.tenant_id, 'Filler table ' || n.i, t.audience, t.purpose, t.legal_framework, t.created_at, t.updated_at
    from partner_tables t cross join ${series(postgres, FILLER_TABLES)}
    where t.id = ${options.tableIds[0]}`.execute(handle.db);
  const fillerTable = postgres
    ? sql`'20000000-0000-4000-8000-' || lpad((1 + n.i % ${sql.lit(FILLER_TABLES)})::text, 12, '0')`
    : sql`'20000000-0000-4000-8000-' || printf('%012d', 1 + n.i % ${sql.lit(FILLER_TABLES)})`;
  await sql`insert into cases (id, tenant_id, table_id, reference, theme, status, summary_sealed, identity_disclosure,
      case_owner_organisation_id, referrer_organisation_id, version, created_by, created_at, updated_at)
    select '00000000-0000-4000-8000-' || ${pad}, c.tenant_id,
      case n.i % 100 when 0 then ${options.tableIds[0]} when 50 then ${options.tableIds[1]} else ${fillerTable} end,
      'FIL-' || ${pad}, c.theme, c.status, c.summary_sealed, c.identity_disclosure,
      case when n.i % 3 = 0 then ${options.ownerId} else null end,
      case when n.i % 5 = 0 then ${options.referrerId} else null end,
      c.version, c.created_by, c.created_at, ${minutesAfter2027(postgres, sql`n.i / 2`)}
    from cases c cross join ${series(postgres, options.count)}
    where c.id = ${options.templateCaseId}`.execute(handle.db);
}

/** The id `fillCases` gave its `i`-th case. */
export const fillerCaseId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * Adds `count` fictional audit events to the network: reads of the filler cases (`caseCount` of
 * them, in turn) by fifty made-up users `filler-user-0` … `filler-user-49`, one a minute from 2027,
 * on a day of their own (1999-01-01) in the network's chain, so that its real days stay untouched. The chain
 * is not valid over them: for plans only.
 */
export async function fillAuditEvents(handle: DatabaseHandle, options: { tenantId: string; count: number; caseCount: number }): Promise<void> {
  const postgres = handle.kind === 'postgres';
  const pad = padded(postgres);
  const caseTail = postgres
    ? sql`lpad((1 + n.i % ${sql.lit(options.caseCount)})::text, 12, '0')`
    : sql`printf('%012d', 1 + n.i % ${sql.lit(options.caseCount)})`;
  await sql`insert into audit_events (id, chain, day, seq, occurred_at, tenant_id, actor_user_id, actor_organisation_id, actor_roles,
      action, resource_type, resource_id, case_id, decision, mac)
    select '10000000-0000-4000-8000-' || ${pad}, ${options.tenantId}, '1999-01-01', n.i, ${minutesAfter2027(postgres, sql`n.i`)}, ${options.tenantId},
      'filler-user-' || (n.i % 50), null, 'professional', 'case.read', 'case', null,
      '00000000-0000-4000-8000-' || ${caseTail}, 'allow', 'filler'
    from ${series(postgres, options.count)}`.execute(handle.db);
}

/** Fresh statistics after filling, as `ANALYZE` (both dialects) leaves them. */
export async function analyse(handle: DatabaseHandle): Promise<void> {
  await sql`analyze`.execute(handle.db);
}
