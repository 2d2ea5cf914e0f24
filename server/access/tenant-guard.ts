import type {
  CompiledQuery,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { TENANT_TABLES } from '../db/schema.ts';

/** A query touched tenant data without saying which tenant: a programming error, never a user error. */
export class TenantScopeError extends Error {
  constructor(table: string, kind: string) {
    super(`${kind} on tenant table "${table}" without a tenant_id = … condition for it; use the actor's tenant or systemAccess`);
    this.name = 'TenantScopeError';
  }
}

type Node = OperationNode & Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function identifierName(node: unknown): string | null {
  if (!isNode(node)) return null;
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'IdentifierNode') return (node as unknown as { name: string }).name;
  return null;
}

interface Source {
  readonly table: string;
  /** The name the query uses for it: the alias, else the table name. */
  readonly name: string;
}

function sourceOf(node: unknown): Source | null {
  if (!isNode(node)) return null;
  if (node.kind === 'AliasNode') {
    const table = identifierName(node.node);
    const alias = identifierName(node.alias);
    return table && alias ? { table, name: alias } : null;
  }
  const table = identifierName(node);
  return table ? { table, name: table } : null;
}

/**
 * The qualifiers (table or alias, or '' when unqualified) for which the condition contains
 * `tenant_id = …` or `tenant_id in (…)` reachable through AND only: a tenant condition under an
 * OR does not limit anything.
 */
function tenantQualifiers(condition: unknown, found: Set<string> = new Set()): Set<string> {
  if (!isNode(condition)) return found;
  switch (condition.kind) {
    case 'WhereNode':
      return tenantQualifiers(condition.where, found);
    case 'OnNode':
      return tenantQualifiers(condition.on, found);
    case 'ParensNode':
      return tenantQualifiers(condition.node, found);
    case 'AndNode':
      tenantQualifiers(condition.left, found);
      return tenantQualifiers(condition.right, found);
    case 'BinaryOperationNode': {
      const operator = (condition.operator as { operator?: string } | undefined)?.operator;
      if (operator !== '=' && operator !== 'in') return found;
      for (const operand of [condition.leftOperand, condition.rightOperand]) {
        const qualifier = tenantColumnQualifier(operand);
        if (qualifier !== null) found.add(qualifier);
      }
      return found;
    }
    default:
      return found;
  }
}

function tenantColumnQualifier(operand: unknown): string | null {
  if (!isNode(operand)) return null;
  if (operand.kind === 'ColumnNode') return identifierName(operand.column) === 'tenant_id' ? '' : null;
  if (operand.kind === 'ReferenceNode' && isNode(operand.column) && operand.column.kind === 'ColumnNode') {
    if (identifierName(operand.column.column) !== 'tenant_id') return null;
    return operand.table ? (identifierName(operand.table) ?? '') : '';
  }
  return null;
}

function assertSourcesScoped(kind: string, sources: readonly Source[], conditions: readonly unknown[]): void {
  const qualifiers = new Set<string>();
  for (const condition of conditions) tenantQualifiers(condition, qualifiers);
  for (const source of sources) {
    if (!TENANT_TABLES.has(source.table)) continue;
    const scoped = qualifiers.has(source.name) || (qualifiers.has('') && sources.length === 1);
    if (!scoped) throw new TenantScopeError(source.table, kind);
  }
}

type StatementNode = Node & { from?: { froms?: unknown[] }; joins?: { table: unknown; on?: unknown }[]; where?: unknown };

function checkStatement(node: Node): void {
  const statement = node as StatementNode;
  const joins = statement.joins ?? [];
  switch (node.kind) {
    case 'SelectQueryNode':
    case 'DeleteQueryNode': {
      const sources = [...(statement.from?.froms ?? []), ...joins.map((join) => join.table)]
        .map(sourceOf)
        .filter((source): source is Source => source !== null);
      assertSourcesScoped(node.kind === 'SelectQueryNode' ? 'SELECT' : 'DELETE', sources, [statement.where, ...joins.map((join) => join.on)]);
      return;
    }
    case 'UpdateQueryNode': {
      const sources = [(node as { table?: unknown }).table, ...(statement.from?.froms ?? []), ...joins.map((join) => join.table)]
        .map(sourceOf)
        .filter((source): source is Source => source !== null);
      assertSourcesScoped('UPDATE', sources, [statement.where, ...joins.map((join) => join.on)]);
      return;
    }
    case 'InsertQueryNode': {
      const target = sourceOf((node as { into?: unknown }).into);
      const columns = ((node as { columns?: unknown[] }).columns ?? []).map((column) => identifierName((column as { column?: unknown }).column));
      if (target && TENANT_TABLES.has(target.table) && !columns.includes('tenant_id')) throw new TenantScopeError(target.table, 'INSERT');
      return;
    }
    default:
      return;
  }
}

const STATEMENT_KINDS = new Set(['SelectQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'InsertQueryNode']);

/** Checks a statement and every statement nested in it (sub-queries, EXISTS, CTEs); exported for tests. */
export function assertTenantScoped(root: RootOperationNode): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (isNode(value) && STATEMENT_KINDS.has(value.kind)) checkStatement(value);
    for (const child of Object.values(value)) visit(child);
  };
  visit(root);
}

/**
 * Statements built on the privileged connection (`systemAccess`, migrations, backup, tests' raw
 * handle): their root nodes, marked by `SystemStatementPlugin` while the query is built. A statement
 * that reaches the database without this mark is checked — so a connection that loses the mark (a
 * later plugin rewriting the tree, `withoutPlugins()`) is guarded, never silently unguarded.
 */
const systemStatements = new WeakSet<object>();

/** Installed on the raw handle only (`db/database.ts`): marks its statements as privileged. */
export class SystemStatementPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    systemStatements.add(args.node);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * Kysely plugin installed on every connection handed to the modules: it takes away the privileged
 * mark the raw handle put on the statement, so the statement is checked when it is executed
 * (`checkStatementScope`): a statement that reads or changes a tenant table without limiting that
 * table to one tenant (`tenant_id = …` under AND, for every tenant table it names, in every nested
 * statement) throws before it reaches the database. Raw `sql` is out of its sight, so modules may
 * not import it (lint rule). Privileged, cross-tenant work goes through `systemAccess`, which uses
 * the unguarded connection.
 */
export class TenantGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    systemStatements.delete(args.node);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * How many statement shapes keep their "scoped" verdict. The app has a few hundred statements; the
 * texts of `in (…)` lists vary with the list's length, and a value inlined into the text (`lit`)
 * would make shapes without end, so the map is bounded and the oldest shape goes first.
 */
export const VERDICT_CACHE_SIZE = 2000;

/**
 * The shapes (SQL text, parameters as placeholders) found scoped. Two trees that compile to the
 * same text are the same statement for the database, so a shape found scoped once is scoped for
 * every tree that compiles to it. Only the "scoped" verdict is kept: a refused shape is walked
 * again each time (it is a programming error, never a hot path).
 */
const scopedShapes = new Set<string>();

/**
 * The guard, at the connection (called for every statement by the driver of `db/database.ts`):
 * statements of the privileged connection pass; every other one is walked once per shape, and its
 * verdict kept by its SQL text. Throws `TenantScopeError` like the walk.
 */
export function checkStatementScope(query: CompiledQuery): void {
  if (systemStatements.has(query.query)) return;
  if (scopedShapes.has(query.sql)) return;
  assertTenantScoped(query.query);
  if (scopedShapes.size >= VERDICT_CACHE_SIZE) scopedShapes.delete(scopedShapes.values().next().value!);
  scopedShapes.add(query.sql);
}

/** Whether a statement was built on the privileged (raw) connection. */
export function isPrivilegedStatement(query: CompiledQuery): boolean {
  return systemStatements.has(query.query);
}

/** How many shapes hold a "scoped" verdict (tests). */
export function scopedShapeCount(): number {
  return scopedShapes.size;
}
