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
 * Crash test of audited writes and audited reads: the real server (a child process) is killed with
 * SIGKILL while several clients create organisations and others read a case's items, then
 * restarted, many times. Afterwards every write whose 201 reached a client must exist, every read
 * whose 200 (with the items) reached a client must have its `case.items_viewed` event in the trail
 * (matched by the request id the server sent back in `x-request-id`), the SQLite file must pass
 * `integrity_check`, `audit verify` must pass, and every organisation must have exactly one
 * `organisation.created` event (no change without its event, no event without its change).
 *
 * It judges by what the clients received and what the database holds afterwards, never by how the
 * server writes its trail. Half the cycles kill at a random moment; the other half kill the moment a
 * read's answer has arrived, when an event written after (or beside) its answer is most likely
 * still unwritten. Readers work in two tenants (two audit chains). Used by crash.int.test.ts and
 * bench/crash.ts.
 */

export interface CrashReport {
  /** Cycles run (fewer than asked for when maxSeconds ran out). */
  readonly cycles: number;
  readonly cyclesRequested: number;
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
  /** Reads of case items whose 200 answer, with every item, reached the client before the kill. */
  readonly acknowledgedReads: number;
  /** Acknowledged reads without their `case.items_viewed` event afterwards. Must be 0. */
  readonly lostReads: number;
  /** `case.items_viewed` events whose answer never reached a client (killed in between): allowed, the fail-closed direction. */
  readonly unacknowledgedAuditedReads: number;
  /** Request ids with more than one `case.items_viewed` event. Must be 0. */
  readonly duplicatedReadEvents: number;
  /** Read answers other than 200 with the case's items. */
  readonly refusedReads: number;
  /** Tenants the readers read in (each has its own case, and possibly its own chain). */
  readonly readTenants: number;
  readonly database: 'sqlite' | 'postgres';
}

export interface CrashOptions {
  readonly cycles: number;
  /** A PostgreSQL database to use (must be empty or at least free of the tenant slug); SQLite in a temporary directory otherwise. */
  readonly databaseUrl?: string;
  readonly log?: (line: string) => void;
  /** Concurrent writing clients per cycle (default 6). */
  readonly writers?: number;
  /** Concurrent reading clients per cycle, spread over the read tenants (default 4). */
  readonly readers?: number;
  /** Starts no further cycle once this many seconds have passed (the report says how many ran). */
  readonly maxSeconds?: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOST = '127.0.0.1';
const PASSWORD = 'a long crash test password';
/** Items on each read case: every acknowledged read must have answered all of them. */
const READ_ITEMS = 5;

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
  // As in production: the precompiled CLI (bin/partnertafel.js builds dist/ first when the sources changed).
  const child = spawn(process.execPath, ['bin/partnertafel.js', 'serve', '--port', String(port)], {
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

// Generous: the first start may build dist/ and migrates a fresh database; on a busy machine that alone
// took 23 s. Readiness is polled, so a fast start costs nothing.
async function waitUntilReady(server: RunningServer, timeoutMs = 180_000): Promise<void> {
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

/** A case with items in one tenant, and the token of a coordinator who reads them. */
interface ReadCase {
  readonly tenantId: string;
  readonly caseId: string;
  readonly token: string;
}

interface CycleState {
  stopped: boolean;
  /** Called the moment a read's answer has arrived (set by the cycles that kill on a read). */
  onReadAcknowledged: (() => void) | null;
}

/**
 * One client: reads the case's items one read after the other until the connection is gone. A read
 * counts as acknowledged when its 200 with every item reached the client; its request id is the one
 * the server sent back.
 */
async function reader(baseUrl: string, readCase: ReadCase, acknowledged: Set<string>, state: CycleState): Promise<number> {
  let refused = 0;
  while (!state.stopped) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}/api/v1/cases/${readCase.caseId}/items`, { headers: { authorization: `Bearer ${readCase.token}` } });
      text = await response.text();
    } catch {
      return refused; // the server is gone: this read may or may not have been recorded
    }
    const items = response.status === 200 ? (JSON.parse(text) as { data?: unknown[] }).data : undefined;
    if (!Array.isArray(items) || items.length !== READ_ITEMS) {
      refused += 1;
      continue;
    }
    const requestId = response.headers.get('x-request-id');
    if (!requestId) throw new Error('a read answered 200 without an x-request-id header: reads cannot be matched to their events');
    acknowledged.add(requestId);
    state.onReadAcknowledged?.();
  }
  return refused;
}

async function api(baseUrl: string, token: string, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A coordinator of the tenant with an API token (through the CLI). */
async function coordinatorToken(env: NodeJS.ProcessEnv, slug: string, organisationId: string): Promise<string> {
  const email = `crash.coordinator@${slug}.example`;
  await cliJson(
    [
      'user',
      'create',
      '--tenant',
      slug,
      '--org',
      organisationId,
      '--email',
      email,
      '--name',
      'Crash Coordinator',
      '--role',
      'coordinator',
      '--password-stdin',
    ],
    env,
    `${PASSWORD}\n`,
  );
  return String((await cliJson(['token', 'create', '--email', email, '--name', 'crash reads'], env)).token);
}

/** Through the API: a partner table, a case on it and READ_ITEMS items; one read checks the coordinator sees them all. */
async function setUpReadCase(baseUrl: string, tenantId: string, token: string, acknowledged: Set<string>): Promise<ReadCase> {
  const table = (await api(baseUrl, token, 'POST', '/api/v1/tables', {
    name: 'Partnertafel volwassenen (crash test)',
    audience: 'adults',
    purpose: 'Fictional table for the crash test.',
    legalFramework: 'art_458ter',
  })) as { data: { id: string } };
  const created = (await api(baseUrl, token, 'POST', '/api/v1/cases', {
    tableId: table.data.id,
    theme: 'drugs',
    summary: 'Fictional concern for the crash test.',
    identityDisclosure: 'anonymous',
    subject: { ageBand: '18-24', gender: 'male' },
  })) as { data: { id: string } };
  const caseId = created.data.id;
  for (let index = 1; index <= READ_ITEMS; index++) {
    await api(baseUrl, token, 'POST', `/api/v1/cases/${caseId}/items`, {
      body: `Fictional observation ${index} for the crash test: contact through the community centre.`,
      audience: 'table',
      legalBasis: 'art_458ter',
    });
  }
  const response = await fetch(`${baseUrl}/api/v1/cases/${caseId}/items`, { headers: { authorization: `Bearer ${token}` } });
  const items = (JSON.parse(await response.text()) as { data?: unknown[] }).data;
  const requestId = response.headers.get('x-request-id');
  if (response.status !== 200 || items?.length !== READ_ITEMS)
    throw new Error(`the coordinator does not read the ${READ_ITEMS} items of the crash test's case`);
  if (!requestId) throw new Error('a read answered 200 without an x-request-id header: reads cannot be matched to their events');
  acknowledged.add(requestId);
  return { tenantId, caseId, token };
}

/** Runs `cycles` start → write → SIGKILL cycles and checks what is left. */
export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => undefined);
  const writers = options.writers ?? 6;
  const readers = options.readers ?? 4;
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
    // A second tenant for the readers: with a chain per tenant, the reads exercise two chains.
    const otherSlug = `${slug}-2`;
    const otherTenant = await cliJson(['tenant', 'create', '--slug', otherSlug, '--name', 'Crash test network Heuvelrand'], env);
    const otherOrganisation = await cliJson(['org', 'create', '--tenant', otherSlug, '--name', 'Stad Heuvelrand', '--sector', 'city'], env);
    const readTokens = [
      { tenantId, token: await coordinatorToken(env, slug, String(organisation.id)) },
      { tenantId: String(otherTenant.id), token: await coordinatorToken(env, otherSlug, String(otherOrganisation.id)) },
    ];

    const acknowledged = new Set<string>();
    const acknowledgedReads = new Set<string>();
    const readCases: ReadCase[] = [];
    const setup = startServer(childEnv, await freePort());
    try {
      await waitUntilReady(setup);
      for (const { tenantId: readTenant, token: readToken } of readTokens) {
        readCases.push(await setUpReadCase(setup.baseUrl, readTenant, readToken, acknowledgedReads));
      }
    } finally {
      setup.child.kill('SIGKILL');
      await setup.exited;
    }

    let refusedWrites = 0;
    let refusedReads = 0;
    const started = Date.now();
    let cycles = 0;
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      if (options.maxSeconds !== undefined && cycle > 1 && Date.now() - started > options.maxSeconds * 1000) break;
      cycles = cycle;
      const cycleStarted = Date.now();
      const server = startServer(childEnv, await freePort());
      try {
        await waitUntilReady(server);
        const readyAfterMs = Date.now() - cycleStarted;
        const state: CycleState = { stopped: false, onReadAcknowledged: null };
        const writing = Array.from({ length: writers }, (_, index) =>
          writer(server.baseUrl, String(token), `Crash ${cycle}-${index}`, acknowledged, state),
        );
        const reading = Array.from({ length: readers }, (_, index) =>
          reader(server.baseUrl, readCases[index % readCases.length]!, acknowledgedReads, state),
        );
        // Kill only once this cycle has had a write and a read acknowledged (a slow, loaded machine must
        // not turn the cycle into one where nothing was in flight). Then odd cycles kill after a random
        // short delay, even cycles the moment the next read's answer arrives.
        const writesBefore = acknowledged.size;
        const readsBefore = acknowledgedReads.size;
        for (let waited = 0; (acknowledged.size === writesBefore || acknowledgedReads.size === readsBefore) && waited < 15_000; waited += 10) {
          await sleep(10);
        }
        if (cycle % 2 === 1) {
          await sleep(50 + Math.floor(Math.random() * 351));
          server.child.kill('SIGKILL');
        } else {
          const killed = new Promise<void>((resolve) => {
            state.onReadAcknowledged = () => {
              server.child.kill('SIGKILL');
              state.onReadAcknowledged = null;
              resolve();
            };
          });
          // A read arrives within milliseconds; the timer only keeps a stuck cycle from hanging.
          const fallback = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
          await Promise.race([killed, server.exited]);
          clearTimeout(fallback);
        }
        await server.exited;
        state.stopped = true;
        refusedWrites += (await Promise.all(writing)).reduce((sum, count) => sum + count, 0);
        refusedReads += (await Promise.all(reading)).reduce((sum, count) => sum + count, 0);
        log(
          `cycle ${cycle}/${options.cycles} (${Date.now() - cycleStarted} ms, ready after ${readyAfterMs} ms): ${acknowledged.size} writes and ${acknowledgedReads.size} reads acknowledged so far`,
        );
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGKILL');
          await server.exited;
        }
      }
    }
    return {
      cycles,
      cyclesRequested: options.cycles,
      ...(await inspect(env, tenantId, acknowledged, kind === 'sqlite' ? sqliteFile : null, readCases, acknowledgedReads)),
      refusedWrites,
      refusedReads,
      readTenants: readCases.length,
      database: kind,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What is left after the last kill: durability, file integrity, the chain, change ⇔ event. */
async function inspect(
  env: NodeJS.ProcessEnv,
  tenantId: string,
  acknowledged: ReadonlySet<string>,
  sqliteFile: string | null,
  readCases: readonly ReadCase[],
  acknowledgedReads: ReadonlySet<string>,
) {
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
    const readEvents = new Map<string, number>();
    for (const readCase of readCases) {
      const rows = await ctx.db
        .selectFrom('audit_events')
        .select('request_id')
        .where('tenant_id', '=', readCase.tenantId)
        .where('action', '=', 'case.items_viewed')
        .where('case_id', '=', readCase.caseId)
        .execute();
      for (const row of rows) readEvents.set(String(row.request_id), (readEvents.get(String(row.request_id)) ?? 0) + 1);
    }
    return {
      acknowledgedReads: acknowledgedReads.size,
      lostReads: [...acknowledgedReads].filter((requestId) => !readEvents.has(requestId)).length,
      unacknowledgedAuditedReads: [...readEvents.keys()].filter((requestId) => !acknowledgedReads.has(requestId)).length,
      duplicatedReadEvents: [...readEvents.values()].filter((count) => count > 1).length,
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
