import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_NETWORK, DEMO_PASSWORD } from '../demo/demo-network.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import type { CliIo } from './command.ts';
import { runCli } from './index.ts';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Runs the CLI with in-memory streams. */
async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), readStdin: async () => '' };
  const code = await runCli(argv, io, env);
  return { code, out, err };
}

for (const target of databaseTargets()) {
  describe(`CLI backup, restore and demo on ${target.kind}`, () => {
    let directory: string;
    const databases: TestDatabase[] = [];
    const masterKey = randomBytes(32).toString('base64');

    /** A fresh database and the environment that points the CLI at it. */
    async function installation(options: { production?: boolean } = {}): Promise<{ env: NodeJS.ProcessEnv; database: TestDatabase }> {
      const database = await createTestDatabase(target);
      databases.push(database);
      const env = {
        DATA_DIR: path.join(directory, `data-${databases.length}`),
        DATABASE_URL: target.kind === 'postgres' ? database.location : `sqlite:${database.location}`,
        MASTER_KEY: masterKey,
        NODE_ENV: options.production ? 'production' : 'test',
        LOG_LEVEL: 'silent',
        // Production mode requires the public https address; without it the configuration itself is refused.
        ...(options.production && { PUBLIC_URL: 'https://partnertafel.example' }),
      };
      return { env, database };
    }

    let source: { env: NodeJS.ProcessEnv; database: TestDatabase };
    let demo: Run;
    let file: string;

    before(async () => {
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-cli-'));
      file = path.join(directory, 'backup.jsonl.gz');
      source = await installation();
      demo = await cli(['demo', '--show-mfa'], source.env);
    });
    after(async () => {
      for (const database of databases) await database.dispose();
      rmSync(directory, { recursive: true, force: true });
    });

    test('demo loads the network and prints every user, the shared password and, with --show-mfa, the keys', () => {
      assert.equal(demo.code, 0, demo.err.join('\n'));
      const text = demo.out.join('\n');
      for (const user of DEMO_NETWORK.users) {
        const line = demo.out.find((candidate) => candidate.trim().startsWith(`${user.email} `));
        assert.ok(line, user.email);
        assert.ok(line.includes(user.roles.join(', ')), line);
        assert.ok(line.includes(DEMO_NETWORK.organisations.find((organisation) => organisation.key === user.organisation)!.name), line);
        assert.match(
          text,
          new RegExp(`${user.email.replace(/\./g, '\\.')}\\s+otpauth://totp/`),
          "text matches new RegExp(`${user.email.replace(/\\./g, '\\\\.')}\\\\s+otpauth://totp/`)",
        );
      }
      assert.ok(
        demo.out.includes(`Password of every demo user: ${DEMO_PASSWORD}`),
        'demo.out contains `Password of every demo user: ${DEMO_PASSWORD}`',
      );
    });

    test('demo a second time is refused with exit 1', async () => {
      const again = await cli(['demo'], source.env);
      assert.equal(again.code, 1, 'again.code is 1');
      assert.match(again.err.join('\n'), /already exists/, "again.err.join('\\n') matches /already exists/");
    });

    test('demo in production mode is refused with exit 1 and creates nothing', async () => {
      const production = await installation({ production: true });
      const run = await cli(['demo'], production.env);
      assert.equal(run.code, 1, 'run.code is 1');
      assert.match(run.err.join('\n'), /never loaded in production/, "run.err.join('\\n') matches /never loaded in production/");
      assert.deepEqual(await production.database.handle.db.introspection.getTables(), [], 'the database was not even opened for writing');
    });

    test('demo without --show-mfa says how the keys are printed', async () => {
      const other = await installation();
      const run = await cli(['demo'], other.env);
      assert.equal(run.code, 0, run.err.join('\n'));
      assert.ok(!run.out.join('\n').includes('otpauth://'), 'run.out.join(\'\\n\') does not contain "otpauth://"');
      assert.match(run.out.join('\n'), /--show-mfa/, "run.out.join('\\n') matches /--show-mfa/");
    });

    test('backup writes the file and prints a one-line summary; an existing file needs --force', async () => {
      const first = await cli(['backup', file], source.env);
      assert.equal(first.code, 0, first.err.join('\n'));
      assert.equal(first.out.length, 1, 'first.out holds 1 entry');
      assert.match(
        first.out[0]!,
        new RegExp(`^Backed up \\d+ rows from ${target.kind} to .*backup\\.jsonl\\.gz .*users 12`),
        'first.out[0] matches new RegExp(`^Backed up \\\\d+ rows from ${target.kind} to.*backup\\\\.jsonl\\\\.gz.*u…',
      );
      assert.ok(existsSync(file), 'existsSync(file) is true');

      const refused = await cli(['backup', file], source.env);
      assert.equal(refused.code, 1, 'refused.code is 1');
      assert.match(refused.err.join('\n'), /already exists; use --force/, "refused.err.join('\\n') matches /already exists; use --force/");

      const forced = await cli(['backup', file, '--force', '--json'], source.env);
      assert.equal(forced.code, 0, forced.err.join('\n'));
      const summary = JSON.parse(forced.out.join(''));
      assert.equal(summary.source, target.kind, 'summary.source is target.kind');
      assert.equal(summary.counts.users, DEMO_NETWORK.users.length, 'summary.counts.users is DEMO_NETWORK.users.length');
      assert.equal(
        summary.counts.organisations,
        DEMO_NETWORK.organisations.length,
        'summary.counts.organisations is DEMO_NETWORK.organisations.length',
      );
      assert.equal(summary.counts.tenants, 1, 'summary.counts.tenants is 1');
    });

    test('backup and restore check their arguments', async () => {
      assert.equal((await cli(['backup'], source.env)).code, 2, "cli(['backup'], source.env).code is 2");
      assert.equal((await cli(['backup', 'a', 'b'], source.env)).code, 2, "cli(['backup', 'a', 'b'], source.env).code is 2");
      assert.equal((await cli(['restore', '--force', file], source.env)).code, 2, 'restore has no --force');
      const missing = await cli(['restore', path.join(directory, 'missing.jsonl.gz')], source.env);
      assert.equal(missing.code, 1, 'missing.code is 1');
      assert.match(missing.err.join('\n'), /No file/, "missing.err.join('\\n') matches /No file/");
    });

    test('restore into the non-empty source is refused with exit 1', async () => {
      const run = await cli(['restore', file], source.env);
      assert.equal(run.code, 1, 'run.code is 1');
      assert.match(run.err.join('\n'), /not empty/, "run.err.join('\\n') matches /not empty/");
    });

    test('restore into an empty database prints the counts and the master key reminder; the demo users are back', async () => {
      const fresh = await installation();
      const run = await cli(['restore', file], fresh.env);
      assert.equal(run.code, 0, run.err.join('\n'));
      assert.match(
        run.out[0]!,
        /^Restored \d+ rows from .* into .*: tenants 1, organisations 7, users 12/,
        'run.out[0] matches /^Restored \\d+ rows from.* into.*: tenants 1, organisations 7, users 12/',
      );
      assert.match(run.out[1]!, /master key is not in the backup/, 'run.out[1] matches /master key is not in the backup/');
      const emails = await fresh.database.handle.db.selectFrom('users').select('email').orderBy('email').execute();
      assert.deepEqual(
        emails.map((row) => row.email),
        DEMO_NETWORK.users.map((user) => user.email).sort(),
        'emails.map((row) => row.email) is DEMO_NETWORK.users.map((user) => user.email).sort()',
      );
      // A restored installation refuses the demo too: the tenant came back with the data.
      assert.equal((await cli(['demo'], fresh.env)).code, 1, "cli(['demo'], fresh.env).code is 1");
    });

    test('restore --json prints a JSON summary with the reminder', async () => {
      const fresh = await installation();
      const run = await cli(['restore', '--json', file], fresh.env);
      assert.equal(run.code, 0, run.err.join('\n'));
      const summary = JSON.parse(run.out.join(''));
      assert.equal(summary.target, target.kind, 'summary.target is target.kind');
      assert.equal(summary.counts.users, DEMO_NETWORK.users.length, 'summary.counts.users is DEMO_NETWORK.users.length');
      assert.equal(
        summary.rows,
        Object.values(summary.counts as Record<string, number>).reduce((a, b) => a + b, 0),
        'summary.rows is Object.values(summary.counts as Record<string, number>).red…',
      );
      assert.match(summary.masterKeyReminder, /MASTER_KEY/, 'summary.masterKeyReminder matches /MASTER_KEY/');
    });

    if (target.kind === 'sqlite') {
      test('backup of a missing SQLite database is refused and creates neither database nor file', async () => {
        const env = { DATA_DIR: path.join(directory, 'nowhere'), MASTER_KEY: masterKey, LOG_LEVEL: 'silent' };
        const out = path.join(directory, 'nowhere.jsonl.gz');
        const run = await cli(['backup', out], env);
        assert.equal(run.code, 1, 'run.code is 1');
        assert.match(run.err.join('\n'), /No database at/, "run.err.join('\\n') matches /No database at/");
        assert.equal(existsSync(path.join(directory, 'nowhere')), false, "existsSync(path.join(directory, 'nowhere')) is false");
        assert.equal(existsSync(out), false, 'existsSync(out) is false');
      });
    }
  });
}
