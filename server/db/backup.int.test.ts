import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { createOrganisation, createUser, signInWithPassword } from '../modules/accounts/index.ts';
import { createTestDatabase, databaseTargets, type DatabaseTarget, type TestDatabase } from '../test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser, type TestEnvironment } from '../test/harness.ts';
import { addWorldConsent, addWorldItem, seedCaseWorld } from '../test/case-world.ts';
import { BackupError, writeBackup } from './backup.ts';
import { verifyBackup } from './backup-reader.ts';
import { restoreBackup } from './restore.ts';
import { openPostgres, openSqlite } from './database.ts';
import { migrations } from './migrations/index.ts';
import { contextFromHandle } from '../bootstrap.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { createLogger } from '../platform/logger.ts';
import { SHIPPED_TABLES, TABLES_IN_DEPENDENCY_ORDER, type Database } from './schema.ts';

type Dump = Record<string, Record<string, unknown>[]>;

/** Every row of every table, in a stable order, for comparing two databases. */
async function dump(db: Kysely<Database>): Promise<Dump> {
  const result: Dump = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    result[table] = rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return result;
}

/** Integers as text: drivers differ in how they hand out a bigint (pg: text, better-sqlite3: number). */
function integersAsText(snapshot: Dump): Dump {
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [
      table,
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([column, value]) => [column, typeof value === 'number' ? String(value) : value])),
      ),
    ]),
  );
}

function rowCount(snapshot: Dump): number {
  return Object.values(snapshot).reduce((total, rows) => total + rows.length, 0);
}

/** Rewrites a backup's lines; with `rehash` the trailer's checksum is recomputed (a "valid" forgery). */
function rewrite(file: string, target: string, change: (lines: string[]) => string[], options: { rehash?: boolean } = {}): void {
  let lines = change(gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1));
  if (options.rehash) {
    const trailer = JSON.parse(lines.at(-1)!);
    const body = lines.slice(0, -1);
    trailer.sha256 = createHash('sha256')
      .update(body.map((line) => `${line}\n`).join(''))
      .digest('hex');
    lines = [...body, JSON.stringify(trailer)];
  }
  writeFileSync(target, gzipSync(lines.map((line) => `${line}\n`).join('')));
}

/** A database with two tenants, users of several roles, sessions, tokens, recovery codes and awkward text. */
async function seed(env: TestEnvironment): Promise<void> {
  for (let index = 0; index < 2; index++) {
    const tenant = await seedTenant(env.ctx);
    await createOrganisation(
      { input: { name: `Café "Zoë" — Ω ${index}\\n`, sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2025-02-28' } },
      tenant.admin,
      env.ctx,
    );
    await seedUser(env.ctx, tenant, ['coordinator', 'minute_taker'], { password: 'correct horse battery staple' });
    const professional = await seedUser(env.ctx, tenant, ['professional'], { password: 'correct horse battery staple' });
    await signInWithPassword({ email: professional.email, password: 'correct horse battery staple' }, env.ctx);
    // A bigint column: PostgreSQL hands it out as text, SQLite as a number; both must survive.
    await env.ctx.handle.db
      .updateTable('users')
      .set({ mfa_last_step: 59_012_345 + index })
      .where('id', '=', professional.id)
      .execute();
  }
}

/** A fresh database with the MFA-enrolled user set of `user create` (recovery codes), and a network with cases. */
async function seedWithRecoveryCodes(env: TestEnvironment): Promise<void> {
  await seed(env);
  const world = await seedCaseWorld(env.ctx);
  const consentId = await addWorldConsent(env.ctx, world, [world.organisations.city, world.organisations.welfare]);
  await addWorldItem(env.ctx, world, { body: 'Fictional item resting on a consent', audience: 'table', legalBasis: 'consent', consentId });
  const tenant = await seedTenant(env.ctx);
  await createUser(
    {
      input: { email: `mfa-${Date.now()}@rivierstede.example`, name: 'Mira Factor', organisationId: tenant.organisationId, roles: ['dpo'] },
      enrolMfa: true,
    },
    tenant.admin,
    env.ctx,
  );
}

async function freshDatabase(target: DatabaseTarget, cleanup: (() => Promise<void>)[]): Promise<TestDatabase> {
  const database = await createTestDatabase(target);
  cleanup.push(() => database.dispose());
  return database;
}

for (const target of databaseTargets()) {
  describe(`backup and restore on ${target.kind}`, () => {
    let source: TestEnvironment;
    let directory: string;
    let file: string;
    let original: Dump;
    const cleanup: (() => Promise<void>)[] = [];

    before(async () => {
      source = await createTestEnvironment(target);
      await seedWithRecoveryCodes(source);
      original = await dump(source.ctx.handle.db);
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-backup-'));
      file = path.join(directory, 'backup.jsonl.gz');
      // A page size of 2 makes every table span several pages, composite keys (user_roles) included.
      await writeBackup(source.ctx.handle, file, { clock: source.clock, pageSize: 2 });
    });
    after(async () => {
      for (const dispose of cleanup) await dispose();
      await source.dispose();
      rmSync(directory, { recursive: true, force: true });
    });

    test('the file is gzip JSON Lines: header, one line per row in dependency order, trailer with counts and SHA-256', () => {
      const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
      assert.equal(lines.at(-1), '', 'every line ends in a newline');
      const records = lines.slice(0, -1).map((line) => JSON.parse(line));
      const header = records[0];
      assert.deepEqual(
        header,
        {
          format: 'partnertafel-backup',
          version: 1,
          createdAt: source.clock.now().toISOString(),
          source: target.kind,
          migrations: Object.keys(migrations),
        },
        'header is the expected { format, version, createdAt, source, migrations }',
      );
      const trailer = records.at(-1);
      const rows = records.slice(1, -1);
      assert.equal(rows.length, rowCount(original), 'rows holds rowCount(original) entries');
      for (const table of TABLES_IN_DEPENDENCY_ORDER) {
        assert.equal(trailer.counts[table], original[table]!.length, table);
        assert.equal(rows.filter((record) => record.table === table).length, original[table]!.length, table);
      }
      const order = rows.map((record) => TABLES_IN_DEPENDENCY_ORDER.indexOf(record.table));
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        'tables in dependency order',
      );
      const body = lines
        .slice(0, -2)
        .map((line) => `${line}\n`)
        .join('');
      assert.equal(
        trailer.sha256,
        createHash('sha256').update(body).digest('hex'),
        "trailer.sha256 is createHash('sha256').update(body).digest('hex')",
      );
      assert.ok(
        rows.some((record) => record.table === 'user_roles'),
        'composite keys are paged too',
      );
      assert.equal(statSync(file).mode & 0o777, 0o600, 'only the owner may read a backup');
      assert.equal(existsSync(`${file}.tmp`), false, 'existsSync(`${file}.tmp`) is false');
    });

    test('restore into a fresh, unmigrated database gives identical tables and the latest schema', async () => {
      const fresh = await freshDatabase(target, cleanup);
      const summary = await restoreBackup(fresh.handle, file);
      assert.deepEqual(await dump(fresh.handle.db), original, 'dump(fresh.handle.db) is original');
      assert.equal(summary.rows, rowCount(original), 'summary.rows is rowCount(original)');
      assert.equal(summary.counts.users, original.users!.length, 'summary.counts.users is original.users.length');
      assert.equal(summary.counts.sessions, original.sessions!.length, 'summary.counts.sessions is original.sessions.length');
      assert.ok(
        original.sessions!.length > 0 && original.recovery_codes!.length > 0 && original.api_tokens!.length > 0,
        'the number of original.sessions is more than 0, and the number of original.recovery_codes is more than 0, and the number of original.api_tokens is more than 0',
      );
      for (const table of [
        'partner_tables',
        'table_members',
        'cases',
        'case_persons',
        'case_participants',
        'case_consents',
        'case_items',
        'case_events',
        'tenant_keys',
      ]) {
        assert.ok(original[table]!.length > 0, `the backup holds ${table}`);
      }
      const applied = await fresh.handle.db
        .withTables<{ kysely_migration: { name: string } }>()
        .selectFrom('kysely_migration')
        .select('name')
        .orderBy('name')
        .execute();
      assert.deepEqual(
        applied.map((row) => row.name),
        Object.keys(migrations),
        'applied.map((row) => row.name) is Object.keys(migrations)',
      );
      // Every chain (each network's and the installation's) verifies after the round trip, with the same master key.
      const restored = contextFromHandle(fresh.handle, {
        config: source.ctx.config,
        masterKey: source.ctx.masterKey,
        logger: createLogger('silent'),
      });
      const verification = await verifyAuditChain(restored);
      assert.equal(verification.ok, true, `the restored audit chains should verify: ${JSON.stringify(verification.firstBreak)}`);
      const chains = [...new Set(original.audit_segments!.map((row) => String(row.chain)))].sort();
      assert.ok(chains.length >= 3, `the backup should hold several chains (networks and installation), held ${chains.join(', ')}`);
      assert.deepEqual(
        verification.chains.map((chain) => chain.chain),
        chains,
        'verify should check every chain of the backup',
      );
      assert.equal(verification.events, original.audit_events!.length, 'verify should count every restored event');
    });

    test('restore into an empty but migrated database works too', async () => {
      const fresh = await createTestEnvironment(target);
      cleanup.push(() => fresh.dispose());
      await restoreBackup(fresh.ctx.handle, file);
      assert.deepEqual(await dump(fresh.ctx.handle.db), original, 'dump(fresh.ctx.handle.db) is original');
    });

    test('a backup is refused over an existing file unless forced, and never leaves a temporary file', async () => {
      const before = readFileSync(file);
      await assert.rejects(
        writeBackup(source.ctx.handle, file),
        (error: unknown) => error instanceof BackupError && /already exists/.test(error.message),
        'writeBackup(…) is rejected with a BackupError matching /already exists/',
      );
      assert.deepEqual(readFileSync(file), before, 'readFileSync(file) is unchanged (before)');
      const forced = path.join(directory, 'forced.jsonl.gz');
      writeFileSync(forced, 'old');
      const summary = await writeBackup(source.ctx.handle, forced, { force: true });
      assert.equal(summary.rows, rowCount(original), 'summary.rows is rowCount(original)');
      assert.equal(summary.bytes, statSync(forced).size, 'summary.bytes is statSync(forced).size');
      assert.deepEqual((await verifyBackup(forced)).counts, summary.counts, 'verifyBackup(forced).counts is summary.counts');
      assert.equal(existsSync(`${forced}.tmp`), false, 'existsSync(`${forced}.tmp`) is false');
    });

    test('restoring into a non-empty database is refused and changes nothing', async () => {
      await assert.rejects(
        restoreBackup(source.ctx.handle, file),
        (error: unknown) => error instanceof BackupError && /not empty/.test(error.message),
        'restoreBackup(…) is rejected with a BackupError matching /not empty/',
      );
      assert.deepEqual(await dump(source.ctx.handle.db), original, 'dump(source.ctx.handle.db) is original');
      // One seeded tenant is enough to count as not empty.
      const other = await createTestEnvironment(target);
      cleanup.push(() => other.dispose());
      await seedTenant(other.ctx);
      const before = await dump(other.ctx.handle.db);
      await assert.rejects(restoreBackup(other.ctx.handle, file), BackupError, 'restoreBackup(…) is rejected with a BackupError');
      assert.deepEqual(await dump(other.ctx.handle.db), before, 'dump(other.ctx.handle.db) is unchanged (before)');
    });

    const damaged: [string, (target: string) => void, RegExp][] = [
      ['a changed value', (out) => rewrite(file, out, (lines) => lines.map((line) => line.replace('Alex Admin', 'Eve Admin'))), /checksum/],
      ['a removed row', (out) => rewrite(file, out, (lines) => lines.filter((line, index) => index !== 2)), /checksum/],
      [
        'a removed row with a recomputed checksum',
        (out) => rewrite(file, out, (lines) => lines.filter((line, index) => index !== 2), { rehash: true }),
        /counts/,
      ],
      ['a missing trailer', (out) => rewrite(file, out, (lines) => lines.slice(0, -1)), /trailer is missing/],
      ['data after the trailer', (out) => rewrite(file, out, (lines) => [...lines, lines[1]!]), /after the trailer/],
      [
        'a cut-off file',
        (out) => writeFileSync(out, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2))),
        /damaged or truncated/,
      ],
      ['garbage', (out) => writeFileSync(out, 'not a backup at all'), /damaged or truncated/],
      [
        'a newer schema',
        (out) =>
          rewrite(file, out, (lines) => [lines[0]!.replace('"migrations":[', '"migrations":["29991231T000000-future",'), ...lines.slice(1)], {
            rehash: true,
          }),
        /newer Partnertafel/,
      ],
      [
        'a newer format',
        (out) => rewrite(file, out, (lines) => [lines[0]!.replace('"version":1', '"version":2'), ...lines.slice(1)], { rehash: true }),
        /format version 2/,
      ],
      [
        'an unknown table',
        (out) =>
          rewrite(
            file,
            out,
            (lines) => [...lines.slice(0, 2), lines[1]!.replace('"table":"tenants"', '"table":"sqlite_master"'), ...lines.slice(2)],
            { rehash: true },
          ),
        /unknown table/,
      ],
    ];
    describe('damaged files', () => {
      // Shared on purpose: every refusal must leave them as they were, so later cases check earlier ones too.
      let unmigrated: TestDatabase;
      let empty: TestEnvironment;
      before(async () => {
        unmigrated = await freshDatabase(target, cleanup);
        empty = await createTestEnvironment(target);
        cleanup.push(() => empty.dispose());
      });

      for (const [index, [name, make, message]] of damaged.entries()) {
        test(`a file with ${name} is refused before anything is written`, async () => {
          const out = path.join(directory, `damaged-${index}.jsonl.gz`);
          make(out);
          await assert.rejects(
            restoreBackup(unmigrated.handle, out),
            (error: unknown) => error instanceof BackupError && message.test(error.message),
            'restoreBackup(…) is rejected with a BackupError',
          );
          assert.deepEqual(await unmigrated.handle.db.introspection.getTables(), [], 'not even migrated');
          await assert.rejects(restoreBackup(empty.ctx.handle, out), BackupError, 'restoreBackup(…) is rejected with a BackupError');
          const after = await dump(empty.ctx.handle.db);
          // What the migrations ship (the screening instruments) is there in every migrated database.
          const written = Object.entries(after).filter(([table]) => !SHIPPED_TABLES.has(table));
          assert.equal(rowCount(Object.fromEntries(written)), 0, 'nothing but the shipped rows is in the database');
        });
      }
    });

    test('the backup is one snapshot: rows committed while it runs are all in or all out', async () => {
      const busy = await createTestEnvironment(target);
      cleanup.push(() => busy.dispose());
      // A second connection writes while the backup reads; SQLite needs one, PostgreSQL gets one anyway.
      const writer = target.kind === 'sqlite' ? openSqlite(busy.database.location) : openPostgres(busy.database.location);
      let written = 0;
      const addTenantWithOrganisation = () =>
        writer.db.transaction().execute(async (trx) => {
          const id = `busy-${written}`;
          await trx.insertInto('tenants').values({ id, slug: id, name: id, default_locale: 'nl', created_at: '2026-01-05T09:00:00.000Z' }).execute();
          await trx
            .insertInto('organisations')
            .values({
              id: `org-${id}`,
              tenant_id: id,
              name: 'Stad',
              sector: 'city',
              secrecy_regime: 'discretion',
              protocol_signed_on: null,
              created_at: 'x',
              updated_at: 'x',
            })
            .execute();
          written += 1;
        });
      while (written < 60) await addTenantWithOrganisation();
      let done = false;
      const writing = (async () => {
        while (!done) {
          await addTenantWithOrganisation();
          // better-sqlite3 answers synchronously: without a macrotask turn this loop would starve the backup's file I/O.
          await setImmediate();
        }
      })();
      const out = path.join(directory, 'busy.jsonl.gz');
      // One row per page: the backup takes many round trips, and the writer commits between them.
      let summary: Awaited<ReturnType<typeof writeBackup>>;
      let writtenWhenDone: number;
      try {
        summary = await writeBackup(busy.ctx.handle, out, { pageSize: 1 });
        writtenWhenDone = written;
      } finally {
        done = true;
        await writing;
        // Before the database is dropped, or PostgreSQL kills the idle connection under the pool.
        await writer.close();
      }

      const records = gunzipSync(readFileSync(out))
        .toString('utf8')
        .trim()
        .split('\n')
        .slice(1, -1)
        .map((line) => JSON.parse(line));
      const tenants = new Set(records.filter((record) => record.table === 'tenants').map((record) => record.row.id));
      const organisationTenants = records.filter((record) => record.table === 'organisations').map((record) => record.row.tenant_id);
      assert.ok(summary.counts.tenants! >= 60, 'summary.counts.tenants is at least 60');
      assert.ok(
        writtenWhenDone > summary.counts.tenants!,
        `the writer committed during the backup (${writtenWhenDone} written, ${summary.counts.tenants} in the backup)`,
      );
      assert.equal(organisationTenants.length, tenants.size, 'each tenant in the backup has its organisation, and no organisation came later');
      for (const tenantId of organisationTenants) assert.ok(tenants.has(tenantId), `organisation of ${tenantId} without its tenant`);
    });

    test('a backup of a database without schema is refused and writes no file', async () => {
      const fresh = await freshDatabase(target, cleanup);
      const out = path.join(directory, 'nothing.jsonl.gz');
      await assert.rejects(
        writeBackup(fresh.handle, out),
        (error: unknown) => error instanceof BackupError && /no schema/.test(error.message),
        'writeBackup(…) is rejected with a BackupError matching /no schema/',
      );
      assert.equal(existsSync(out), false, 'existsSync(out) is false');
      assert.equal(existsSync(`${out}.tmp`), false, 'existsSync(`${out}.tmp`) is false');
    });
  });
}

const postgres = databaseTargets().find((target) => target.kind === 'postgres');
if (postgres) {
  const sqlite: DatabaseTarget = { kind: 'sqlite' };
  for (const [from, to] of [
    [sqlite, postgres],
    [postgres, sqlite],
  ] as const) {
    describe(`cross-database restore ${from.kind} → ${to.kind}`, () => {
      test('every table arrives identical', async () => {
        const source = await createTestEnvironment(from);
        const target = await createTestDatabase(to);
        const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-cross-'));
        try {
          await seedWithRecoveryCodes(source);
          const file = path.join(directory, 'cross.jsonl.gz');
          const written = await writeBackup(source.ctx.handle, file, { pageSize: 3 });
          const restored = await restoreBackup(target.handle, file);
          assert.equal(restored.source, from.kind, 'restored.source is from.kind');
          assert.equal(restored.target, to.kind, 'restored.target is to.kind');
          assert.deepEqual(restored.counts, written.counts, 'restored.counts is written.counts');
          const expected = await dump(source.ctx.handle.db);
          assert.ok(rowCount(expected) > 20, 'rowCount(expected) is more than 20');
          assert.ok(
            expected.users!.some((row) => row.mfa_last_step !== null),
            'some entry of expected.users matches (row) => row.mfa_last_step !== null',
          );
          assert.deepEqual(
            integersAsText(await dump(target.handle.db)),
            integersAsText(expected),
            'integersAsTextdump(target.handle.db) is integersAsText(expected)',
          );
        } finally {
          await source.dispose();
          await target.dispose();
          rmSync(directory, { recursive: true, force: true });
        }
      });
    });
  }
}
