import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TenantScopeError } from '../access/tenant-guard.ts';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';
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

    test('tenant keys are tenant data for the guard', async () => {
      await assert.rejects(
        env.ctx.db.selectFrom('tenant_keys').selectAll().execute(),
        TenantScopeError,
        "env.ctx.db.selectFrom('tenant_keys').selectAll().…(…) is rejected with a TenantScopeError",
      );
    });
  });
}
