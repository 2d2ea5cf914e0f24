import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  secondNode,
  seedTenant,
  seedUser,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { revokeOwnToken } from './revoke-own-token.ts';
import { updateUser } from './update-user.ts';

/**
 * The token's principal is kept for `principalCacheSeconds` (5 s by default) on a node: a change made
 * on this node is seen by the next request; a change made elsewhere (another node, the CLI — here
 * the raw connection) within the window, and never after it.
 */
for (const target of databaseTargets()) {
  describe(`the principal cache on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    const TTL_MS = 5_000;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    const countStatements = async (work: () => Promise<unknown>) => {
      let count = 0;
      const stop = env.database.handle.observeStatements(() => count++);
      try {
        await work();
      } finally {
        stop();
      }
      return count;
    };

    test('the configured window is 5 seconds by default', () => {
      assert.equal(env.ctx.config.principalCacheSeconds, 5, 'PRINCIPAL_CACHE_SECONDS defaults to 5');
    });

    test('a revoked token is refused by the next request on the same node, though its principal was cached', async () => {
      const user = await seedUser(env.ctx, tenant, ['professional']);
      assert.equal((await me(user.token)).statusCode, 200, 'the fresh token answers 200');
      const cached = await countStatements(() => me(user.token));
      assert.equal((await me(user.token)).statusCode, 200, 'the token still answers 200 before the revocation');
      const tokens = (await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer(user.token) })).json() as {
        data: { id: string }[];
      };
      const cold = await countStatements(async () => {
        env.ctx.system.principalsChanged();
        await me(user.token);
      });
      assert.ok(cached < cold, `a cached principal costs fewer statements (${cached}) than a lookup (${cold})`);
      await revokeOwnToken({ id: tokens.data[0]!.id }, user.actor, env.ctx);
      assert.equal((await me(user.token)).statusCode, 401, 'the revoked token is refused at once on this node');
    });

    test('a disabled user and changed roles are seen by the next request on the same node', async () => {
      const user = await seedUser(env.ctx, tenant, ['professional']);
      const roles = async () => ((await me(user.token)).json() as { data: { roles: string[] } }).data.roles;
      assert.deepEqual(await roles(), ['professional'], 'the roles before the change');
      await updateUser({ id: user.id, input: { roles: ['coordinator'] } }, tenant.admin, env.ctx);
      assert.deepEqual(await roles(), ['coordinator'], 'the changed roles are seen by the next request');
      await updateUser({ id: user.id, input: { status: 'disabled' } }, tenant.admin, env.ctx);
      assert.equal((await me(user.token)).statusCode, 401, "a disabled user's token is refused at once on this node");
    });

    test('a change made elsewhere is seen once the window has passed, and not before (fake clock)', async () => {
      const user = await seedUser(env.ctx, tenant, ['professional']);
      assert.equal((await me(user.token)).statusCode, 200, 'the token answers 200 and its principal is cached');
      // Another node revokes the token: this node's cache is not told.
      const other = secondNode(env);
      try {
        await other.ctx.handle.db
          .updateTable('api_tokens')
          .set({ revoked_at: env.clock.now().toISOString() })
          .where('user_id', '=', user.id)
          .execute();
      } finally {
        await other.close();
      }
      env.clock.advance(TTL_MS - 1);
      assert.equal((await me(user.token)).statusCode, 200, 'within the window this node still answers from its cache');
      env.clock.advance(1);
      assert.equal((await me(user.token)).statusCode, 401, 'at the end of the window the token is read again and refused');
    });

    test('an expired token is refused from the cache too', async () => {
      const user = await seedUser(env.ctx, tenant, ['professional']);
      assert.equal((await me(user.token)).statusCode, 200, 'the token answers 200 and its principal is cached');
      const row = await env.database.handle.db.selectFrom('api_tokens').select('expires_at').where('user_id', '=', user.id).executeTakeFirstOrThrow();
      const untilExpiry = Date.parse(row.expires_at!) - env.clock.now().getTime();
      // Keep the cache warm up to the expiry, request by request, then step over it.
      env.clock.advance(untilExpiry - 1_000);
      assert.equal((await me(user.token)).statusCode, 200, 'one second before expiry the token works');
      env.clock.advance(1_000);
      assert.equal((await me(user.token)).statusCode, 401, 'at expiry the cached token is refused');
    });

    test('last-used bookkeeping writes at most once a minute per token, also from the cache', async () => {
      const user = await seedUser(env.ctx, tenant, ['professional']);
      await me(user.token);
      const writes = (count: { n: number }) =>
        env.database.handle.observeStatements((query) => {
          if (/update "api_tokens"/.test(query.sql)) count.n++;
        });
      const count = { n: 0 };
      const stop = writes(count);
      try {
        for (let second = 0; second < 120; second++) {
          env.clock.advance(1_000);
          await me(user.token);
        }
      } finally {
        stop();
      }
      assert.ok(count.n >= 1 && count.n <= 2, `two minutes of requests, one a second, write last_used_at once or twice (got ${count.n})`);
    });
  });
}
