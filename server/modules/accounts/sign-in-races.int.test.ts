import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { PageClient } from '../../test/page-client.ts';

for (const target of databaseTargets()) {
  describe(`sign-in under parallel attempts on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('guesses fired in parallel cannot slip past the account limit', async () => {
      const clients = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const client = new PageClient(app);
          await client.get('/login');
          return client;
        }),
      );
      const answers = await Promise.all(
        clients.map((client, index) => client.post('/login', { email: tenant.adminEmail, password: `parallel guess ${index}` })),
      );
      const checked = answers.filter((answer) => answer.statusCode === 400).length;
      const refused = answers.filter((answer) => answer.statusCode === 429).length;
      assert.equal(checked + refused, 12, 'checked + refused is 12');
      assert.ok(checked <= 6, `only the free tries (and the one that starts the back-off) reach the password check, got ${checked}`);
      env.clock.advance(16 * 60_000);
    });

    test('one TOTP code sent twice at the same moment signs in only once', async () => {
      const pending: PageClient[] = [];
      for (let browser = 0; browser < 2; browser++) {
        const client = new PageClient(app);
        await client.get('/login');
        const step = await client.post('/login', { email: tenant.adminEmail, password: tenant.adminPassword });
        assert.equal(step.statusCode, 303, 'the step request answers 303 See Other');
        await client.get('/login/mfa');
        pending.push(client);
      }
      const code = nextTotpCode(tenant.adminTotpSecret, env.clock);
      const answers = await Promise.all(pending.map((client) => client.post('/login/mfa', { code })));
      assert.deepEqual(
        answers.map((answer) => answer.statusCode).sort(),
        [303, 400],
        'answers.map((answer) => answer.statusCode).sort() is [303, 400]',
      );
    });
  });
}
