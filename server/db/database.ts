import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
  type DialectAdapter,
  type Migration,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type MigrationResultSet,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { checkStatementScope, SystemStatementPlugin } from '../access/tenant-guard.ts';
import type { Config } from '../platform/config.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The raw, unguarded connection. Only `access/` and `db/` may hold it; everyone else gets a scoped view. */
export interface DatabaseHandle {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Database>;
  /** SQLite only: the underlying connection, for online backup. */
  readonly sqlite?: SQLite.Database;
  /**
   * Calls `listener` with every statement sent on this handle's connections (queries of the raw and
   * of the guarded view, `begin`/`commit` included) until the returned function is called. For tests
   * that count statements; nothing listens in production.
   */
  observeStatements(listener: StatementListener): () => void;
  close(): Promise<void>;
}

export type StatementListener = (query: CompiledQuery) => void;

/**
 * Every statement on a connection of ours passes here before the database sees it: the tenant
 * guard's check (`checkStatementScope`, by the statement's SQL text) and the listeners, if any.
 */
class StatementGate {
  readonly listeners = new Set<StatementListener>();

  pass(query: CompiledQuery): void {
    checkStatementScope(query);
    if (this.listeners.size > 0) for (const listener of this.listeners) listener(query);
  }

  observe(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The dialect's driver with every connection it hands out seen through the gate. The connection is a
 * proxy of the driver's own (its private methods still reach the real one), so transaction control
 * (`begin`, `commit`, savepoints) goes through the gate too.
 */
class GatedDriver implements Driver {
  readonly #inner: Driver;
  readonly #gate: StatementGate;
  readonly #gated = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, gate: StatementGate) {
    this.#inner = inner;
    this.#gate = gate;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let gated = this.#gated.get(connection);
    if (!gated) {
      gated = gateConnection(connection, this.#gate);
      this.#gated.set(connection, gated);
    }
    return gated;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  async savepoint(...args: Parameters<NonNullable<Driver['savepoint']>>): Promise<void> {
    await this.#inner.savepoint?.(...args);
  }

  async rollbackToSavepoint(...args: Parameters<NonNullable<Driver['rollbackToSavepoint']>>): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(...args);
  }

  async releaseSavepoint(...args: Parameters<NonNullable<Driver['releaseSavepoint']>>): Promise<void> {
    await this.#inner.releaseSavepoint?.(...args);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

function gateConnection(connection: DatabaseConnection, gate: StatementGate): DatabaseConnection {
  const executeQuery = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    gate.pass(query);
    return connection.executeQuery<R>(query);
  };
  const streamQuery = <R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> => {
    gate.pass(query);
    return connection.streamQuery<R>(query, chunkSize);
  };
  return new Proxy(connection, {
    get(target, property) {
      if (property === 'executeQuery') return executeQuery;
      if (property === 'streamQuery') return streamQuery;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function gatedDialect(dialect: Dialect, gate: StatementGate): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GatedDriver(dialect.createDriver(), gate),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** The raw handle's Kysely: every statement through the gate, and marked as privileged. */
function gatedKysely(dialect: Dialect, gate: StatementGate): Kysely<Database> {
  return new Kysely<Database>({ dialect: gatedDialect(dialect, gate), plugins: [new SystemStatementPlugin()] });
}

/** SQLite before 3.51.3 can corrupt a WAL database on a rare reset race; we refuse to run on it. */
export const MINIMUM_SQLITE_VERSION = '3.51.3';

export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** How many distinct SQL texts keep their prepared statement (the app has a few hundred queries). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs about as much as running a
 * small query. Statements of better-sqlite3 are reusable and used one at a time (the driver is
 * synchronous), so the same SQL text gets the same statement, least recently used evicted first.
 */
function cachePreparedStatements(connection: SQLite.Database): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, SQLite.Statement>();
  connection.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof connection.prepare;
}

/**
 * SQLite runs schema changes inside transactions (only a few pragmas and VACUUM do not), but Kysely's
 * adapter says otherwise, so its Migrator would run each migration bare: a start killed between two
 * statements of a migration left a database that could never start again (a column added, its
 * migration not recorded, "duplicate column name" at every later start). Said truthfully here, the
 * Migrator runs all pending migrations and their records in one transaction, as on PostgreSQL.
 * Table rebuilds need foreign keys off, which SQLite ignores inside a transaction: `runMigrations`
 * switches them off around the transaction and checks them before it commits.
 */
class AtomicMigrationsSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class AtomicMigrationsSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new AtomicMigrationsSqliteAdapter();
  }
}

export function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SQLite(file);
  const version = (connection.prepare('select sqlite_version() as v').get() as { v: string }).v;
  if (compareVersions(version, MINIMUM_SQLITE_VERSION) < 0) {
    connection.close();
    throw new Error(`SQLite ${version} is too old; Partnertafel needs ${MINIMUM_SQLITE_VERSION} or newer.`);
  }
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  cachePreparedStatements(connection);
  const gate = new StatementGate();
  const db = gatedKysely(new AtomicMigrationsSqliteDialect({ database: connection }), gate);
  return { kind: 'sqlite', db, sqlite: connection, observeStatements: (listener) => gate.observe(listener), close: () => db.destroy() };
}

export function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server ends (restart, failover, a forced drop) is reported on the
  // pool; without a listener that event would crash the process. The pool discards the connection
  // and opens a new one for the next query, so a warning is all that is needed.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`));
  const gate = new StatementGate();
  const db = gatedKysely(new PostgresDialect({ pool }), gate);
  return { kind: 'postgres', db, observeStatements: (listener) => gate.observe(listener), close: () => db.destroy() };
}

export function openDatabase(config: Pick<Config, 'database'>): DatabaseHandle {
  return config.database.kind === 'postgres' ? openPostgres(config.database.url) : openSqlite(config.database.file);
}

/**
 * Brings the schema up to date; throws with the failing migration's name. Then refreshes the
 * planner's statistics (`refreshPlannerStatistics`), so that new indexes are weighed with figures.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await runMigrations(db, (migrator) => migrator.migrateToLatest());
  if (result.error) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`);
  }
  await refreshPlannerStatistics(db, { migrated: (result.results ?? []).length > 0 });
  return result;
}

/**
 * Runs `run` with a Migrator over `list` (Partnertafel's migrations unless a test gives a part of them
 * or its own). All-or-nothing on both databases: the pending migrations and their records commit in
 * one transaction or not at all, so a failure, a kill or a power cut mid-way leaves the schema as it
 * was and the next start simply runs them again. On SQLite, where a table rebuild needs foreign keys
 * off (`DROP TABLE` would otherwise delete or cascade through the rows that point at it) and SQLite
 * ignores that pragma inside a transaction, they are off around the run, and `foreign_key_check`
 * after each migration, inside the transaction, fails the whole run on a reference left dangling.
 * Never throws for a migration's failure: the result set holds it, as Kysely's Migrator does.
 */
export async function runMigrations(
  db: Kysely<Database>,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
  list: Readonly<Record<string, Migration>> = migrations,
): Promise<MigrationResultSet> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return run(new Migrator({ db, provider: { getMigrations: async () => list } }));
  }
  if (!db.getExecutor().adapter.supportsTransactionalDdl) {
    throw new Error('runMigrations: this SQLite handle would run migrations outside a transaction; open it with openSqlite');
  }
  const checked = Object.fromEntries(Object.entries(list).map(([name, migration]) => [name, withForeignKeyCheck(name, migration)]));
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    return await run(new Migrator({ db, provider: { getMigrations: async () => checked } }));
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** SQLite: the migration, then `foreign_key_check` in the same transaction; a dangling reference fails it. */
function withForeignKeyCheck(name: string, migration: Migration): Migration {
  return {
    ...migration,
    async up(db) {
      await migration.up(db);
      const dangling = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
      if (dangling.rows.length > 0) {
        const where = [...new Set(dangling.rows.map((row) => `${row.table} → ${row.parent}`))].join(', ');
        throw new Error(`Migration ${name} left rows that point at nothing (${where})`);
      }
    },
  };
}

/**
 * The planner's statistics. SQLite: `PRAGMA optimize=0x10002` at every start, as SQLite advises for
 * a connection that lives long — it analyses only tables whose statistics are missing or stale, each
 * within `analysis_limit` rows, so it stays cheap on a large database. PostgreSQL: `ANALYZE` when a
 * migration ran (new indexes, new tables); autovacuum keeps the figures fresh between releases.
 */
export async function refreshPlannerStatistics(db: Kysely<Database>, options: { migrated: boolean }): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    if (options.migrated) await sql`analyze`.execute(db);
    return;
  }
  await sql`pragma analysis_limit = 1000`.execute(db);
  await sql`pragma optimize = 0x10002`.execute(db);
}

/** How often a running node refreshes SQLite's planner statistics (SQLite advises every few hours). */
export const PLANNER_STATISTICS_REFRESH_MS = 60 * 60 * 1000;

/** Runs `tick` every `everyMs` until the returned function is called (a test passes its own and awaits the tick). */
export type Repeater = (tick: () => Promise<void>, everyMs: number) => () => void;

const intervalRepeater: Repeater = (tick, everyMs) => {
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * Keeps SQLite's planner statistics fresh while the node runs, not only at start: a network that
 * grows from a hundred cases to a hundred thousand without a restart would otherwise keep the plans
 * of a small database (the case list of a professional walked every case of the network instead of
 * looking up their three: 2.4 ms against 0.1 ms at 20 000 cases, and growing). Cheap: `optimize`
 * analyses only tables whose figures are stale, within `analysis_limit` rows. PostgreSQL needs
 * nothing here (autovacuum analyses). Returns the function that stops it.
 */
export function refreshPlannerStatisticsPeriodically(
  db: Kysely<Database>,
  options: { onError: (error: unknown) => void; everyMs?: number; repeat?: Repeater },
): () => void {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return () => {};
  const repeat = options.repeat ?? intervalRepeater;
  return repeat(() => refreshPlannerStatistics(db, { migrated: false }).catch(options.onError), options.everyMs ?? PLANNER_STATISTICS_REFRESH_MS);
}
