import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { addTableMember } from './add-table-member.ts';
import { createTable } from './create-table.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Removing a member from a partner table asks first, on a confirmation page that works without JavaScript. */
for (const target of databaseTargets()) {
  describe(`table member confirmation page on ${target.kind}`, () => {
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

    test('the table page links to the confirmation page; Cancel and the removal return to the members; others get 403 or 404', async () => {
      const tenant = await seedTenant(env.ctx);
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      const professional = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const member = (
        await createUser(
          {
            input: { email: 'nora.jacobs@rivierstede.example', name: 'Nora Jacobs', organisationId: tenant.organisationId, roles: ['professional'] },
          },
          tenant.admin,
          env.ctx,
        )
      ).user.id;
      const table = await createTable(
        { input: { name: 'Jeugdtafel Rivierstede', audience: 'minors', purpose: 'Fictief: zorgen samen bekijken.', legalFramework: 'art_458ter' } },
        coordinator.actor,
        env.ctx,
      );
      await addTableMember({ tableId: table.id, input: { userId: member, role: 'key_figure' } }, coordinator.actor, env.ctx);
      const members = async () =>
        (
          await env.ctx.db
            .selectFrom('table_members')
            .select('user_id')
            .where('tenant_id', '=', tenant.tenantId)
            .where('table_id', '=', table.id)
            .execute()
        ).length;

      const client = new PageClient(app);
      await signInWithPages(client, {
        email: coordinator.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(coordinator.totpSecret, env.clock),
      });
      const confirmPath = `/tables/${table.id}/members/${member}/remove?role=key_figure`;
      const tablePage = await client.get(`/tables/${table.id}`);
      assert.ok(tablePage.body.includes(`href="${confirmPath}"`), 'the table page links to the confirmation page');
      assert.ok(!tablePage.body.includes(`action="/tables/${table.id}/members/remove"`), 'the table page no longer removes in one click');

      const page = await client.get(confirmPath);
      assert.equal(page.statusCode, 200, 'the confirmation page answers 200 OK');
      assert.ok(
        page.body.includes(`<h1>${html(t('confirm.remove_member.title', { name: 'Nora Jacobs', table: 'Jeugdtafel Rivierstede' }))}</h1>`),
        'its heading asks whether to remove Nora Jacobs from the table',
      );
      assert.ok(page.body.includes(`action="/tables/${table.id}/members/remove"`), 'its form posts to the removal');
      assert.ok(page.body.includes(`<input type="hidden" name="userId" value="${member}"/>`), 'naming the member');
      assert.ok(page.body.includes(`<a href="/tables/${table.id}#members-heading" class="cancel-link">`), 'Cancel goes back to the members');
      assert.equal(await members(), 1, 'opening the page changes nothing');
      assert.equal((await client.get(`/tables/${table.id}/members/${member}/remove?role=minute_taker`)).statusCode, 404, 'a role not held: 404');

      const professionalClient = new PageClient(app);
      await signInWithPages(professionalClient, {
        email: professional.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(professional.totpSecret, env.clock),
      });
      assert.equal((await professionalClient.get(confirmPath)).statusCode, 403, 'a professional may not open it');

      const removed = await client.post(`/tables/${table.id}/members/remove`, { userId: member, role: 'key_figure' });
      assert.equal(removed.statusCode, 303, 'the removal answers 303 See Other');
      assert.equal(removed.headers.location, `/tables/${table.id}#members-heading`, 'back to the members of the table');
      assert.equal(await members(), 0, 'the member is removed');
      assert.equal((await client.get(confirmPath)).statusCode, 404, 'the page of a member no longer seated answers 404');
    });
  });
}
