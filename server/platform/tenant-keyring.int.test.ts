import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TenantScopeError } from '../access/tenant-guard.ts';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, secondNode, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';
import { fieldContext, openField, sealField } from './field-crypto.ts';
import { TenantKeyring } from './tenant-keyring.ts';

for (const target of databaseTargets()) {
  describe(`tenant data keys on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;
    let other: SeededTenant;
    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
    });
    after(() => env.dispose());

    test('a key is created on first use, stored only wrapped, and the same key comes back in a new process', async () => {
      const keyring = new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock);
      const first = await keyring.current(tenant.tenantId, 'fields');
      assert.equal(first.version, 1, 'first.version is 1');
      const stored = await env.database.handle.db.selectFrom('tenant_keys').selectAll().where('tenant_id', '=', tenant.tenantId).execute();
      assert.equal(stored.length, 1, 'stored holds 1 entry');
      assert.ok(!stored[0]!.wrapped_key.includes(first.key.toString('base64')), 'never in clear');
      const again = await new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock).current(tenant.tenantId, 'fields');
      assert.deepEqual(again.key, first.key, 'again.key is first.key');
    });

    test('each tenant and each purpose has its own key; a wrapped key does not open for another tenant', async () => {
      const keyring = new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock);
      const mine = await keyring.current(tenant.tenantId, 'fields');
      const theirs = await keyring.current(other.tenantId, 'fields');
      const index = await keyring.current(tenant.tenantId, 'blind_index');
      assert.notDeepEqual(mine.key, theirs.key, 'mine.key is not theirs.key');
      assert.notDeepEqual(mine.key, index.key, 'mine.key is not index.key');
      const wrapped = await env.database.handle.db
        .selectFrom('tenant_keys')
        .select('wrapped_key')
        .where('tenant_id', '=', tenant.tenantId)
        .where('purpose', '=', 'fields')
        .executeTakeFirstOrThrow();
      await env.database.handle.db
        .updateTable('tenant_keys')
        .set({ wrapped_key: wrapped.wrapped_key })
        .where('tenant_id', '=', other.tenantId)
        .where('purpose', '=', 'fields')
        .execute();
      await assert.rejects(
        new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock).current(other.tenantId, 'fields'),
        'a key copied to another tenant does not unwrap',
      );
    });

    test('rotation: new values use the new version, old values still open with theirs', async () => {
      const keyring = new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock);
      const old = await keyring.current(tenant.tenantId, 'fields');
      const context = fieldContext('items', 'item-9', 'body');
      const sealedOld = sealField(old.key, old.version, 'written before rotation', context);
      const rotated = await keyring.rotate(tenant.tenantId, 'fields');
      assert.equal(rotated.version, old.version + 1, 'rotated.version is old.version + 1');
      assert.deepEqual(
        (await keyring.current(tenant.tenantId, 'fields')).version,
        rotated.version,
        "keyring.current(tenant.tenantId, 'fields').version is rotated.version",
      );
      const fresh = new TenantKeyring(env.ctx.db, env.ctx.masterKey, env.clock);
      assert.equal(
        openField(await fresh.version(tenant.tenantId, 'fields', old.version), sealedOld, context),
        'written before rotation',
        'openFieldfresh.version(tenant.tenantId, \'fields\', old.version), seale… is "written before rotation"',
      );
    });

    test("two nodes that first need a new network's key at the same moment both get the same one", async () => {
      const fresh = await seedTenant(env.ctx);
      // PostgreSQL: two nodes with their own pools. SQLite is one node (one connection, one writer).
      const node = target.kind === 'postgres' ? secondNode(env) : { ctx: env.ctx, close: async () => {} };
      try {
        const keyrings = [env.ctx, node.ctx, env.ctx, node.ctx].map((ctx) => new TenantKeyring(ctx.db, ctx.masterKey, env.clock));
        const outcomes = await Promise.allSettled(keyrings.map((keyring) => keyring.current(fresh.tenantId, 'fields')));
        const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
        assert.deepEqual(failed, [], 'no first use of the key should fail because another one created it at the same time');
        const keys = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : null));
        for (const key of keys) assert.equal(key?.version, 1, 'every node should write with version 1');
        for (const key of keys) assert.deepEqual(key?.key, keys[0]?.key, 'every node should hold the one stored key');
        const stored = await env.database.handle.db.selectFrom('tenant_keys').select('version').where('tenant_id', '=', fresh.tenantId).execute();
        assert.equal(stored.length, 1, 'one key version should be stored');
        const rotations = await Promise.allSettled(keyrings.slice(0, 2).map((keyring) => keyring.rotate(fresh.tenantId, 'fields')));
        assert.deepEqual(
          rotations.filter((outcome) => outcome.status === 'rejected'),
          [],
          'two rotations at once should both succeed (one of them adds the version, the other uses it)',
        );
        const current = await keyrings[2]!.current(fresh.tenantId, 'fields');
        const unretired = await env.database.handle.db
          .selectFrom('tenant_keys')
          .select('version')
          .where('tenant_id', '=', fresh.tenantId)
          .where('purpose', '=', 'fields')
          .where('retired_at', 'is', null)
          .execute();
        assert.deepEqual(
          unretired.map((row) => Number(row.version)),
          [current.version],
          'exactly one version should remain current for writing',
        );
        const newest = Math.max(
          ...(
            await env.database.handle.db
              .selectFrom('tenant_keys')
              .select('version')
              .where('tenant_id', '=', fresh.tenantId)
              .where('purpose', '=', 'fields')
              .execute()
          ).map((row) => Number(row.version)),
        );
        assert.equal(current.version, newest, 'the current version should be the newest stored one');
        for (const outcome of rotations) {
          if (outcome.status === 'fulfilled')
            assert.ok(
              outcome.value.version > 1 && outcome.value.version <= newest,
              'each rotation should answer a version newer than the first (its own, or the one that won)',
            );
        }
      } finally {
        await node.close();
      }
    });

    test('tenant keys are tenant data for the guard', async () => {
      await assert.rejects(
        env.ctx.db.selectFrom('tenant_keys').selectAll().execute(),
        TenantScopeError,
        "env.ctx.db.selectFrom('tenant_keys').selectAll().…(…) is rejected with a TenantScopeError",
      );
    });
  });
}
