import type {
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
    super(`${kind} on tenant table "${table}" without a tenant_id condition; use the actor's tenant or systemAccess`);
    this.name = 'TenantScopeError';
  }
}

type AnyNode = OperationNode & Record<string, unknown>;

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Table names a node tree refers to (FROM, JOIN, UPDATE target, INSERT target). */
function tablesIn(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) tablesIn(child, found);
    return found;
  }
  if (!isNode(node)) return found;
  if (node.kind === 'TableNode') {
    const identifier = (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
    found.add(identifier);
    return found;
  }
  // Sub-queries in WHERE are checked when they run through this plugin on their own node; here we
  // only look at the statement's own sources.
  for (const key of ['from', 'froms', 'joins', 'table', 'into', 'node']) {
    if (key in node) tablesIn(node[key], found);
  }
  return found;
}

/** True when the tree contains a reference to a column named tenant_id. */
function mentionsTenantColumn(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentionsTenantColumn);
  if (typeof node !== 'object' || node === null) return false;
  const record = node as Record<string, unknown>;
  if (record.kind === 'ColumnNode') {
    return (record.column as { name?: string } | undefined)?.name === 'tenant_id';
  }
  return Object.values(record).some(mentionsTenantColumn);
}

/** Checks one statement; exported for the tests. */
export function assertTenantScoped(node: RootOperationNode): void {
  switch (node.kind) {
    case 'SelectQueryNode':
    case 'UpdateQueryNode':
    case 'DeleteQueryNode': {
      const tenantTables = [...tablesIn(node)].filter((table) => TENANT_TABLES.has(table));
      if (tenantTables.length > 0 && !mentionsTenantColumn((node as unknown as { where?: unknown }).where)) {
        throw new TenantScopeError(tenantTables[0]!, node.kind.replace('QueryNode', '').toUpperCase());
      }
      return;
    }
    case 'InsertQueryNode': {
      const table = [...tablesIn(node.into)][0];
      if (table && TENANT_TABLES.has(table) && !mentionsTenantColumn(node.columns)) {
        throw new TenantScopeError(table, 'INSERT');
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Kysely plugin installed on every connection handed to the modules: a query on a tenant table that
 * does not constrain tenant_id throws before it reaches the database. Privileged, cross-tenant work
 * goes through `systemAccess`, which uses the unguarded connection.
 */
export class TenantGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    assertTenantScoped(args.node);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
