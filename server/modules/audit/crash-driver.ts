import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { bootstrap } from '../../bootstrap.ts';
import type { CliIo } from '../../cli/command.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';

/**
 * Crash test of audited writes: the real server (a child process) is killed with SIGKILL while
 * several clients create organisations, then restarted, many times. Afterwards every write whose
 * 201 reached a client must exist, the SQLite file must pass `integrity_check`, `audit verify` must
 * pass, and every organisation must have exactly one `organisation.created` event (no change
 * without its event, no event without its change). Used by crash.int.test.ts and bench/crash.ts.
 */

export interface CrashReport {
  readonly cycles: number;
  /** Writes whose 201 answer reached the client before the kill. */
  readonly acknowledgedWrites: number;
  /** Acknowledged writes that are not in the database afterwards. Must be 0. */
  readonly lostWrites: number;
  /** Organisations created by the cycles that exist afterwards (acknowledged or not). */
  readonly presentWrites: number;
  /** Answers other than 201 (the server refused or failed a write it received). */
  readonly refusedWrites: number;
  /** SQLite `PRAGMA integrity_check` = ok (always true on PostgreSQL, which has no such check). */
  readonly integrityOk: boolean;
  /** `partnertafel audit verify` exited 0. */
  readonly chainOk: boolean;
  /** Every organisation has exactly one `organisation.created` event and every such event its organisation. */
  readonly eventsMatchChanges: boolean;
  readonly auditEvents: number;
  readonly database: 'sqlite' | 'postgres';
}

export interface CrashOptions {
  readonly cycles: number;
  /** A PostgreSQL database to use (must be empty or at least free of the tenant slug); SQLite in a temporary directory otherwise. */
  readonly databaseUrl?: string;
  readonly log?: (line: string) => void;
  /** Concurrent clients per cycle (default 6). */
  readonly writers?: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOST = '127.0.0.1';
const PASSWORD = 'a long crash test password';

function memoryIo(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), readStdin: async () => stdin };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  // Loaded on use: the CLI imports the whole application, which imports this module's index.
  const { runCli } = await import('../../cli/index.ts');
  const io = memoryIo(stdin);
  const code = await runCli(argv, io, env);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function cliJson(argv: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Record<string, unknown>> {
  const result = await cli([...argv, '--json'], env, stdin);
  if (result.code !== 0) throw new Error(`partnertafel ${argv.slice(0, 2).join(' ')} failed: ${result.stderr.join('\n')}`);
  return JSON.parse(result.stdout[0]!) as Record<string, unknown>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunningServer {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly exited: Promise<void>;
  stderr(): string;
}

function startServer(env: NodeJS.ProcessEnv, port: number): RunningServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, baseUrl: `http://${HOST}:${port}`, exited, stderr: () => stderr };
}

// Generous: the server transpiles on start (tsx) and migrates a fresh database; on a busy machine that
// alone took 23 s. Readiness is polled, so a fast start costs nothing.
async function waitUntilReady(server: RunningServer, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}: ${server.stderr()}`);
    try {
      const response = await fetch(`${server.baseUrl}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${server.stderr()}`);
}

/** One client: creates organisations one after the other until the connection is gone. */
async function writer(baseUrl: string, token: string, prefix: string, acknowledged: Set<string>, stop: { stopped: boolean }): Promise<number> {
  let refused = 0;
  for (let index = 0; !stop.stopped; index++) {
    const name = `${prefix}-${index}`;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/v1/organisations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, sector: 'community', secrecyRegime: 'none' }),
      });
      await response.arrayBuffer();
    } catch {
      return refused; // the server is gone: this write may or may not have happened
    }
    if (response.status === 201) acknowledged.add(name);
    else refused += 1;
  }
  return refused;
}

/** Runs `cycles` start → write → SIGKILL cycles and checks what is left. */
export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => undefined);
  const writers = options.writers ?? 6;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-crash-'));
  const sqliteFile = path.join(dataDir, 'partnertafel.sqlite');
  const kind = options.databaseUrl ? 'postgres' : 'sqlite';
  const env: NodeJS.ProcessEnv = {
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl ?? `sqlite:${sqliteFile}`,
    MASTER_KEY_FILE: path.join(dataDir, 'master.key'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
  };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['MASTER_KEY', 'SMTP_URL', 'PUBLIC_URL', 'PORT', 'HOST']) delete childEnv[name];
  try {
    const slug = `crash-${Date.now().toString(36)}`;
    const tenant = await cliJson(['tenant', 'create', '--slug', slug, '--name', 'Crash test network Rivierstede'], env);
    const organisation = await cliJson(['org', 'create', '--tenant', slug, '--name', 'Stad Rivierstede', '--sector', 'city'], env);
    const email = `crash.admin@${slug}.example`;
    await cliJson(
      [
        'user',
        'create',
        '--tenant',
        slug,
        '--org',
        String(organisation.id),
        '--email',
        email,
        '--name',
        'Crash Admin',
        '--role',
        'admin',
        '--password-stdin',
      ],
      env,
      `${PASSWORD}\n`,
    );
    const { token } = await cliJson(['token', 'create', '--email', email, '--name', 'crash'], env);
    const tenantId = String(tenant.id);

    const acknowledged = new Set<string>();
    let refusedWrites = 0;
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const server = startServer(childEnv, await freePort());
      try {
        await waitUntilReady(server);
        const stop = { stopped: false };
        const clients = Array.from({ length: writers }, (_, index) =>
          writer(server.baseUrl, String(token), `Crash ${cycle}-${index}`, acknowledged, stop),
        );
        // Kill only once this cycle has had a write acknowledged (a slow, loaded machine must not turn
        // the cycle into one where nothing was in flight), then after a random short delay.
        const before = acknowledged.size;
        for (let waited = 0; acknowledged.size === before && waited < 15_000; waited += 10) await sleep(10);
        await sleep(50 + Math.floor(Math.random() * 351));
        server.child.kill('SIGKILL');
        await server.exited;
        stop.stopped = true;
        refusedWrites += (await Promise.all(clients)).reduce((sum, count) => sum + count, 0);
        log(`cycle ${cycle}/${options.cycles}: ${acknowledged.size} acknowledged so far`);
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGKILL');
          await server.exited;
        }
      }
    }
    return {
      cycles: options.cycles,
      ...(await inspect(env, tenantId, acknowledged, kind === 'sqlite' ? sqliteFile : null)),
      refusedWrites,
      database: kind,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What is left after the last kill: durability, file integrity, the chain, change ⇔ event. */
async function inspect(env: NodeJS.ProcessEnv, tenantId: string, acknowledged: ReadonlySet<string>, sqliteFile: string | null) {
  let integrityOk = true;
  if (sqliteFile) {
    const connection = new SQLite(sqliteFile);
    try {
      integrityOk = connection.pragma('integrity_check', { simple: true }) === 'ok';
    } finally {
      connection.close();
    }
  }
  const verify = await cli(['audit', 'verify', '--json'], env);
  const chainOk = verify.code === 0;
  const auditEvents = Number((JSON.parse(verify.stdout[0] ?? '{}') as { events?: number }).events ?? 0);
  const { ctx } = await bootstrap(loadConfig(env), { migrate: false, logger: createLogger('silent') });
  try {
    const organisations = await ctx.db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
    const events = await ctx.db
      .selectFrom('audit_events')
      .select('resource_id')
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'organisation.created')
      .execute();
    const present = new Set(organisations.map((row) => row.name));
    const eventsPerOrganisation = new Map<string, number>();
    for (const event of events) eventsPerOrganisation.set(String(event.resource_id), (eventsPerOrganisation.get(String(event.resource_id)) ?? 0) + 1);
    const eventsMatchChanges = events.length === organisations.length && organisations.every((row) => eventsPerOrganisation.get(row.id) === 1);
    return {
      acknowledgedWrites: acknowledged.size,
      lostWrites: [...acknowledged].filter((name) => !present.has(name)).length,
      presentWrites: organisations.filter((row) => row.name.startsWith('Crash ')).length,
      integrityOk,
      chainOk,
      eventsMatchChanges,
      auditEvents,
    };
  } finally {
    await ctx.handle.close();
  }
}
