/**
 * Migrations are all-or-nothing on both databases (`runMigrations`): the pending migrations and their
 * records commit together or not at all. Before, SQLite ran each migration bare, and a first start
 * stopped between two statements left a database that failed at every later start ("duplicate
 * column name"). Proven here with a migration that fails, one that leaves a dangling reference, and
 * a process killed with SIGKILL in the middle of a run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely, type Migration } from 'kysely';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import { migrateToLatest, runMigrations } from './database.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

const names = Object.keys(migrations).sort();
const LAST = names.at(-1)!;
/** A name that sorts in the middle of the real migrations, so a run stops with half of them done. */
const MIDDLE = `${names[Math.floor(names.length / 2)]!}-fictional-step`;

/** Every table, Kysely's own migration tables included. */
async function tableNames(db: Kysely<Database>): Promise<Set<string>> {
  return new Set((await db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name));
}

async function recorded(db: Kysely<Database>): Promise<string[]> {
  if (!(await tableNames(db)).has('kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function foreignKeysOn(db: Kysely<Database>): Promise<boolean> {
  const rows = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  return Number(rows.rows[0]?.foreign_keys) === 1;
}

/** The real migrations with `extra` among them. */
const withExtra = (extra: Record<string, Migration>): Record<string, Migration> => ({ ...migrations, ...extra });

for (const target of databaseTargets()) {
  describe(`migrations are all-or-nothing on ${target.kind}`, () => {
    const databases: TestDatabase[] = [];
    const fresh = async () => {
      const database = await createTestDatabase(target);
      databases.push(database);
      return database;
    };
    after(async () => {
      for (const database of databases) await database.dispose();
    });

    test('a migration that fails half-way leaves the database as it was before the run, and the next run completes it', async () => {
      const database = await fresh();
      const db = database.handle.db;
      const failing: Migration = {
        async up(trx) {
          await sql`create table fictional_half_done (id integer primary key)`.execute(trx);
          throw new Error('fictional failure after a statement');
        },
      };
      const result = await runMigrations(db, (migrator) => migrator.migrateToLatest(), withExtra({ [MIDDLE]: failing }));
      assert.match(String(result.error), /fictional failure after a statement/, 'the run reports the migration’s error');
      assert.equal(result.results?.find((entry) => entry.status === 'Error')?.migrationName, MIDDLE, 'the result names the failed migration');
      const tables = await tableNames(db);
      assert.ok(!tables.has('fictional_half_done'), 'the failed migration’s first statement is rolled back');
      assert.ok(
        !tables.has('users') && !tables.has('tenants'),
        `the migrations before it in the same run are rolled back too (tables: ${[...tables].join(', ')})`,
      );
      assert.deepEqual(await recorded(db), [], 'no migration is recorded as done');
      if (target.kind === 'sqlite') assert.ok(await foreignKeysOn(db), 'foreign keys are on again after a failed run');

      await migrateToLatest(db);
      assert.equal((await recorded(db)).at(-1), LAST, 'the next run applies every migration');
      assert.ok((await tableNames(db)).has('users'), 'the schema is there after the next run');
      if (target.kind === 'sqlite') assert.ok(await foreignKeysOn(db), 'foreign keys are on again after a successful run');
    });

    test('a migration that leaves a row pointing at nothing fails the run, and nothing of it stays', async () => {
      const database = await fresh();
      const db = database.handle.db;
      await migrateToLatest(db);
      const before = await recorded(db);
      const name = `${LAST}-fictional-dangling`;
      const dangling: Migration = {
        async up(trx) {
          await sql`alter table tenants add column fictional_marker varchar(10)`.execute(trx);
          await sql`insert into organisations (id, tenant_id, name, sector, secrecy_regime, created_at, updated_at)
            values ('fictional-org', 'no-such-tenant', 'Fictional', 'city', 'discretion', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')`.execute(
            trx,
          );
        },
      };
      const result = await runMigrations(db, (migrator) => migrator.migrateToLatest(), withExtra({ [name]: dangling }));
      assert.ok(result.error, 'the run fails on the dangling reference');
      if (target.kind === 'sqlite') {
        assert.match(String(result.error), /point at nothing \(organisations → tenants\)/, 'the error names the table and what it points at');
      }
      assert.deepEqual(await recorded(db), before, 'the migration is not recorded');
      const organisation = await db.selectFrom('organisations').select('id').where('id', '=', 'fictional-org').executeTakeFirst();
      assert.equal(organisation, undefined, 'the dangling row is rolled back');
      const columns = (await db.introspection.getTables()).find((table) => table.name === 'tenants')!.columns.map((column) => column.name);
      assert.ok(!columns.includes('fictional_marker'), 'the column added before it is rolled back');
    });

    describe('a process killed in the middle of its first start', () => {
      let database: TestDatabase;
      let scratch: string;
      before(async () => {
        database = await fresh();
        scratch = mkdtempSync(path.join(tmpdir(), 'partnertafel-migration-kill-'));
      });
      after(() => rmSync(scratch, { recursive: true, force: true }));

      test('leaves a database the next start migrates completely', async () => {
        // A child process runs the real migrations with one more in their middle that kills the
        // process after a statement of its own: a power cut in the middle of an upgrade.
        const script = path.join(scratch, 'killed-mid-run.mts');
        const here = import.meta.dirname;
        writeFileSync(
          script,
          [
            `import { openPostgres, openSqlite, runMigrations } from ${JSON.stringify(path.join(here, 'database.ts'))};`,
            `import { migrations } from ${JSON.stringify(path.join(here, 'migrations/index.ts'))};`,
            `const handle = ${target.kind === 'sqlite' ? 'openSqlite' : 'openPostgres'}(${JSON.stringify(database.location)});`,
            'const killer = { async up(db) {',
            "  await db.schema.createTable('fictional_before_kill').addColumn('id', 'integer').execute();",
            "  process.kill(process.pid, 'SIGKILL');",
            '  await new Promise(() => {});',
            '} };',
            `await runMigrations(handle.db, (migrator) => migrator.migrateToLatest(), { ...migrations, ${JSON.stringify(MIDDLE)}: killer });`,
            "process.stdout.write('the run ended without being killed\\n');",
          ].join('\n'),
        );
        const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.join(here, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)));
        assert.equal(signal, 'SIGKILL', `the child is killed inside the migration (output: ${output})`);

        const db = database.handle.db;
        const tables = await tableNames(db);
        assert.ok(!tables.has('fictional_before_kill'), 'the killed migration’s statement did not stay');
        assert.ok(!tables.has('users'), `the migrations before it in the run did not stay either (tables: ${[...tables].join(', ')})`);
        assert.deepEqual(await recorded(db), [], 'no migration is recorded as done');

        await migrateToLatest(db);
        assert.deepEqual(await recorded(db), names, 'the next start applies every migration, once');
        assert.ok((await tableNames(db)).has('users'), 'the schema is complete');
      });
    });
  });
}
