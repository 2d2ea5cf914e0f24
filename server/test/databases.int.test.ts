import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrations } from '../db/migrations/index.ts';
import { createMigratedTestDatabase, databaseTargets, migrationsFingerprint } from './databases.ts';

describe('which databases the tests run on', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const kinds = (env: NodeJS.ProcessEnv) => databaseTargets(env).map((target) => target.kind);
  test('both by default when PostgreSQL is configured; SQLite alone outside CI without it; an error in CI without it', () => {
    assert.deepEqual(kinds({ TEST_DATABASE_URL: url }), ['sqlite', 'postgres'], 'SQLite and PostgreSQL when the URL is set');
    assert.deepEqual(kinds({}), ['sqlite'], 'SQLite only on a developer machine without PostgreSQL');
    assert.throws(() => databaseTargets({ CI: 'true' }), /TEST_DATABASE_URL/, 'CI without PostgreSQL fails instead of skipping it');
  });
  test('TEST_DATABASES narrows the run on purpose, and refuses what it cannot honour', () => {
    assert.deepEqual(kinds({ CI: 'true', TEST_DATABASES: 'sqlite', TEST_DATABASE_URL: url }), ['sqlite'], 'sqlite only, as asked');
    assert.deepEqual(kinds({ CI: 'true', TEST_DATABASES: 'sqlite' }), ['sqlite'], 'sqlite only needs no PostgreSQL URL, even in CI');
    assert.deepEqual(kinds({ TEST_DATABASES: 'postgres', TEST_DATABASE_URL: url }), ['postgres'], 'postgres only, as asked');
    assert.deepEqual(kinds({ TEST_DATABASES: 'sqlite, postgres', TEST_DATABASE_URL: url }), ['sqlite', 'postgres'], 'both, as asked');
    assert.throws(() => databaseTargets({ TEST_DATABASES: 'postgres' }), /TEST_DATABASE_URL/, 'postgres without its URL is an error');
    assert.throws(() => databaseTargets({ TEST_DATABASES: 'mysql', TEST_DATABASE_URL: url }), /TEST_DATABASES/, 'an unknown name is an error');
    assert.throws(() => databaseTargets({ TEST_DATABASES: ' , ', TEST_DATABASE_URL: url }), /TEST_DATABASES/, 'an empty choice is an error');
  });
});

describe('test databases copied from a migrated template', () => {
  test('the fingerprint changes with a migration file’s name or content, and only then', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'partnertafel-fingerprint-'));
    try {
      writeFileSync(path.join(folder, '20990101T000000-a.ts'), 'export const up = 1;');
      const first = migrationsFingerprint(folder);
      assert.equal(migrationsFingerprint(folder), first, 'the same files give the same fingerprint');
      writeFileSync(path.join(folder, '20990101T000000-a.ts'), 'export const up = 2;');
      const changed = migrationsFingerprint(folder);
      assert.notEqual(changed, first, 'a changed migration gives another fingerprint (another template)');
      writeFileSync(path.join(folder, '20990102T000000-b.json'), '{}');
      assert.notEqual(migrationsFingerprint(folder), changed, 'an added data file of a migration gives another fingerprint');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  for (const target of databaseTargets()) {
    test(`on ${target.kind}: a copy holds every migration, applied, and two copies are independent`, async () => {
      const first = await createMigratedTestDatabase(target);
      const second = await createMigratedTestDatabase(target);
      try {
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(first.handle.db);
        assert.deepEqual(
          applied.rows.map((row) => row.name),
          Object.keys(migrations).sort(),
          'the copy lists every migration of the code as applied, in order',
        );
        await sql`insert into kysely_migration (name, timestamp) values ('99990101T000000-only-in-first', '2099-01-01T00:00:00.000Z')`.execute(
          first.handle.db,
        );
        const inSecond = await sql<{ n: number }>`select count(*) as n from kysely_migration where name = '99990101T000000-only-in-first'`.execute(
          second.handle.db,
        );
        assert.equal(Number(inSecond.rows[0]!.n), 0, 'a row written in one copy is not in another copy');
        const third = await createMigratedTestDatabase(target);
        try {
          const inThird = await sql<{ n: number }>`select count(*) as n from kysely_migration where name = '99990101T000000-only-in-first'`.execute(
            third.handle.db,
          );
          assert.equal(Number(inThird.rows[0]!.n), 0, 'a copy made afterwards does not have it either: the template is untouched');
        } finally {
          await third.dispose();
        }
        assert.notEqual(first.location, second.location, 'each copy is its own database');
      } finally {
        await first.dispose();
        await second.dispose();
      }
    });
  }
});
