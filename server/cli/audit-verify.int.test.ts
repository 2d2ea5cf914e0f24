import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createOrganisation, createUser, signInWithPassword, updateOrganisation } from '../modules/accounts/index.ts';
import { databaseTargets, type DatabaseTarget } from '../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, type TestEnvironment } from '../test/harness.ts';
import type { CliIo } from './command.ts';
import { runCli } from './index.ts';

/**
 * `partnertafel audit verify` against an attacker with database administrator rights but without the
 * master key: each tampering is done on a fresh copy of a database with real audited activity over
 * three days, with the append-only triggers disabled first, and must be named on stderr (exit 1).
 */

function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), readStdin: async () => '' };
}

interface ChainEvent {
  readonly id: string;
  readonly seq: number;
}

/** A throw-away copy of the audited database that an attacker can change with plain SQL. */
interface DatabaseCopy {
  readonly cliEnv: NodeJS.ProcessEnv;
  /** Runs statements as a database administrator; `disableTriggers` first removes the append-only guard. */
  exec(statements: string[], options?: { disableTriggers?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}

const DAYS = ['2026-01-05', '2026-01-06', '2026-01-07'] as const;

/** Three days of one network's activity (its own chain), with failed sign-ins of unknown addresses (the installation chain). */
async function seedActivity(env: TestEnvironment): Promise<string> {
  const app = await createTestApp(env.ctx);
  try {
    const tenant = await seedTenant(env.ctx);
    for (const [index, day] of DAYS.entries()) {
      if (index > 0) env.clock.advance(24 * 3600_000);
      assert.equal(env.clock.now().toISOString().slice(0, 10), day, 'env.clock.now().toISOString().slice(0, 10) is day');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: bearer(tenant.adminToken),
        payload: { name: `Jeugdhuis De Brug ${index + 1}`, sector: 'youth_work', secrecyRegime: 'discretion' },
      });
      assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
      const organisation = await createOrganisation(
        { input: { name: `CAW Rivierstede ${index + 1}`, sector: 'welfare', secrecyRegime: 'professional_secrecy' } },
        tenant.admin,
        env.ctx,
      );
      await updateOrganisation({ id: organisation.id, input: { secrecyRegime: 'discretion' } }, tenant.admin, env.ctx);
      await createUser(
        {
          input: { email: `sam.peeters.${index}@rivierstede.example`, name: 'Sam Peeters', organisationId: organisation.id, roles: ['professional'] },
        },
        tenant.admin,
        env.ctx,
      );
      for (const email of [tenant.adminEmail, 'nobody@rivierstede.example']) {
        await assert.rejects(
          signInWithPassword({ email, password: 'not the right password', ip: `192.0.2.${index}` }, env.ctx),
          {
            code: 'invalid_credentials',
          },
          'signInWithPassword(…) is rejected with code "invalid_credentials"',
        );
      }
      const denied = await app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: bearer(tenant.adminToken) });
      assert.equal(denied.statusCode, 403, 'the denied request answers 403 Forbidden');
    }
    return tenant.tenantId;
  } finally {
    await app.close();
  }
}

async function sqliteCopies(env: TestEnvironment, directory: string): Promise<() => Promise<DatabaseCopy>> {
  // Everything in the main file: the copies are made from it alone.
  env.database.handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  let count = 0;
  return async () => {
    count += 1;
    const file = path.join(directory, `copy-${count}.sqlite`);
    copyFileSync(env.database.location, file);
    return {
      cliEnv: { DATA_DIR: directory, DATABASE_URL: `sqlite:${file}`, MASTER_KEY: env.ctx.masterKey.toString('base64'), LOG_LEVEL: 'silent' },
      async exec(statements, options = {}) {
        const connection = new SQLite(file);
        try {
          if (options.disableTriggers) connection.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
          for (const statement of statements) connection.exec(statement);
        } finally {
          connection.close();
        }
      },
      dispose: async () => rmSync(file, { force: true }),
    };
  };
}

async function postgresCopies(env: TestEnvironment, target: DatabaseTarget, directory: string): Promise<() => Promise<DatabaseCopy>> {
  // A template database may have no other sessions: the environment's pool is closed first.
  await env.database.handle.close();
  const source = new URL(env.database.location).pathname.slice(1);
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: target.adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let count = 0;
  return async () => {
    count += 1;
    const name = `${source}_copy${count}`;
    await admin(`create database ${name} template ${source}`);
    const url = new URL(env.database.location);
    url.pathname = `/${name}`;
    return {
      cliEnv: { DATA_DIR: directory, DATABASE_URL: url.toString(), MASTER_KEY: env.ctx.masterKey.toString('base64'), LOG_LEVEL: 'silent' },
      async exec(statements, options = {}) {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          if (options.disableTriggers) await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
          for (const statement of statements) await client.query(statement);
        } finally {
          await client.end();
        }
      },
      dispose: () => admin(`drop database if exists ${name} with (force)`),
    };
  };
}

for (const target of databaseTargets()) {
  describe(`audit verify against tampering on ${target.kind}`, () => {
    let env: TestEnvironment;
    let directory: string;
    let makeCopy: () => Promise<DatabaseCopy>;
    let chain: Map<string, ChainEvent[]>;
    let totalEvents = 0;
    let totalSegments = 0;
    /** The network's chain, where every tampering below happens. */
    let T: string;

    before(async () => {
      env = await createTestEnvironment(target);
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-verify-'));
      T = await seedActivity(env);
      chain = new Map();
      const segments = await env.ctx.system.auditSegments();
      totalSegments = segments.length;
      for (const segment of segments) {
        const events = (await env.ctx.system.auditEventsOfDay(segment.chain, segment.day)).map((row) => ({ id: row.id, seq: Number(row.seq) }));
        totalEvents += events.length;
        if (segment.chain === T) chain.set(segment.day, events);
      }
      assert.deepEqual([...chain.keys()], [...DAYS], "one daily segment per day of activity in the network's chain");
      assert.deepEqual(
        [...new Set(segments.map((segment) => segment.chain))].sort(),
        ['installation', T].sort(),
        "two chains: the network's and the installation's (unknown addresses)",
      );
      for (const events of chain.values()) assert.ok(events.length >= 6, 'the number of events is at least 6');
      makeCopy = target.kind === 'sqlite' ? await sqliteCopies(env, directory) : await postgresCopies(env, target, directory);
    });
    after(async () => {
      await env.dispose();
      rmSync(directory, { recursive: true, force: true });
    });

    const eventsOf = (day: string) => chain.get(day)!;
    const eventAt = (day: string, seq: number) => eventsOf(day).find((event) => event.seq === seq)!;

    /** Tampers with a fresh copy (triggers disabled) and runs `audit verify` on it. */
    async function verifyAfter(statements: string[]): Promise<{ code: number; stdout: string[]; stderr: string }> {
      const copy = await makeCopy();
      try {
        await copy.exec(statements, { disableTriggers: true });
        const io = memoryIo();
        const code = await runCli(['audit', 'verify'], io, copy.cliEnv);
        return { code, stdout: io.stdout, stderr: io.stderr.join('\n') };
      } finally {
        await copy.dispose();
      }
    }

    test('the untouched trail verifies: exit 0 and a summary line', async () => {
      const result = await verifyAfter([]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        result.stdout,
        [`Audit trail intact: ${totalEvents} events in ${totalSegments} daily segments of 2 chains (2026-01-05 to 2026-01-07).`],
        'result.stdout is exactly the 1 expected entries',
      );
      assert.equal(result.stderr, '', 'result.stderr is empty');
    });

    test('with the triggers in place the database itself refuses UPDATE and DELETE (and TRUNCATE) on audit events', async () => {
      const copy = await makeCopy();
      try {
        const victim = eventAt(DAYS[1], 2);
        for (const statement of [
          `UPDATE audit_events SET action = 'user.updated' WHERE id = '${victim.id}'`,
          `DELETE FROM audit_events WHERE id = '${victim.id}'`,
          ...(target.kind === 'postgres' ? ['TRUNCATE audit_events'] : []),
        ]) {
          await assert.rejects(copy.exec([statement]), /append-only/, statement);
        }
        const io = memoryIo();
        assert.equal(await runCli(['audit', 'verify'], io, copy.cliEnv), 0, 'nothing changed');
      } finally {
        await copy.dispose();
      }
    });

    test('a modified event is named', async () => {
      const victim = eventAt(DAYS[1], 2);
      const result = await verifyAfter([`UPDATE audit_events SET resource_id = 'someone-else' WHERE id = '${victim.id}'`]);
      assert.equal(result.code, 1, 'result.code is 1');
      assert.equal(
        result.stderr,
        `Audit trail BROKEN: modified in chain ${T} at event ${victim.id} (day ${DAYS[1]}, seq 2).`,
        'result.stderr is `Audit trail BROKEN: modified in chain ${T} at event ${victim.id} (day ${…',
      );
      assert.deepEqual(result.stdout, [], 'result.stdout is empty');
    });

    test('a modified decision, time or MAC is named too', async () => {
      const victim = eventAt(DAYS[0], 4);
      for (const change of [
        "decision = CASE WHEN decision = 'permit' THEN 'deny' ELSE 'permit' END",
        "occurred_at = '2026-01-05T09:00:00.001Z'",
        "mac = 'forged'",
      ]) {
        const result = await verifyAfter([`UPDATE audit_events SET ${change} WHERE id = '${victim.id}'`]);
        assert.equal(result.code, 1, change);
        assert.match(
          result.stderr,
          new RegExp(`^Audit trail BROKEN: modified in chain ${T} at event ${victim.id} \\(day ${DAYS[0]}, seq 4\\)\\.$`),
          change,
        );
      }
    });

    test('a deleted event is named as missing, in the middle of a day and at its end', async () => {
      const middle = await verifyAfter([`DELETE FROM audit_events WHERE id = '${eventAt(DAYS[1], 3).id}'`]);
      assert.equal(middle.code, 1, 'middle.code is 1');
      assert.equal(
        middle.stderr,
        `Audit trail BROKEN: missing in chain ${T} at day ${DAYS[1]}, seq 3.`,
        'middle.stderr is `Audit trail BROKEN: missing in chain ${T} at day ${DAYS[1]}, seq 3.`',
      );
      const lastSeq = eventsOf(DAYS[2]).length;
      const last = await verifyAfter([`DELETE FROM audit_events WHERE id = '${eventAt(DAYS[2], lastSeq).id}'`]);
      assert.equal(last.code, 1, 'last.code is 1');
      assert.equal(
        last.stderr,
        `Audit trail BROKEN: missing in chain ${T} at day ${DAYS[2]}, seq ${lastSeq}.`,
        'last.stderr is `Audit trail BROKEN: missing in chain ${T} at day ${DAYS[2]}, seq ${lastS…',
      );
    });

    const forged = (id: string, day: string, seq: number) =>
      `INSERT INTO audit_events (id, chain, day, seq, occurred_at, tenant_id, actor_user_id, actor_organisation_id, actor_roles, action, resource_type, resource_id, case_id, person_pseudonym, purpose, legal_basis, decision, request_id, details, mac)
       VALUES ('${id}', '${T}', '${day}', ${seq}, '${day}T12:00:00.000Z', NULL, NULL, NULL, 'admin', 'user.updated', 'user', 'u-1', NULL, NULL, NULL, NULL, 'permit', NULL, NULL, 'bm90IGEgcmVhbCBtYWM')`;

    test('a forged event is named as inserted, appended or slipped in with the rest renumbered', async () => {
      const day = DAYS[1];
      const count = eventsOf(day).length;
      const appended = await verifyAfter([forged('forged-event-1', day, count + 1)]);
      assert.equal(appended.code, 1, 'appended.code is 1');
      assert.equal(
        appended.stderr,
        `Audit trail BROKEN: inserted in chain ${T} at event forged-event-1 (day ${day}, seq ${count + 1}).`,
        'appended.stderr is `Audit trail BROKEN: inserted in chain ${T} at event forged-event-1 (day …',
      );
      const slippedIn = await verifyAfter([
        `UPDATE audit_events SET seq = seq + 1000 WHERE chain = '${T}' AND day = '${day}' AND seq >= 3`,
        `UPDATE audit_events SET seq = seq - 999 WHERE chain = '${T}' AND day = '${day}' AND seq > 1000`,
        forged('forged-event-2', day, 3),
      ]);
      assert.equal(slippedIn.code, 1, 'slippedIn.code is 1');
      assert.equal(
        slippedIn.stderr,
        `Audit trail BROKEN: inserted in chain ${T} at event forged-event-2 (day ${day}, seq 3).`,
        'slippedIn.stderr is `Audit trail BROKEN: inserted in chain ${T} at event forged-event-2 (day …',
      );
    });

    test('a forged event on a day without a segment is named as inserted', async () => {
      const result = await verifyAfter([forged('forged-event-3', '2026-01-08', 1)]);
      assert.equal(result.code, 1, 'result.code is 1');
      assert.equal(
        result.stderr,
        `Audit trail BROKEN: inserted in chain ${T} at event forged-event-3 (day 2026-01-08, seq 1).`,
        'result.stderr is "Audit trail BROKEN: inserted in chain ${T} at event forged-event-3 (day 2…"',
      );
    });

    test('two swapped events are named as reordered', async () => {
      const day = DAYS[0];
      const moved = eventAt(day, 3);
      const result = await verifyAfter([
        `UPDATE audit_events SET seq = -1 WHERE chain = '${T}' AND day = '${day}' AND seq = 2`,
        `UPDATE audit_events SET seq = 2 WHERE chain = '${T}' AND day = '${day}' AND seq = 3`,
        `UPDATE audit_events SET seq = 3 WHERE chain = '${T}' AND day = '${day}' AND seq = -1`,
      ]);
      assert.equal(result.code, 1, 'result.code is 1');
      assert.equal(
        result.stderr,
        `Audit trail BROKEN: reordered in chain ${T} at event ${moved.id} (day ${day}, seq 2).`,
        'result.stderr is `Audit trail BROKEN: reordered in chain ${T} at event ${moved.id} (day ${…',
      );
    });

    test('a changed segment head is named', async () => {
      const day = DAYS[1];
      const count = eventsOf(day).length;
      const shortened = await verifyAfter([`UPDATE audit_segments SET last_seq = last_seq - 1 WHERE chain = '${T}' AND day = '${day}'`]);
      assert.equal(shortened.code, 1, 'shortened.code is 1');
      assert.equal(
        shortened.stderr,
        `Audit trail BROKEN: head modified in chain ${T} at day ${day}, seq ${count - 1}.`,
        'shortened.stderr is `Audit trail BROKEN: head modified in chain ${T} at day ${day}, seq ${cou…',
      );
      const relinked = await verifyAfter([`UPDATE audit_segments SET previous_last_mac = 'forged' WHERE chain = '${T}' AND day = '${DAYS[2]}'`]);
      assert.equal(relinked.code, 1, 'relinked.code is 1');
      assert.match(
        relinked.stderr,
        new RegExp(`^Audit trail BROKEN: segment link broken in chain ${T} at day ${DAYS[2]}\\.$`),
        'relinked.stderr matches new RegExp(`^Audit trail BROKEN: segment link broken in chain ${T} at day ${DAYS[2]}\\\\.$`)',
      );
    });

    test("a whole day's events and its segment, deleted together, are named", async () => {
      const result = await verifyAfter([
        `DELETE FROM audit_events WHERE chain = '${T}' AND day = '${DAYS[1]}'`,
        `DELETE FROM audit_segments WHERE chain = '${T}' AND day = '${DAYS[1]}'`,
      ]);
      assert.equal(result.code, 1, 'result.code is 1');
      assert.equal(
        result.stderr,
        `Audit trail BROKEN: segment missing in chain ${T} at day ${DAYS[2]}.`,
        'result.stderr is `Audit trail BROKEN: segment missing in chain ${T} at day ${DAYS[2]}.`',
      );
    });

    test('verifying with another master key fails: the MACs cannot be made without it', async () => {
      const copy = await makeCopy();
      try {
        const io = memoryIo();
        const code = await runCli(['audit', 'verify', '--json'], io, { ...copy.cliEnv, MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
        assert.equal(code, 1, 'code is 1');
        const result = JSON.parse(io.stdout[0]!);
        assert.equal(result.ok, false, 'result.ok is false');
        assert.equal(result.firstBreak.kind, 'head_modified', 'result.firstBreak.kind is "head_modified"');
      } finally {
        await copy.dispose();
      }
    });
  });
}
