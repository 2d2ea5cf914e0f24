import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openPostgres, openSqlite, type DatabaseHandle } from '../db/database.ts';

export interface DatabaseTarget {
  readonly kind: 'sqlite' | 'postgres';
  /** PostgreSQL only: the server to create throw-away databases on. */
  readonly adminUrl?: string;
}

/**
 * The databases integration tests run on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
 * With CI=true a missing TEST_DATABASE_URL is an error, never a silent skip. TEST_DATABASES
 * (`sqlite`, `postgres` or both, comma-separated) narrows the run on purpose: CI's second runtime
 * runs the tests on SQLite only (see .ci/run); asking for PostgreSQL without its URL is an error.
 */
export function databaseTargets(env: NodeJS.ProcessEnv = process.env): DatabaseTarget[] {
  const chosen = env.TEST_DATABASES?.split(',')
    .map((kind) => kind.trim())
    .filter((kind) => kind !== '');
  const unknown = chosen?.filter((kind) => kind !== 'sqlite' && kind !== 'postgres') ?? [];
  if (unknown.length > 0 || chosen?.length === 0) {
    throw new Error(`TEST_DATABASES names "${env.TEST_DATABASES}": use sqlite, postgres or both, comma-separated.`);
  }
  const targets: DatabaseTarget[] = [];
  if (!chosen || chosen.includes('sqlite')) targets.push({ kind: 'sqlite' });
  if (!chosen || chosen.includes('postgres')) {
    if (env.TEST_DATABASE_URL) targets.push({ kind: 'postgres', adminUrl: env.TEST_DATABASE_URL });
    else if (chosen?.includes('postgres')) throw new Error('TEST_DATABASES asks for postgres but TEST_DATABASE_URL is not set.');
    else if (env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests may not be skipped in CI.');
  }
  return targets;
}

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** A connection string for this database (PostgreSQL) or the SQLite file path. */
  readonly location: string;
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty database of the target kind; `dispose` removes it. */
export async function createTestDatabase(target: DatabaseTarget): Promise<TestDatabase> {
  if (target.kind === 'sqlite') {
    const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-test-'));
    const file = path.join(directory, 'test.sqlite');
    const handle = openSqlite(file);
    return {
      handle,
      location: file,
      dispose: async () => {
        await handle.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  return createPostgresDatabase(target.adminUrl!);
}

async function createPostgresDatabase(adminUrl: string, template?: string): Promise<TestDatabase> {
  const name = `pt_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl!, name);
  const handle = openPostgres(url);
  return {
    handle,
    location: url,
    dispose: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../db/migrations/', import.meta.url));

/**
 * A fingerprint of every migration file's name and content: a template migrated by other
 * migrations has another name, so a changed migration can never reach a test through a stale copy.
 */
export function migrationsFingerprint(folder: string = MIGRATIONS_FOLDER): string {
  const digest = createHash('sha256');
  for (const name of readdirSync(folder).sort()) {
    if (name.includes('.test.')) continue;
    digest
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(folder, name)))
      .update('\0');
  }
  return digest.digest('hex').slice(0, 16);
}

let fingerprint: string | undefined;
function currentFingerprint(): string {
  fingerprint ??= migrationsFingerprint();
  return fingerprint;
}

/** SQLite: the migrated template file for these migrations, made once per machine (atomic rename). */
async function sqliteTemplate(): Promise<string> {
  const template = path.join(tmpdir(), `partnertafel-template-${currentFingerprint()}.sqlite`);
  if (existsSync(template)) return template;
  const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-template-build-'));
  try {
    const file = path.join(directory, 'template.sqlite');
    const handle = openSqlite(file);
    try {
      await migrateToLatest(handle.db);
    } finally {
      // Closing checkpoints the write-ahead log into the file, so the file alone is the database.
      await handle.close();
    }
    renameSync(file, template);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return template;
}

/**
 * PostgreSQL: the migrated template database for these migrations, made once per server. Two test
 * runs side by side (CI runs Node 20 and Node 24 at once) serialise on an advisory lock, and the
 * template is built under a temporary name and renamed, so nobody copies a half-migrated one.
 */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `pt_template_${currentFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async () => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query('select pg_advisory_lock(hashtext($1))', ['partnertafel test template']);
    try {
      if (await exists()) return name;
      const building = `${name}_build_${process.pid}`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const handle = openPostgres(withDatabase(adminUrl, building));
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', ['partnertafel test template']);
    }
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database of the target kind with every migration applied, copied from a template that
 * was migrated once (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL) instead of
 * migrating each test's database again. The copy is the same schema and seed rows the migrations
 * make; tests of the migrations themselves use `createTestDatabase` and migrate on their own.
 */
export async function createMigratedTestDatabase(target: DatabaseTarget): Promise<TestDatabase> {
  if (target.kind === 'sqlite') {
    const template = await sqliteTemplate();
    const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-test-'));
    const file = path.join(directory, 'test.sqlite');
    copyFileSync(template, file);
    const handle = openSqlite(file);
    return {
      handle,
      location: file,
      dispose: async () => {
        await handle.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const template = await postgresTemplate(target.adminUrl!);
  return createPostgresDatabase(target.adminUrl!, template);
}
