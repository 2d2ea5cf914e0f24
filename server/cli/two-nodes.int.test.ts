/**
 * Two application nodes on one PostgreSQL database, as real processes (`partnertafel serve`, the
 * precompiled CLI, no tsx), each with its own data folder and job runner, sharing only the database
 * and the master key. What must hold across nodes: a session made on one works on the other and
 * ends on both; sign-in throttling counts the failures of both; a due job runs once when both runners
 * poll; the audit chain verifies after concurrent audited reads on both; a single-use link used on one
 * is refused by the other (also when both get it at once).
 *
 * PostgreSQL only: it is the multi-node database (SQLite is one file on one host).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { contextFromHandle } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';
import { migrateToLatest } from '../db/database.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { CASE_HANDOVER_SCAN_JOB, scheduleHandoverScan } from '../modules/cases/index.ts';
import { today } from '../platform/calendar-days.ts';
import { systemClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { startAppProcess, type AppProcess } from '../test/app-process.ts';
import { addWorldItem, seedCaseWorld, type CaseWorld } from '../test/case-world.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import { bearer, seedUser } from '../test/harness.ts';
import { linkIn } from '../test/smtp.ts';

const PASSWORD = 'a long fictional passphrase for two nodes';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const DAY = 24 * 3600 * 1000;
/** Due hand-over scans queued before the nodes start, for both runners to race for. */
const QUEUED_JOBS = 24;
/** Audited reads sent to each node at once. */
const READS_PER_NODE = 12;

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly location: string | null;
  json(): { data?: Record<string, unknown>; error?: { code: string } };
}

/** A browser-like client over real HTTP: one cookie jar, used against either node. */
class Client {
  readonly cookies = new Map<string, string>();

  async call(
    base: string,
    method: string,
    url: string,
    options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(`${base}${url}`, { method, headers, redirect: 'manual', ...(body !== undefined && { body }) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value && !/expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await response.text();
    return { status: response.status, body: text, location: response.headers.get('location'), json: () => JSON.parse(text) };
  }

  async csrf(base: string): Promise<string> {
    const answer = await this.call(base, 'GET', '/api/v1/auth/csrf');
    return String(answer.json().data!.token);
  }

  async login(base: string, email: string, password: string): Promise<Answer> {
    return this.call(base, 'POST', '/api/v1/auth/login', { json: { email, password }, headers: { 'x-csrf-token': await this.csrf(base) } });
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const target of databaseTargets().filter((entry) => entry.kind === 'postgres')) {
  describe('two application nodes on one PostgreSQL database', () => {
    let database: TestDatabase;
    let ctx: AppContext;
    let world: CaseWorld;
    const dataDirs: string[] = [];
    let nodeA: AppProcess;
    let nodeB: AppProcess;
    const masterKey = randomBytes(32);
    const db = () => database.handle.db;

    before(async () => {
      database = await createTestDatabase(target);
      await migrateToLatest(database.handle.db);
      const config = loadConfig({ DATABASE_URL: database.location, NODE_ENV: 'test' });
      // The real clock, as the nodes have: tokens, sessions and audit days must agree with theirs.
      ctx = contextFromHandle(database.handle, { config, masterKey, clock: systemClock, logger: createLogger('silent') });
      world = await seedCaseWorld(ctx, { password: PASSWORD });
      // Due scans of earlier days, all claimable at once by whichever runner polls first.
      for (let back = 1; back <= QUEUED_JOBS; back += 1) {
        await scheduleHandoverScan(ctx, world.tenant.tenantId, today({ now: () => new Date(Date.now() - back * DAY) }));
      }
      await addWorldItem(ctx, world, { body: 'Fictional item read on two nodes.', audience: 'table', legalBasis: 'art_458ter' });
      const environment = (name: string) => {
        const dataDir = mkdtempSync(path.join(tmpdir(), `partnertafel-node-${name}-`));
        dataDirs.push(dataDir);
        return { DATABASE_URL: database.location, MASTER_KEY: masterKey.toString('base64'), DATA_DIR: dataDir, JOBS_POLL_SECONDS: '1' };
      };
      // Both start at once: both migrate (nothing to do) and schedule today's scans on the same rows.
      [nodeA, nodeB] = await Promise.all([startAppProcess({ env: environment('a') }), startAppProcess({ env: environment('b') })]);
    });

    after(async () => {
      await Promise.all([nodeA?.stop(), nodeB?.stop()]);
      await database?.dispose();
      for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
    });

    test('a session made on node A works on node B, and signing out on B ends it on A', async () => {
      const user = await seedUser(ctx, world.tenant, ['professional'], { password: PASSWORD });
      const browser = new Client();
      const login = await browser.login(nodeA.url, user.email, PASSWORD);
      assert.equal(login.status, 200, `the password step on A should answer 200: ${login.body}`);
      const csrfOnB = await browser.csrf(nodeB.url);
      const mfa = await browser.call(nodeB.url, 'POST', '/api/v1/auth/mfa', {
        json: { code: user.recoveryCodes[0] },
        headers: { 'x-csrf-token': csrfOnB },
      });
      assert.equal(mfa.status, 200, `the second factor on B should complete the sign-in begun on A: ${mfa.body}`);
      for (const [name, node] of [
        ['A', nodeA],
        ['B', nodeB],
      ] as const) {
        const me = await browser.call(node.url, 'GET', '/api/v1/me');
        assert.equal(me.status, 200, `the session should be signed in on node ${name}`);
        assert.equal(me.json().data!.email, user.email, `node ${name} should know whose session it is`);
      }
      const sessionCookie = [...browser.cookies].find(([name]) => name.endsWith('pt_session'));
      assert.ok(sessionCookie, 'the sign-in should have set a session cookie');
      const logout = await browser.call(nodeB.url, 'POST', '/api/v1/auth/logout', { headers: { 'x-csrf-token': await browser.csrf(nodeB.url) } });
      assert.equal(logout.status, 204, 'signing out on B should answer 204');
      // The old cookie, replayed (a second tab, or someone who kept it), must be dead on the other node too.
      const replay = new Client();
      replay.cookies.set(sessionCookie[0], sessionCookie[1]);
      const afterSignOut = await replay.call(nodeA.url, 'GET', '/api/v1/me');
      assert.equal(afterSignOut.status, 401, 'the session ended on B should no longer open anything on A');
    });

    test('sign-in throttling counts the failures made on both nodes', async () => {
      const user = await seedUser(ctx, world.tenant, ['professional'], { password: PASSWORD });
      const guesser = new Client();
      // Five failures are free per account; the sixth is counted and sets the wait. Alternate the nodes.
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        const node = attempt % 2 === 1 ? nodeA : nodeB;
        const wrong = await guesser.login(node.url, user.email, `wrong guess number ${attempt}`);
        assert.equal(
          wrong.status,
          401,
          `failure ${attempt} (on node ${attempt % 2 === 1 ? 'A' : 'B'}) should be refused as bad credentials: ${wrong.body}`,
        );
      }
      for (const [name, node] of [
        ['A', nodeA],
        ['B', nodeB],
      ] as const) {
        const blocked = await new Client().login(node.url, user.email, PASSWORD);
        assert.equal(
          blocked.status,
          429,
          `after six failures spread over both nodes, node ${name} should make the account wait, even with the right password`,
        );
        assert.equal(blocked.json().error!.code, 'rate_limited', `node ${name} should answer rate_limited`);
      }
    });

    test("a due job runs once when both nodes' runners poll", async () => {
      const jobsOfScan = () =>
        db().selectFrom('jobs').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('kind', '=', CASE_HANDOVER_SCAN_JOB).execute();
      const now = () => new Date().toISOString();
      await waitFor('the due hand-over scans to be run', async () =>
        (await jobsOfScan()).every((job) => job.status === 'done' || job.run_at > now()),
      );
      const jobs = await jobsOfScan();
      const ran = jobs.filter((job) => job.status === 'done');
      assert.equal(ran.length, QUEUED_JOBS + 1, "every queued scan and today's (scheduled by both nodes, kept once) should have run");
      for (const job of ran) assert.equal(Number(job.attempts), 1, `job ${job.id} should have been claimed once (attempts 1), not by both runners`);
      const owners = new Set(ran.map((job) => job.lease_owner));
      assert.ok(owners.size >= 1 && owners.size <= 2, 'the jobs should have been run by the runners of the two nodes only');
      const later = jobs.filter((job) => job.status === 'pending');
      assert.equal(later.length, 1, "tomorrow's scan should be scheduled exactly once, however many scans and nodes scheduled it");
    });

    test('the audit chain verifies after concurrent audited reads on both nodes', async () => {
      const reader = bearer(world.users.keyFigureThisTable.token);
      const path = `/api/v1/cases/${world.caseA.id}/items`;
      const countEvents = async () =>
        Number(
          (
            await db()
              .selectFrom('audit_events')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await countEvents();
      const first = await fetch(`${nodeA.url}${path}`, { headers: reader });
      assert.equal(first.status, 200, 'the key figure should read the items of case A');
      const perRead = (await countEvents()) - before;
      assert.ok(perRead >= 1, 'a read of case content should be audited');
      const answers = await Promise.all(
        Array.from({ length: READS_PER_NODE * 2 }, (_, index) => fetch(`${(index % 2 === 0 ? nodeA : nodeB).url}${path}`, { headers: reader })),
      );
      assert.deepEqual(
        answers.map((answer) => answer.status),
        Array<number>(READS_PER_NODE * 2).fill(200),
        'every concurrent read on either node should be answered',
      );
      assert.equal((await countEvents()) - before, perRead * (READS_PER_NODE * 2 + 1), 'every acknowledged read should have left its audit events');
      const verification = await verifyAuditChain(ctx);
      assert.equal(verification.ok, true, `the chain should verify after both nodes wrote to it: ${JSON.stringify(verification.firstBreak)}`);
      const cli = spawnSync(process.execPath, ['bin/partnertafel.js', 'audit', 'verify'], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          DATABASE_URL: database.location,
          MASTER_KEY: masterKey.toString('base64'),
          DATA_DIR: dataDirs[0]!,
        },
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, `partnertafel audit verify should find the chain intact: ${cli.stdout}${cli.stderr}`);
      assert.match(cli.stdout, /Audit trail intact/, 'partnertafel audit verify should say the trail is intact');
    });

    test('a password reset link asked for and used on node A is refused on node B, and at once on both only one wins', async () => {
      const user = await seedUser(ctx, world.tenant, ['professional'], { password: PASSWORD });
      // The link is asked for on one node and arrives by mail from that node (its outbox folder).
      const issue = async (node: AppProcess, dataDir: string) => {
        const outbox = path.join(dataDir, 'outbox');
        const mails = () => (existsSync(outbox) ? readdirSync(outbox) : []);
        const mailsBefore = new Set(mails());
        const browser = new Client();
        const form = await browser.call(node.url, 'GET', '/password/forgot');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
        const asked = await browser.call(node.url, 'POST', '/password/forgot', { form: { _csrf: csrf, email: user.email } });
        assert.equal(asked.status, 200, 'asking for a reset link should answer with the "mail sent" page');
        let link = '';
        await waitFor('the reset mail', async () => {
          for (const name of mails()) {
            if (mailsBefore.has(name)) continue;
            const raw = readFileSync(path.join(outbox, name), 'utf8');
            if (raw.includes(user.email)) link = linkIn(raw);
          }
          return link !== '';
        });
        return new URL(link).pathname.replace('/password/reset/', '');
      };
      const submit = async (node: AppProcess, token: string, password: string) => {
        const browser = new Client();
        const form = await browser.call(node.url, 'GET', `/password/reset/${token}`);
        if (form.status !== 200) return form;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
        return browser.call(node.url, 'POST', `/password/reset/${token}`, { form: { _csrf: csrf, password, passwordConfirmation: password } });
      };
      const link = await issue(nodeA, dataDirs[0]!);
      const used = await submit(nodeA, link, 'the first new fictional passphrase');
      assert.equal(used.status, 303, `the link should set the password on A: ${used.status}`);
      assert.equal(used.location, '/login', 'after the reset A should send the user to sign in');
      const again = await submit(nodeB, link, 'the second new fictional passphrase');
      assert.equal(again.status, 404, 'the spent link should be refused on B as not found');
      const both = await issue(nodeB, dataDirs[1]!);
      const answers = await Promise.all([
        submit(nodeA, both, 'a third new fictional passphrase'),
        submit(nodeB, both, 'a fourth new fictional passphrase'),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.status).sort(),
        [303, 404],
        'sent to both nodes at once, the link should work exactly once and be refused once',
      );
    });
  });
}

for (const target of databaseTargets().filter((entry) => entry.kind === 'postgres')) {
  describe('two application nodes started at once on an empty PostgreSQL database', () => {
    let database: TestDatabase;
    const dataDirs: string[] = [];
    let nodes: AppProcess[] = [];
    const masterKey = randomBytes(32);

    before(async () => {
      database = await createTestDatabase(target);
      const environment = (name: string) => {
        const dataDir = mkdtempSync(path.join(tmpdir(), `partnertafel-fresh-${name}-`));
        dataDirs.push(dataDir);
        return { DATABASE_URL: database.location, MASTER_KEY: masterKey.toString('base64'), DATA_DIR: dataDir };
      };
      // Both run every migration from nothing at the same moment.
      nodes = await Promise.all([startAppProcess({ env: environment('a') }), startAppProcess({ env: environment('b') })]);
    });

    after(async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      await database?.dispose();
      for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
    });

    test("both migrate and start; the setup link of one node sets up the network and then the other node's link is refused", async () => {
      // The link is printed just after the address the start waited for: wait for that line too.
      const links = (await Promise.all(nodes.map((node) => node.waitForOutput(/one-time setup link: (\S+)/)))).map((match) => match?.[1]);
      assert.ok(
        links[0] && links[1],
        `each node should print its own setup link on an empty database:\n${nodes.map((node) => node.output()).join('\n')}`,
      );
      const migrations = await database.handle.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      const names = (migrations as { name: string }[]).map((row) => row.name);
      assert.equal(new Set(names).size, names.length, 'every migration should be recorded once, though both nodes ran the migrator');
      const setUp = async (link: string, index: number) => {
        const browser = new Client();
        const url = new URL(link);
        const form = await browser.call(url.origin, 'GET', `${url.pathname}${url.search}`);
        if (form.status !== 200) return form;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
        return browser.call(url.origin, 'POST', `${url.pathname}${url.search}`, {
          form: {
            _csrf: csrf,
            tenantName: `Netwerk ${index}`,
            tenantSlug: `netwerk-${index}`,
            defaultLocale: 'nl',
            organisationName: 'Stad Rivierstede',
            organisationSector: 'city',
            adminName: `Beheerder ${index}`,
            adminEmail: `beheerder-${index}@rivierstede.example`,
            password: 'een lange zin als wachtwoord',
          },
        });
      };
      const first = await setUp(links[0]!, 0);
      assert.equal(first.status, 303, `the setup link of node A should create the network: ${first.body.slice(0, 300)}`);
      const second = await setUp(links[1]!, 1);
      assert.equal(second.status, 404, "once node A set up the network, node B's setup link should be refused as not found");
      const tenants = await database.handle.db.selectFrom('tenants').select('slug').execute();
      assert.deepEqual(
        tenants.map((tenant) => tenant.slug),
        ['netwerk-0'],
        'exactly one network should exist',
      );
    });
  });
}
