import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../test/harness.ts';
import { TABLES_IN_DEPENDENCY_ORDER, TENANT_TABLES } from './schema.ts';

/**
 * The tenant guard protects the tables in TENANT_TABLES; the backup copies the tables in
 * TABLES_IN_DEPENDENCY_ORDER. Both lists are tied here to what the migrations really create, on each
 * database: a table with a `tenant_id` column that is missing from the guarded list would be read
 * across networks without a word.
 */
const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Tables that carry a tenant id but are reached only through ctx.system, never through ctx.db. */
const SYSTEM_ONLY_TENANT_TABLES = new Set(['audit_segments']);
/**
 * Derived search indexes, not data: SQLite's FTS5 table over directory_services.search_text and its
 * shadow tables (rebuilt by triggers as a restore inserts the services).
 */
const DERIVED_INDEX_TABLE = /^directory_search(_(data|idx|docsize|config|content))?$/;

for (const target of databaseTargets()) {
  describe(`the guarded table list matches the schema on ${target.kind}`, () => {
    let env: TestEnvironment;
    before(async () => {
      env = await createTestEnvironment(target);
    });
    after(async () => {
      await env.dispose();
    });

    test('every migrated table with a tenant_id column is guarded, and every guarded table has one', async () => {
      const tables = (await env.database.handle.db.introspection.getTables()).filter(
        (table) => !KYSELY_TABLES.has(table.name) && !DERIVED_INDEX_TABLE.test(table.name),
      );
      const withTenant = tables.filter((table) => table.columns.some((column) => column.name === 'tenant_id')).map((table) => table.name);
      for (const name of withTenant) {
        if (SYSTEM_ONLY_TENANT_TABLES.has(name)) continue;
        assert.ok(TENANT_TABLES.has(name), `table ${name} has a tenant_id column, so TENANT_TABLES must guard it`);
      }
      for (const name of TENANT_TABLES) {
        assert.ok(withTenant.includes(name), `TENANT_TABLES lists ${name}, which must exist with a tenant_id column`);
      }
    });

    test('the backup order names every migrated table exactly once', async () => {
      const names = (await env.database.handle.db.introspection.getTables())
        .map((table) => table.name)
        .filter((name) => !KYSELY_TABLES.has(name) && !DERIVED_INDEX_TABLE.test(name));
      assert.deepEqual(
        [...TABLES_IN_DEPENDENCY_ORDER].sort(),
        names.sort(),
        'TABLES_IN_DEPENDENCY_ORDER lists exactly the tables the migrations create',
      );
    });
  });
}
