/**
 * The migrations of the accounts review (20261129T100000, T100100) on a database that already holds
 * accounts: API tokens get created_at + 90 days, and users keep every row and every foreign key
 * while the address becomes unique per network instead of over the installation (ADR 0020). On
 * SQLite this is a table rebuild, so the data path matters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../test/databases.ts';
import { migrateToLatest, runMigrations } from './database.ts';

const T = '2026-01-05T09:00:00.000Z';

for (const target of databaseTargets()) {
  describe(`accounts hardening migrations on existing data on ${target.kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(target);
      const before = await runMigrations(database.handle.db, (migrator) => migrator.migrateTo('20261128T180000-tables-and-cases'));
      assert.equal(before.error, undefined, 'the older schema is in place');
      const db = database.handle.db;
      for (const tenant of ['t1', 't2']) {
        await db
          .insertInto('tenants')
          .values({ id: tenant, slug: `net-${tenant}`, name: tenant, default_locale: 'nl', created_at: T })
          .execute();
        await db
          .insertInto('organisations')
          .values({
            id: `o-${tenant}`,
            tenant_id: tenant,
            name: 'Stad',
            sector: 'city',
            secrecy_regime: 'discretion',
            protocol_signed_on: null,
            created_at: T,
            updated_at: T,
          })
          .execute();
      }
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          tenant_id: 't1',
          organisation_id: 'o-t1',
          email: 'same@rivierstede.example',
          name: 'One',
          locale: null,
          status: 'active',
          password_hash: null,
          mfa_secret_sealed: null,
          mfa_enrolled_at: null,
          mfa_last_step: null,
          created_at: T,
          updated_at: T,
        })
        .execute();
      await db.insertInto('user_roles').values({ tenant_id: 't1', user_id: 'u1', role: 'professional' }).execute();
      await db
        .insertInto('api_tokens')
        .values({
          id: 'k1',
          tenant_id: 't1',
          user_id: 'u1',
          name: 'old',
          token_hash: 'h1',
          created_at: T,
          last_used_at: null,
          revoked_at: null,
        } as never)
        .execute();
      await migrateToLatest(db);
    });
    after(async () => database.dispose());

    test('existing tokens expire 90 days after their creation', async () => {
      const token = await database.handle.db.selectFrom('api_tokens').selectAll().where('id', '=', 'k1').executeTakeFirstOrThrow();
      assert.equal(token.expires_at, '2026-04-05T09:00:00.000Z', 'created_at + 90 days');
    });

    test('users keep their rows and foreign keys; the address is unique per network only', async () => {
      const db = database.handle.db;
      const user = await db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
      assert.equal(user.email, 'same@rivierstede.example', 'the user survived the rebuild');
      const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', 'u1').execute();
      assert.deepEqual(roles, [{ role: 'professional' }], 'and their roles');
      const row = (id: string, tenant: string) => ({
        id,
        tenant_id: tenant,
        organisation_id: `o-${tenant}`,
        email: 'same@rivierstede.example',
        name: 'Two',
        locale: null,
        status: 'active',
        password_hash: null,
        mfa_secret_sealed: null,
        mfa_enrolled_at: null,
        mfa_last_step: null,
        created_at: T,
        updated_at: T,
      });
      await db.insertInto('users').values(row('u2', 't2')).execute();
      await assert.rejects(
        db.insertInto('users').values(row('u3', 't1')).execute(),
        'a second account with the address in the same network is refused',
      );
      await assert.rejects(
        db.insertInto('user_roles').values({ tenant_id: 't1', user_id: 'nobody', role: 'admin' }).execute(),
        'foreign keys to users still hold',
      );
      await assert.rejects(
        db
          .insertInto('users')
          .values({ ...row('u4', 't1'), email: 'other@rivierstede.example', organisation_id: 'o-t2' })
          .execute(),
        'the organisation must still be of the same network',
      );
    });
  });
}
