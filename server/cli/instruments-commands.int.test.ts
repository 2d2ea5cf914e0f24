import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import shipped from '../db/migrations/20261130T120000-screening-instruments.json' with { type: 'json' };
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import type { CliIo } from './command.ts';
import { runCli } from './index.ts';

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), readStdin: async () => '' };
  return { code: await runCli(argv, io, env), out, err };
}

for (const target of databaseTargets()) {
  describe(`CLI instruments load on ${target.kind}`, () => {
    let directory: string;
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;

    const file = (name: string, content: unknown) => {
      const location = path.join(directory, name);
      writeFileSync(location, typeof content === 'string' ? content : JSON.stringify(content));
      return location;
    };
    const versions = async () =>
      (
        await database.handle.db
          .selectFrom('screening_instruments')
          .select(['key', 'version', 'active', 'content'])
          .orderBy('key')
          .orderBy('version')
          .execute()
      ).map((row) => ({ key: row.key, version: row.version, active: Number(row.active), content: row.content }));

    before(async () => {
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-instruments-cli-'));
      database = await createTestDatabase(target);
      env = {
        DATA_DIR: directory,
        LOG_LEVEL: 'silent',
        MASTER_KEY: randomBytes(32).toString('base64'),
        DATABASE_URL: target.kind === 'postgres' ? database.location : `sqlite:${database.location}`,
      };
      assert.equal((await cli(['migrate'], env)).code, 0, 'the database is migrated, shipping version 1 of both instruments');
    });
    after(async () => {
      await database.handle.close();
      rmSync(directory, { recursive: true, force: true });
    });

    test('loading the shipped content again changes nothing', async () => {
      const before = await versions();
      const result = await cli(['instruments', 'load', file('same.json', shipped)], env);
      assert.equal(result.code, 0, `the load succeeds: ${result.err.join(' ')}`);
      assert.deepEqual(
        result.out,
        ['Instrument observation: unchanged (version 1 is active)', 'Instrument factors: unchanged (version 1 is active)'],
        'both instruments are reported unchanged',
      );
      assert.deepEqual(await versions(), before, 'no version is added or changed');
    });

    test('changed content adds version 2 and deactivates version 1, which stays as it was; loading it again is idempotent', async () => {
      const changed = structuredClone(shipped[0]!);
      changed.sections[0]!.items[0]!.prompt.en = 'What behaviour did you notice yourself? Describe it as a fact.';
      const location = file('changed.json', changed);
      const result = await cli(['instruments', 'load', location], env);
      assert.equal(result.code, 0, `the load succeeds: ${result.err.join(' ')}`);
      assert.deepEqual(result.out, ['Instrument observation: version 2 loaded and active'], 'version 2 is reported');
      const observation = (await versions()).filter((row) => row.key === 'observation');
      assert.deepEqual(
        observation.map((row) => [row.version, row.active]),
        [
          [1, 0],
          [2, 1],
        ],
        'version 1 is kept, inactive; version 2 is active',
      );
      assert.ok(!observation[0]!.content.includes('notice yourself'), 'version 1 is never edited in place');
      assert.ok(observation[1]!.content.includes('notice yourself'), 'version 2 holds the new text');
      const again = await cli(['instruments', 'load', location], env);
      assert.deepEqual(again.out, ['Instrument observation: unchanged (version 2 is active)'], 'the same file again is unchanged');
      assert.equal((await versions()).length, 3, 'no further version');
    });

    test('an invalid file is refused with every problem listed, and nothing is written', async () => {
      const before = await versions();
      const broken = structuredClone(shipped[1]!) as Record<string, unknown> & (typeof shipped)[1];
      delete (broken.title as Record<string, string>).fr;
      broken.sections[0]!.items[1]!.key = broken.sections[0]!.items[0]!.key;
      (broken.sections[1]!.items[0] as Record<string, unknown>).kind = 'score';
      broken.sections[2]!.items[0]!.prompt.nl = 'Een ruimer netwerk';
      const result = await cli(['instruments', 'load', file('broken.json', [shipped[0], broken])], env);
      assert.equal(result.code, 1, 'the command fails');
      const message = result.err.join('\n');
      assert.match(message, /nothing was loaded/, 'the error says nothing was loaded');
      assert.match(message, /1\.title\.fr/, 'the missing French title is named');
      assert.match(message, /item key person\.isolation is used more than once/, 'the repeated item key is named');
      assert.match(message, /1\.sections\.1\.items\.0\.kind/, 'the unknown item kind is named');
      assert.deepEqual(await versions(), before, 'nothing is written, not even the valid instrument in the same file');

      const notJson = await cli(['instruments', 'load', file('garbage.json', '{ nope')], env);
      assert.equal(notJson.code, 1, 'a file that is not JSON fails');
      assert.match(notJson.err.join('\n'), /Cannot read .* as JSON/, 'and says so');
      assert.equal((await cli(['instruments', 'load'], env)).code, 2, 'a missing file argument is a usage error');
      assert.deepEqual(await versions(), before, 'still nothing written');
    });
  });
}
