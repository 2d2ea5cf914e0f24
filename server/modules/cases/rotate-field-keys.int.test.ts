import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { CliIo } from '../../cli/command.ts';
import { runCli } from '../../cli/index.ts';
import type { AppContext } from '../../context.ts';
import type { TenantKeyring } from '../../platform/tenant-keyring.ts';
import { addWorldConsent, withdrawWorldConsent, addWorldItem, seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { closeCase } from './change-case-state.ts';
import { createCase } from './create-case.ts';
import { listItems } from './list-items.ts';
import { recordConsent } from './manage-consents.ts';
import { rotateFieldKeys } from './rotate-field-keys.ts';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { updateCase } from './update-case.ts';
import { listConsents } from './view-case-people.ts';
import { viewCase } from './view-case.ts';
import { viewTimeline } from './view-timeline.ts';
import { auditEvents } from '../../test/audit-events.ts';

interface SealedValue {
  readonly table: string;
  readonly column: string;
  readonly id: string;
  readonly value: string;
}

/** Every sealed value of the tenant, as stored. */
async function sealedValues(ctx: AppContext, tenantId: string): Promise<SealedValue[]> {
  const db = ctx.db as unknown as Kysely<Record<string, Record<string, string | null>>>;
  const values: SealedValue[] = [];
  for (const { table, column } of SEALED_COLUMNS) {
    const rows = await db.selectFrom(table).select(['id', column]).where('tenant_id', '=', tenantId).orderBy('id').execute();
    for (const row of rows) if (row[column] !== null) values.push({ table, column, id: String(row.id), value: String(row[column]) });
  }
  return values;
}

async function fieldKeyVersions(ctx: AppContext, tenantId: string) {
  return ctx.db
    .selectFrom('tenant_keys')
    .select(['version', 'retired_at'])
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', 'fields')
    .orderBy('version')
    .execute();
}

function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), readStdin: async () => '' };
}

for (const target of databaseTargets()) {
  describe(`field key rotation on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    let tenantId: string;
    let directory: string;

    /** What the use cases show of the sealed content: it must survive every rotation unchanged. */
    async function plaintexts(ctx: AppContext = env.ctx) {
      const coordinator = world.users.coordinator.actor;
      return {
        caseA: (await viewCase({ caseId: world.caseA.id }, world.users.caseOwnerMember.actor, ctx)).data,
        caseB: (await viewCase({ caseId: world.caseB.id }, coordinator, ctx)).data,
        items: (await listItems({ caseId: world.caseA.id }, world.users.keyFigureThisTable.actor, ctx)).data,
        consents: await listConsents({ caseId: world.caseA.id }, coordinator, ctx),
        timelineB: await viewTimeline({ caseId: world.caseB.id }, coordinator, ctx),
      };
    }

    const keysRotatedEvents = () =>
      auditEvents(env.ctx.db).selectAll().where('tenant_id', '=', tenantId).where('action', '=', 'keys.rotated').execute();

    before(async () => {
      env = await createTestEnvironment(target);
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-rotate-'));
      world = await seedCaseWorld(env.ctx);
      tenantId = world.tenant.tenantId;
      for (const body of ['Fictional observation one.', 'Fictional observation two.', 'Fictional observation three.'])
        await addWorldItem(env.ctx, world, { body, audience: 'table', legalBasis: 'art_458ter' });
      await withdrawWorldConsent(env.ctx, world, await addWorldConsent(env.ctx, world, [world.organisations.welfare]));
      await recordConsent(
        {
          caseId: world.caseA.id,
          input: {
            givenBy: 'parent',
            organisationIds: [world.organisations.police],
            purpose: 'Fictional purpose',
            withFeedback: false,
            documentReference: 'Fictional binder 7',
          },
        },
        world.users.coordinator.actor,
        env.ctx,
      );
      // An adult on the minors table, with the coordinator's reason: the world's one sealed age exception.
      await createCase(
        {
          input: {
            tableId: world.tables.minors,
            theme: 'other',
            summary: 'Fictional case of an older sibling.',
            identityDisclosure: 'anonymous',
            subject: { ageBand: '18-24' },
            contextPersons: [],
            ageExceptionReason: 'Fictional reason: the sibling of a young person at this table.',
          },
        },
        world.users.coordinator.actor,
        env.ctx,
      );
      await closeCase(
        { caseId: world.caseB.id, input: { outcome: 'regular_care', rationale: 'Fictional closure rationale.' }, expectedVersion: null },
        world.users.coordinator.actor,
        env.ctx,
      );
    });
    after(async () => {
      await env.dispose();
      rmSync(directory, { recursive: true, force: true });
    });

    test('every sealed value gets the new key version; the use cases read the same content, case versions unchanged', async () => {
      const before = await sealedValues(env.ctx, tenantId);
      for (const { table, column } of SEALED_COLUMNS.filter((entry) => entry.module === 'cases'))
        assert.ok(
          before.some((value) => value.table === table && value.column === column),
          `the world has a value in ${table}.${column}`,
        );
      const previous = (await env.ctx.keyring.current(tenantId, 'fields')).version;
      const shown = await plaintexts();
      const batches: number[] = [];

      const result = await rotateFieldKeys({ tenantId, batchSize: 4, onBatch: (progress) => batches.push(progress.reencrypted) }, env.ctx);

      assert.deepEqual(
        { version: result.version, keyCreated: result.keyCreated, reencrypted: result.reencrypted, remaining: result.remaining },
        { version: previous + 1, keyCreated: true, reencrypted: before.length, remaining: 0 },
        '{ version: result.version, keyCreated: result.keyCreated, reencrypted… is the expected { version, keyCreated, reencrypted, remaining }',
      );
      assert.equal(result.batches, batches.length, 'result.batches is batches.length');
      assert.ok(
        batches.every((count) => count > 0),
        'every entry of batches matches (count) => count > 0',
      );
      const after = await sealedValues(env.ctx, tenantId);
      assert.deepEqual(
        after.map(({ table, column, id }) => `${table}.${column}:${id}`),
        before.map(({ table, column, id }) => `${table}.${column}:${id}`),
        'after.map(({ table, column, id }) => `${table}.${column}:${id}`) is before.map(({ table, column, id }) => `${table}.${column}:$…',
      );
      for (const value of after) assert.ok(value.value.startsWith(`k${result.version}.`), `${value.table}.${value.column} ${value.id}`);
      for (const [index, value] of after.entries()) assert.notEqual(value.value, before[index]!.value, 'value.value is not before[index].value');
      assert.deepEqual(await plaintexts(), shown, 'plaintexts() is shown');
      const versions = await fieldKeyVersions(env.ctx, tenantId);
      assert.deepEqual(
        versions.map((row) => [Number(row.version), row.retired_at === null]),
        [...Array.from({ length: previous }, (_, index) => [index + 1, false]), [previous + 1, true]],
        'versions.map((row) => [Number(row.version), row.retired_at === null]) is exactly the 2 expected entries',
      );
    });

    test('the rotation is audited for the operator, with counts and no content', async () => {
      const events = await keysRotatedEvents();
      assert.ok(events.length >= 1, 'the number of events is at least 1');
      const event = events.at(-1)!;
      const current = (await env.ctx.keyring.current(tenantId, 'fields')).version;
      assert.equal(event.actor_user_id, 'operator', 'event.actor_user_id is "operator"');
      assert.equal(event.resource_type, 'tenant_key', 'event.resource_type is "tenant_key"');
      assert.equal(event.resource_id, `fields:${current}`, 'event.resource_id is `fields:${current}`');
      const details = JSON.parse(event.details!);
      assert.equal(details.purpose, 'fields', 'details.purpose is "fields"');
      assert.equal(details.version, current, 'details.version is current');
      assert.equal(details.keyCreated, true, 'details.keyCreated is true');
      assert.equal(details.remaining, 0, 'details.remaining is 0');
      assert.equal(
        details.reencrypted,
        (await sealedValues(env.ctx, tenantId)).length,
        'details.reencrypted is sealedValues(env.ctx, tenantId).length',
      );
    });

    test('a rotation stopped after one batch resumes with the same key and finishes', async () => {
      for (const body of ['Fictional observation four.', 'Fictional observation five.'])
        await addWorldItem(env.ctx, world, { body, audience: 'table', legalBasis: 'art_458ter' });
      const total = (await sealedValues(env.ctx, tenantId)).length;
      const shown = await plaintexts();
      const versionsBefore = (await fieldKeyVersions(env.ctx, tenantId)).length;

      const stopped = await rotateFieldKeys({ tenantId, batchSize: 1, maxBatches: 1 }, env.ctx);
      assert.equal(stopped.keyCreated, true, 'stopped.keyCreated is true');
      assert.equal(stopped.batches, 1, 'stopped.batches is 1');
      assert.ok(stopped.reencrypted >= 1 && stopped.reencrypted <= 2, 'one row: its sealed values');
      assert.equal(stopped.remaining, total - stopped.reencrypted, 'stopped.remaining is total - stopped.reencrypted');
      const mixed = await sealedValues(env.ctx, tenantId);
      assert.equal(
        mixed.filter((value) => value.value.startsWith(`k${stopped.version}.`)).length,
        stopped.reencrypted,
        'mixed.filter((value) => value.value.startsWith(`k${stopped.… holds stopped.reencrypted entries',
      );
      assert.deepEqual(await plaintexts(), shown, 'old and new versions open side by side');
      // A value written while the rotation is stopped is sealed with the new key already.
      await addWorldItem(env.ctx, world, { body: 'Fictional observation six.', audience: 'table', legalBasis: 'art_458ter' });

      const resumed = await rotateFieldKeys({ tenantId, batchSize: 3 }, env.ctx);
      assert.deepEqual(
        { version: resumed.version, keyCreated: resumed.keyCreated, reencrypted: resumed.reencrypted, remaining: resumed.remaining },
        { version: stopped.version, keyCreated: false, reencrypted: total - stopped.reencrypted, remaining: 0 },
        '{ version: resumed.version, keyCreated: resumed.keyCreated, reencrypt… is the expected { version, keyCreated, reencrypted, remaining }',
      );
      assert.equal((await fieldKeyVersions(env.ctx, tenantId)).length, versionsBefore + 1, 'no second key');
      for (const value of await sealedValues(env.ctx, tenantId))
        assert.ok(value.value.startsWith(`k${resumed.version}.`), 'value.value starts with `k${resumed.version}.`');
      const events = (await keysRotatedEvents()).slice(-2).map((event) => JSON.parse(event.details!));
      assert.deepEqual(
        events.map((details) => [details.keyCreated, details.remaining]),
        [
          [true, stopped.remaining],
          [false, 0],
        ],
        'events.map((details) => [details.keyCreated, details.remaining]) is [ [true, stopped.remaining], [false, 0], ]',
      );
      const items = (await listItems({ caseId: world.caseA.id }, world.users.keyFigureThisTable.actor, env.ctx)).data;
      assert.ok(
        items.some((item) => item.body === 'Fictional observation six.'),
        'an item written during the rotation is readable after it',
      );
    });

    test('a value edited while its batch is being re-encrypted keeps the edit (compare-and-set)', async () => {
      const caseA = (await viewCase({ caseId: world.caseA.id }, world.users.coordinator.actor, env.ctx)).data;
      let edited = false;
      // The edit lands between the batch's read and its write: the keyring is asked for the old key in between.
      const keyring = {
        current: env.ctx.keyring.current.bind(env.ctx.keyring),
        rotate: env.ctx.keyring.rotate.bind(env.ctx.keyring),
        version: async (...args: Parameters<TenantKeyring['version']>) => {
          if (!edited) {
            edited = true;
            await updateCase(
              { caseId: world.caseA.id, expectedVersion: caseA.version, input: { summary: 'Fictional summary edited during rotation.' } },
              world.users.coordinator.actor,
              env.ctx,
            );
          }
          return env.ctx.keyring.version(...args);
        },
      } as unknown as TenantKeyring;

      const result = await rotateFieldKeys({ tenantId }, { ...env.ctx, keyring });

      assert.equal(edited, true, 'edited is true');
      assert.equal(result.remaining, 0, 'result.remaining is 0');
      const after = (await viewCase({ caseId: world.caseA.id }, world.users.coordinator.actor, env.ctx)).data;
      assert.equal(after.summary, 'Fictional summary edited during rotation.', 'after.summary is "Fictional summary edited during rotation."');
      assert.equal(after.version, caseA.version + 1, 'after.version is caseA.version + 1');
      for (const value of await sealedValues(env.ctx, tenantId))
        assert.ok(value.value.startsWith(`k${result.version}.`), 'value.value starts with `k${result.version}.`');
    });

    test('a run whose key is superseded by another rotation stops with conflict; the next run finishes with the newest key', async () => {
      const versionsBefore = (await fieldKeyVersions(env.ctx, tenantId)).length;
      const shown = await plaintexts();
      let rotatedMeanwhile = false;
      const keyring = {
        current: env.ctx.keyring.current.bind(env.ctx.keyring),
        rotate: env.ctx.keyring.rotate.bind(env.ctx.keyring),
        version: async (...args: Parameters<TenantKeyring['version']>) => {
          if (!rotatedMeanwhile) {
            rotatedMeanwhile = true;
            await env.ctx.keyring.rotate(tenantId, 'fields');
          }
          return env.ctx.keyring.version(...args);
        },
      } as unknown as TenantKeyring;

      await assert.rejects(
        rotateFieldKeys({ tenantId, batchSize: 2 }, { ...env.ctx, keyring }),
        { code: 'conflict' },
        'rotateFieldKeys(…) is rejected with code "conflict"',
      );

      const failed = JSON.parse((await keysRotatedEvents()).at(-1)!.details!);
      assert.deepEqual(
        [failed.keyCreated, failed.failed, failed.batches],
        [true, true, 1],
        '[failed.keyCreated, failed.failed, failed.batches] is [true, true, 1]',
      );
      const newest = (await env.ctx.keyring.current(tenantId, 'fields')).version;
      assert.equal(newest, versionsBefore + 2, 'newest is versionsBefore + 2');
      const finished = await rotateFieldKeys({ tenantId }, env.ctx);
      assert.deepEqual(
        [finished.version, finished.keyCreated, finished.remaining],
        [newest, false, 0],
        '[finished.version, finished.keyCreated, finished.remaining] is [newest, false, 0]',
      );
      for (const value of await sealedValues(env.ctx, tenantId))
        assert.ok(value.value.startsWith(`k${newest}.`), 'value.value starts with `k${newest}.`');
      assert.deepEqual(await plaintexts(), shown, 'plaintexts() is shown');
    });

    test('partnertafel keys rotate prints progress and a summary per tenant; --json; bad options', async () => {
      const cliEnv = {
        DATA_DIR: directory,
        DATABASE_URL: target.kind === 'postgres' ? env.database.location : `sqlite:${env.database.location}`,
        MASTER_KEY: env.ctx.masterKey.toString('base64'),
        LOG_LEVEL: 'silent',
      };
      const total = (await sealedValues(env.ctx, tenantId)).length;
      const previous = (await env.ctx.keyring.current(tenantId, 'fields')).version;
      const shown = await plaintexts();

      const io = memoryIo();
      const code = await runCli(['keys', 'rotate', '--tenant', world.tenant.slug, '--batch', '5'], io, cliEnv);

      assert.equal(code, 0, io.stderr.join('\n'));
      assert.deepEqual(io.stderr, [], 'io.stderr is empty');
      assert.equal(
        io.stdout.at(-1),
        `${world.tenant.slug}: new field key version ${previous + 1}, ${total} values re-encrypted, 0 remaining.`,
        'io.stdout.at(-1) is `${world.tenant.slug}: new field key version ${previous + 1…',
      );
      const progress = io.stdout.slice(0, -1).map((line) => {
        const match = /^(\S+): batch (\d+) \((\w+)\): (\d+) values re-encrypted with key version (\d+), (\d+) so far$/.exec(line);
        assert.ok(match, line);
        return { tenant: match[1], batch: Number(match[2]), values: Number(match[4]), version: Number(match[5]), total: Number(match[6]) };
      });
      assert.deepEqual(
        progress.map((entry) => entry.batch),
        progress.map((_, index) => index + 1),
        'progress.map((entry) => entry.batch) is progress.map((_, index) => index + 1)',
      );
      assert.ok(
        progress.every((entry) => entry.tenant === world.tenant.slug && entry.version === previous + 1),
        'every entry of progress matches (entry) => entry.tenant === world.tenant.slug && entry.vers…',
      );
      assert.equal(
        progress.reduce((sum, entry) => sum + entry.values, 0),
        total,
        'progress.reduce((sum, entry) => sum + entry.values, 0) is total',
      );
      assert.equal(progress.at(-1)!.total, total, 'progress.at(-1).total is total');
      assert.deepEqual(await plaintexts(), shown, 'plaintexts() is shown');

      const json = memoryIo();
      assert.equal(await runCli(['keys', 'rotate', '--json'], json, cliEnv), 0, json.stderr.join('\n'));
      assert.equal(json.stdout.length, 1, 'json.stdout holds 1 entry');
      const summary = JSON.parse(json.stdout[0]!);
      assert.equal(summary.remaining, 0, 'summary.remaining is 0');
      const ours = summary.tenants.find((entry: { tenant: string }) => entry.tenant === world.tenant.slug);
      assert.deepEqual(
        { version: ours.version, keyCreated: ours.keyCreated, reencrypted: ours.reencrypted, remaining: ours.remaining },
        { version: previous + 2, keyCreated: true, reencrypted: total, remaining: 0 },
        '{ version: ours.version, keyCreated: ours.keyCreated, reencrypted: ou… is the expected { version, keyCreated, reencrypted, remaining }',
      );
      assert.ok(summary.tenants.length >= 2, 'every tenant without --tenant');
      for (const value of await sealedValues(env.ctx, tenantId))
        assert.ok(value.value.startsWith(`k${previous + 2}.`), 'value.value starts with `k${previous + 2}.`');

      const badBatch = memoryIo();
      assert.equal(
        await runCli(['keys', 'rotate', '--batch', '0'], badBatch, cliEnv),
        2,
        "runCli(['keys', 'rotate', '--batch', '0'], badBatch, cliEnv) is 2",
      );
      assert.match(
        badBatch.stderr.join('\n'),
        /--batch must be a whole number/,
        "badBatch.stderr.join('\\n') matches /--batch must be a whole number/",
      );
      const unknown = memoryIo();
      assert.equal(
        await runCli(['keys', 'rotate', '--tenant', 'no-such-network'], unknown, cliEnv),
        1,
        "runCli(['keys', 'rotate', '--tenant', 'no-such-network'], unknown, cl… is 1",
      );
      assert.match(
        unknown.stderr.join('\n'),
        /No tenant with slug "no-such-network"/,
        'unknown.stderr.join(\'\\n\') matches /No tenant with slug "no-such-network"/',
      );
      assert.equal((await fieldKeyVersions(env.ctx, tenantId)).length, previous + 2, 'refused runs made no key');
    });
  });
}
