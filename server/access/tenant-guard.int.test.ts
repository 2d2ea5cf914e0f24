import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';
import { OperationNodeTransformer, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs } from 'kysely';
import { TenantScopeError, TenantGuardPlugin } from './tenant-guard.ts';

for (const target of databaseTargets()) {
  describe(`tenant guard on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;
    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
    });
    after(() => env.dispose());

    test('a SELECT on a tenant table without tenant_id is refused before it reaches the database', async () => {
      await assert.rejects(
        env.ctx.db.selectFrom('users').selectAll().execute(),
        TenantScopeError,
        "env.ctx.db.selectFrom('users').selectAll().execute(…) is rejected with a TenantScopeError",
      );
      await assert.rejects(
        env.ctx.db.selectFrom('organisations').select('name').where('sector', '=', 'city').execute(),
        TenantScopeError,
        "env.ctx.db.selectFrom('organisations').select('na…(…) is rejected with a TenantScopeError",
      );
    });

    test('a join does not hide a missing tenant condition', async () => {
      const query = env.ctx.db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.id', 'user_roles.role']);
      await assert.rejects(query.execute(), TenantScopeError, 'query.execute(…) is rejected with a TenantScopeError');
    });

    test('UPDATE, DELETE and INSERT without the tenant are refused and change nothing', async () => {
      await assert.rejects(
        env.ctx.db.updateTable('users').set({ name: 'Changed' }).execute(),
        TenantScopeError,
        "env.ctx.db.updateTable('users').set({ name: 'Chan…(…) is rejected with a TenantScopeError",
      );
      await assert.rejects(
        env.ctx.db.deleteFrom('sessions').execute(),
        TenantScopeError,
        "env.ctx.db.deleteFrom('sessions').execute(…) is rejected with a TenantScopeError",
      );
      await assert.rejects(
        env.ctx.db
          .insertInto('organisations')
          .values({ id: 'x', name: 'Nowhere', sector: 'other', secrecy_regime: 'none', created_at: 'now', updated_at: 'now' } as never)
          .execute(),
        TenantScopeError,
        "env.ctx.db.insertInto('organisations').values({ i…(…) is rejected with a TenantScopeError",
      );
      const names = await env.ctx.db.selectFrom('users').select('name').where('tenant_id', '=', tenant.tenantId).execute();
      assert.deepEqual(
        names.map((row) => row.name),
        ['Alex Admin'],
        "names.map((row) => row.name) is ['Alex Admin']",
      );
    });

    test('queries that name the tenant pass; tables without tenant data are not guarded', async () => {
      const rows = await env.ctx.db.selectFrom('organisations').select('name').where('tenant_id', '=', tenant.tenantId).execute();
      assert.equal(rows.length, 1, 'rows holds 1 entry');
      const tenants = await env.ctx.db.selectFrom('tenants').select('slug').execute();
      assert.ok(
        tenants.some((row) => row.slug === tenant.slug),
        'some entry of tenants matches (row) => row.slug === tenant.slug',
      );
    });

    test('each joined tenant table needs its own tenant condition', async () => {
      const halfScoped = env.ctx.db
        .selectFrom('users')
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .select(['users.id', 'user_roles.role'])
        .where('users.tenant_id', '=', tenant.tenantId);
      await assert.rejects(halfScoped.execute(), TenantScopeError, 'halfScoped.execute(…) is rejected with a TenantScopeError');
      const scoped = env.ctx.db
        .selectFrom('users as u')
        .innerJoin('user_roles', 'user_roles.user_id', 'u.id')
        .select(['u.id', 'user_roles.role'])
        .where('u.tenant_id', '=', tenant.tenantId)
        .where('user_roles.tenant_id', '=', tenant.tenantId);
      assert.equal((await scoped.execute()).length, 1, 'scoped.execute() holds 1 entry');
    });

    test('sub-queries are checked on their own, and a tenant condition under OR or with != does not count', async () => {
      const viaExists = env.ctx.db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenant.tenantId)
        .where((eb) => eb.exists(eb.selectFrom('sessions').select('id_hash').whereRef('sessions.user_id', '=', 'users.id')));
      await assert.rejects(viaExists.execute(), TenantScopeError, 'viaExists.execute(…) is rejected with a TenantScopeError');
      const viaOr = env.ctx.db
        .selectFrom('users')
        .select('id')
        .where((eb) => eb.or([eb('tenant_id', '=', tenant.tenantId), eb('status', '=', 'active')]));
      await assert.rejects(viaOr.execute(), TenantScopeError, 'viaOr.execute(…) is rejected with a TenantScopeError');
      await assert.rejects(
        env.ctx.db.selectFrom('users').select('id').where('tenant_id', '!=', tenant.tenantId).execute(),
        TenantScopeError,
        "env.ctx.db.selectFrom('users').select('id').where…(…) is rejected with a TenantScopeError",
      );
    });

    test('the guard holds inside transactions too', async () => {
      await assert.rejects(
        env.ctx.db.transaction().execute((trx) => trx.selectFrom('api_tokens').selectAll().execute()),
        TenantScopeError,
        'env.ctx.db.transaction().execute(…) is rejected with a TenantScopeError',
      );
    });

    test('a shape found scoped does not let another shape of the same table through (the verdict is kept per SQL text)', async () => {
      for (let round = 1; round <= 2; round++) {
        const scoped = await env.ctx.db.selectFrom('users').select('name').where('tenant_id', '=', tenant.tenantId).execute();
        assert.equal(scoped.length, 1, `round ${round}: the scoped read of users answers the one user`);
        await assert.rejects(
          env.ctx.db.selectFrom('users').select('name').where('status', '=', 'active').execute(),
          TenantScopeError,
          `round ${round}: the same table and columns without the tenant is still refused after a scoped shape passed`,
        );
        await assert.rejects(
          env.ctx.db
            .selectFrom('users')
            .select('name')
            .where((eb) => eb.or([eb('tenant_id', '=', tenant.tenantId), eb('status', '=', 'active')]))
            .execute(),
          TenantScopeError,
          `round ${round}: the tenant under OR is still refused after the scoped shape passed`,
        );
      }
    });

    test('a plugin that rewrites the tree after the guard does not take the statement out of its sight', async () => {
      class Rewrite implements KyselyPlugin {
        readonly #transformer = new OperationNodeTransformer();
        transformQuery(args: PluginTransformQueryArgs) {
          return this.#transformer.transformNode(args.node);
        }
        async transformResult(args: PluginTransformResultArgs) {
          return args.result;
        }
      }
      await assert.rejects(
        env.ctx.db.withPlugin(new Rewrite()).selectFrom('users').select('name').execute(),
        TenantScopeError,
        'an unscoped read through a rewriting plugin after the guard is refused',
      );
      await assert.rejects(
        env.ctx.db.withoutPlugins().selectFrom('users').select('name').execute(),
        TenantScopeError,
        'an unscoped read on the guarded view without its plugins is refused (unmarked statements are checked)',
      );
      const raw = env.database.handle.db;
      await assert.rejects(
        raw.withPlugin(new TenantGuardPlugin()).selectFrom('users').select('name').execute(),
        TenantScopeError,
        'the raw connection with the guard plugin added is guarded (first-run setup does this)',
      );
      const all = await raw.selectFrom('users').select('name').execute();
      assert.ok(all.length >= 1, 'the privileged raw connection reads across tenants without a tenant condition');
    });
  });
}
