import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type DatabaseHandle } from '../db/database.ts';

export interface DatabaseTarget {
  readonly kind: 'sqlite' | 'postgres';
  /** PostgreSQL only: the server to create throw-away databases on. */
  readonly adminUrl?: string;
}

/**
 * The databases integration tests run on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
 * With CI=true a missing TEST_DATABASE_URL is an error, never a silent skip.
 */
export function databaseTargets(env: NodeJS.ProcessEnv = process.env): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ kind: 'sqlite' }];
  if (env.TEST_DATABASE_URL) targets.push({ kind: 'postgres', adminUrl: env.TEST_DATABASE_URL });
  else if (env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests may not be skipped in CI.');
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
  const name = `pt_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.adminUrl!, name);
  const handle = openPostgres(url);
  return {
    handle,
    location: url,
    dispose: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: target.adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
