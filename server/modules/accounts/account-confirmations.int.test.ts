import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Revoking an own API token and ending an own session ask first, on confirmation pages that work without JavaScript. */
for (const target of databaseTargets()) {
  describe(`account confirmation pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    const t = translator('nl');

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('revoking a token and ending a session go through their confirmation pages; nobody else’s and the current session have none', async () => {
      const tenant = await seedTenant(env.ctx);
      const user = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const other = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const signedIn = async (who: typeof user) => {
        const client = new PageClient(app);
        await signInWithPages(client, { email: who.email, password: TEST_PASSWORD, code: () => nextTotpCode(who.totpSecret, env.clock) });
        return client;
      };
      const office = await signedIn(user);
      const home = await signedIn(user);

      await home.get('/account/tokens');
      assert.equal((await home.post('/account/tokens', { name: 'export nacht' })).statusCode, 201, 'a token is created');
      const tokenId = (
        await env.ctx.db
          .selectFrom('api_tokens')
          .select('id')
          .where('tenant_id', '=', tenant.tenantId)
          .where('name', '=', 'export nacht')
          .executeTakeFirstOrThrow()
      ).id;
      const tokens = await home.get('/account/tokens');
      assert.ok(tokens.body.includes(`href="/account/tokens/${tokenId}/revoke"`), 'the tokens page links to the confirmation page');
      const confirmToken = await home.get(`/account/tokens/${tokenId}/revoke`);
      assert.equal(confirmToken.statusCode, 200, 'the confirmation page answers 200 OK');
      assert.ok(confirmToken.body.includes(`<h1>${html(t('confirm.revoke_token.title', { name: 'export nacht' }))}</h1>`), 'it asks the question');
      assert.ok(confirmToken.body.includes(`<form method="post" action="/account/tokens/${tokenId}/revoke"`), 'its form posts to the revocation');
      assert.ok(confirmToken.body.includes('<a href="/account/tokens" class="cancel-link">'), 'Cancel goes back to the tokens');
      assert.equal((await (await signedIn(other)).get(`/account/tokens/${tokenId}/revoke`)).statusCode, 404, 'another user’s token: 404');
      const revoked = await home.post(`/account/tokens/${tokenId}/revoke`, {});
      assert.equal(revoked.statusCode, 303, 'revoking answers 303 See Other');
      assert.equal(revoked.headers.location, '/account/tokens', 'back to the tokens');
      assert.equal((await home.get(`/account/tokens/${tokenId}/revoke`)).statusCode, 404, 'a revoked token has no confirmation page');

      const sessions = await home.get('/account/sessions');
      const handles = [...sessions.body.matchAll(/href="\/account\/sessions\/([a-f0-9]{32})\/end"/g)].map((match) => match[1]!);
      assert.equal(handles.length, 1, 'one other session to end: the office');
      const confirmSession = await home.get(`/account/sessions/${handles[0]}/end`);
      assert.equal(confirmSession.statusCode, 200, 'the confirmation page answers 200 OK');
      assert.ok(confirmSession.body.includes(`<h1>${html(t('confirm.end_session.title'))}</h1>`), 'it asks the question');
      assert.ok(confirmSession.body.includes(`<input type="hidden" name="id" value="${handles[0]}"/>`), 'its form names the session');
      assert.ok(confirmSession.body.includes('<a href="/account/sessions" class="cancel-link">'), 'Cancel goes back to the sessions');
      assert.equal((await office.get('/')).statusCode, 200, 'opening the page ends nothing');
      const ended = await home.post('/account/sessions/end', { id: handles[0]! });
      assert.equal(ended.statusCode, 303, 'ending answers 303 See Other');
      assert.equal((await office.get('/')).statusCode, 303, 'the office session has ended');
      assert.equal((await home.get('/')).statusCode, 200, 'this session lives on');
      assert.equal((await home.get(`/account/sessions/${handles[0]}/end`)).statusCode, 404, 'an ended session has no confirmation page');
    });
  });
}
