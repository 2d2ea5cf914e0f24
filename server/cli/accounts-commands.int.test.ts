import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TOTP } from 'otpauth';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import type { CliIo } from './command.ts';
import { runCli } from './index.ts';

function memoryIo(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), readStdin: async () => stdin };
}

for (const target of databaseTargets()) {
  describe(`CLI account commands on ${target.kind}`, () => {
    let dataDir: string;
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-cli-'));
      database = await createTestDatabase(target);
      await database.handle.close();
      env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: target.kind === 'postgres' ? database.location : `sqlite:${database.location}` };
    });
    after(async () => {
      await database.dispose().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const run = async (argv: string[], stdin = '') => {
      const io = memoryIo(stdin);
      const code = await runCli(argv, io, env);
      return { code, io };
    };

    test('migrate, tenant create, org create, user create and token create answer as API.md says', async () => {
      assert.equal((await run(['migrate'])).code, 0, "run(['migrate']).code is 0");
      const tenant = await run(['tenant', 'create', '--slug', 'rivierstede', '--name', 'Lokaal netwerk Rivierstede', '--json']);
      assert.equal(tenant.code, 0, 'tenant.code is 0');
      assert.equal(JSON.parse(tenant.io.stdout[0]!).slug, 'rivierstede', 'JSON.parse(tenant.io.stdout[0]).slug is "rivierstede"');
      assert.equal(statSync(path.join(dataDir, 'master.key')).mode & 0o777, 0o600, 'master key file created with mode 0600');

      const org = await run(['org', 'create', '--tenant', 'rivierstede', '--name', 'Stad Rivierstede', '--sector', 'city', '--json']);
      assert.equal(org.code, 0, 'org.code is 0');
      const { id: orgId } = JSON.parse(org.io.stdout[0]!);
      assert.equal(typeof orgId, 'string', 'typeof orgId is "string"');

      const user = await run(
        [
          'user',
          'create',
          '--tenant',
          'rivierstede',
          '--org',
          orgId,
          '--email',
          'ops@rivierstede.example',
          '--name',
          'Ops',
          '--role',
          'admin',
          '--role',
          'coordinator',
          '--allow-combined-roles',
          '--password-stdin',
          '--json',
        ],
        'a long operator password\n',
      );
      assert.equal(user.code, 0, user.io.stderr.join('\n'));
      const created = JSON.parse(user.io.stdout[0]!);
      assert.deepEqual(
        Object.keys(created).sort(),
        ['id', 'otpauthUri', 'recoveryCodes'],
        "Object.keys(created).sort() is ['id', 'otpauthUri', 'recoveryCodes']",
      );
      assert.match(created.otpauthUri, /^otpauth:\/\/totp\//, 'created.otpauthUri matches /^otpauth:\\/\\/totp\\//');
      assert.equal(created.recoveryCodes.length, 10, 'created.recoveryCodes holds 10 entries');
      assert.match(
        new TOTP({ secret: new URL(created.otpauthUri).searchParams.get('secret')! }).generate(),
        /^\d{6}$/,
        "new TOTP({ secret: new URL(created.otpauthUri).searchParams.get('secr… matches /^\\d{6}$/",
      );

      const token = await run(['token', 'create', '--email', 'ops@rivierstede.example', '--name', 'script', '--json']);
      assert.equal(token.code, 0, 'token.code is 0');
      assert.match(
        JSON.parse(token.io.stdout[0]!).token,
        /^pt_[A-Za-z0-9_-]{43}$/,
        'JSON.parse(token.io.stdout[0]).token matches /^pt_[A-Za-z0-9_-]{43}$/',
      );
    });

    test('bad input is refused with a clear message and a non-zero exit', async () => {
      const badSector = await run(['org', 'create', '--tenant', 'rivierstede', '--name', 'X', '--sector', 'spaceport']);
      assert.equal(badSector.code, 1, 'badSector.code is 1');
      assert.match(
        badSector.io.stderr.join('\n'),
        /sector: Choose one of the options/,
        "badSector.io.stderr.join('\\n') matches /sector: Choose one of the options/",
      );
      const noTenant = await run(['org', 'create', '--tenant', 'nowhere', '--name', 'X', '--sector', 'city']);
      assert.equal(noTenant.code, 1, 'noTenant.code is 1');
      assert.match(
        noTenant.io.stderr.join('\n'),
        /No tenant with slug "nowhere"/,
        'noTenant.io.stderr.join(\'\\n\') matches /No tenant with slug "nowhere"/',
      );
      const shortPassword = await run(
        ['user', 'create', '--tenant', 'rivierstede', '--org', 'x', '--email', 'a@b.example', '--name', 'A', '--role', 'admin', '--password-stdin'],
        'short\n',
      );
      assert.equal(shortPassword.code, 1, 'shortPassword.code is 1');
      const unknownOption = await run(['tenant', 'create', '--slug', 'abc', '--name', 'A', '--colour', 'red']);
      assert.equal(unknownOption.code, 2, 'unknownOption.code is 2');
      assert.equal((await run(['no-such-command'])).code, 2, "run(['no-such-command']).code is 2");
      const duplicate = await run(['tenant', 'create', '--slug', 'rivierstede', '--name', 'Again']);
      assert.equal(duplicate.code, 1, 'duplicate.code is 1');
      const noUser = await run(['token', 'create', '--email', 'nobody@rivierstede.example', '--name', 'x']);
      assert.equal(noUser.code, 1, 'noUser.code is 1');
    });

    test('a bad configuration value exits 1 with a message naming the variable', async () => {
      const io = memoryIo();
      assert.equal(await runCli(['migrate'], io, { ...env, PORT: 'not-a-port' }), 1, "runCli(['migrate'], io, {...env, PORT: 'not-a-port' }) is 1");
      assert.match(io.stderr.join('\n'), /PORT:/, "io.stderr.join('\\n') matches /PORT:/");
    });
  });
}
