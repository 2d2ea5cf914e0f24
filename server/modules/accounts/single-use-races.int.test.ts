/**
 * Single-use links under parallel submissions (adversarial review, finding 3): the setup link, an
 * invitation link and a password reset link, each sent 5 times at once, succeed exactly once. Each
 * is claimed by ONE conditional write inside the transaction (an insert on a primary key with
 * `on conflict do nothing`, or `update … where used_at is null`), checked by its row count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, newSetupState, seedTenant, seedUser, type TestEnvironment } from '../../test/harness.ts';
import { PageClient } from '../../test/page-client.ts';
import { setPasswordWithLink } from './set-password-with-link.ts';
import { issueUserToken, type UserTokenPurpose } from './user-tokens.ts';

const PARALLEL = 5;

for (const target of databaseTargets()) {
  describe(`single-use links under ${PARALLEL} parallel submissions on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let setupToken = '';

    before(async () => {
      env = await createTestEnvironment(target);
      const setup = newSetupState();
      setupToken = setup.token;
      app = await createTestApp(env.ctx, setup.state);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the setup link creates exactly one network', async () => {
      const clients = await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          const client = new PageClient(app);
          await client.get(`/setup?token=${setupToken}`);
          return client;
        }),
      );
      const answers = await Promise.all(
        clients.map((client, index) =>
          client.post(`/setup?token=${setupToken}`, {
            tenantName: `Netwerk ${index}`,
            tenantSlug: `netwerk-${index}`,
            defaultLocale: 'nl',
            organisationName: 'Stad',
            organisationSector: 'city',
            adminName: `Beheerder ${index}`,
            adminEmail: `beheerder-${index}@rivierstede.example`,
            password: 'een lange zin als wachtwoord',
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [303, ...Array<number>(PARALLEL - 1).fill(404)], 'one setup succeeds, the others answer 404 as a spent link');
      assert.equal(await env.ctx.system.countTenants(), 1, 'exactly one network exists');
      const admins = await env.database.handle.db.selectFrom('users').select('id').execute();
      assert.equal(admins.length, 1, 'and exactly one administrator');
    });

    for (const purpose of ['invitation', 'password_reset'] as const satisfies readonly UserTokenPurpose[]) {
      test(`the ${purpose} link sets a password exactly once`, async () => {
        const tenant = await seedTenant(env.ctx);
        const user = await seedUser(env.ctx, tenant, ['professional']);
        const link = await env.ctx.db
          .transaction()
          .execute((trx) => issueUserToken(env.ctx, trx, { tenantId: tenant.tenantId, userId: user.id }, purpose));
        const outcomes = await Promise.allSettled(
          Array.from({ length: PARALLEL }, (_, index) =>
            setPasswordWithLink({ token: link, purpose, password: `parallel passphrase number ${index}`, issuer: 'Partnertafel' }, env.ctx),
          ),
        );
        assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1, 'exactly one submission sets the password');
        for (const outcome of outcomes.filter((entry) => entry.status === 'rejected')) {
          assert.equal((outcome.reason as Error).message, 'not_found', 'the others find a spent link (404)');
        }
        const events = await env.ctx.db
          .selectFrom('audit_events')
          .select('id')
          .where('tenant_id', '=', tenant.tenantId)
          .where('action', '=', 'auth.password_set')
          .where('resource_id', '=', user.id)
          .execute();
        assert.equal(events.length, 1, 'and one password_set event');
      });
    }
  });
}
