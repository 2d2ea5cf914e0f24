/**
 * Findings of the adversarial security review of the accounts module (docs/security.md, "Findings of
 * the adversarial review"): self-promotion, role separation, API tokens after recovery, one address
 * in several networks, and authorisation before validation. The races on single-use links are in
 * single-use-races.int.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Mail } from '../../platform/mailer.ts';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import type { AppError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/logger.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  secretOf,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { createApiToken } from './create-api-token.ts';
import { createOrganisation } from './create-organisation.ts';
import { createUser } from './create-user.ts';
import { createOwnToken } from './create-own-token.ts';
import { requestPasswordReset } from './request-password-reset.ts';
import { setPasswordWithLink } from './set-password-with-link.ts';
import { issueUserToken } from './user-tokens.ts';
import { auditEvents } from '../../test/audit-events.ts';

const DAY_MS = 24 * 3600 * 1000;

for (const target of databaseTargets()) {
  describe(`findings of the adversarial review (accounts) on ${target.kind}`, () => {
    let env: TestEnvironment;
    let ctx: AppContext;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    const mails: Mail[] = [];

    const eventsOf = async (tenantId: string, action: string) =>
      auditEvents(env.ctx.db).selectAll().where('tenant_id', '=', tenantId).where('action', '=', action).execute();
    const rolesOf = async (tenantId: string, userId: string) =>
      (
        await env.ctx.db
          .selectFrom('user_roles')
          .select('role')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .orderBy('role')
          .execute()
      ).map((row) => row.role);
    const signedInAdmin = async (who: SeededTenant) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: who.adminEmail, password: who.adminPassword, code: () => nextTotpCode(who.adminTotpSecret, env.clock) });
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer: { destination: 'memory', send: async (mail) => void mails.push(mail) },
      });
      app = await createTestApp(ctx);
      tenant = await seedTenant(ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    // Finding 1 (a)
    test('an administrator cannot change their own roles, status or organisation: 403, audited, nothing changes', async () => {
      const other = await createOrganisation(
        { input: { name: 'Police zone', sector: 'police', secrecyRegime: 'investigation_secrecy' } },
        tenant.admin,
        ctx,
      );
      const deniedBefore = (await eventsOf(tenant.tenantId, 'access.denied')).length;
      for (const payload of [{ roles: ['admin', 'coordinator'] }, { roles: ['coordinator'] }, { status: 'disabled' }, { organisationId: other.id }]) {
        const response = await app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${tenant.admin.userId}`,
          headers: bearer(tenant.adminToken),
          payload,
        });
        assert.equal(response.statusCode, 403, `PATCH own ${Object.keys(payload)[0]} is forbidden`);
        assert.equal(response.json().error.code, 'forbidden', 'the error envelope says forbidden');
      }
      const own = await app.inject({ method: 'GET', url: `/api/v1/users/${tenant.admin.userId}`, headers: bearer(tenant.adminToken) });
      assert.deepEqual(own.json().data.roles, ['admin'], 'the roles did not change');
      assert.equal(own.json().data.status, 'active', 'the status did not change');
      assert.equal(own.json().data.organisationId, tenant.organisationId, 'the organisation did not change');
      const denied = await eventsOf(tenant.tenantId, 'access.denied');
      assert.equal(denied.length - deniedBefore, 4, 'each refusal is audited as access.denied');
      assert.match(denied.at(-1)!.details ?? '', /users\.update/, 'the refused action is named');

      const renamed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${tenant.admin.userId}`,
        headers: bearer(tenant.adminToken),
        payload: { name: 'Alex Admin-Peeters', roles: ['admin'], status: 'active' },
      });
      assert.equal(renamed.statusCode, 200, 'one’s own name may change while roles and status stay as they are');

      const client = await signedInAdmin(tenant);
      await client.get(`/admin/users/${tenant.admin.userId}`);
      const page = await client.post(`/admin/users/${tenant.admin.userId}`, {
        name: 'Alex Admin',
        organisationId: tenant.organisationId,
        roles: ['admin', 'professional'],
        status: 'active',
        locale: '',
      });
      assert.equal(page.statusCode, 403, 'the admin page refuses one’s own role change with 403');
      const pageDenial = (await eventsOf(tenant.tenantId, 'access.denied')).at(-1)!;
      assert.equal(JSON.parse(pageDenial.details ?? '{}').deniedAction, 'users.update', 'refused by the self-change rule, audited');
      assert.deepEqual(await rolesOf(tenant.tenantId, tenant.admin.userId), ['admin'], 'still only admin after the page post');
    });

    // Finding 1 (b)
    test('a case role beside admin or dpo is refused on create and update through the API and the pages; analyst combines freely', async () => {
      const t = translator('nl');
      const create = (roles: string[], email: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: bearer(tenant.adminToken),
          payload: { email, name: 'Combined', organisationId: tenant.organisationId, roles },
        });
      for (const roles of [
        ['admin', 'coordinator'],
        ['admin', 'professional'],
        ['admin', 'minute_taker'],
        ['dpo', 'coordinator'],
        ['dpo', 'professional'],
      ]) {
        const response = await create(roles, `combined-${roles.join('-')}@rivierstede.example`);
        assert.equal(response.statusCode, 400, `${roles.join('+')} is refused`);
        assert.equal(response.json().error.issues[0].path, 'roles', 'the error is on the roles field');
        assert.equal(response.json().error.issues[0].message, t('validation.roles_oversight_with_case_role'), 'localised message');
        const stored = await env.ctx.db
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', tenant.tenantId)
          .where('email', '=', `combined-${roles.join('-')}@rivierstede.example`)
          .execute();
        assert.equal(stored.length, 0, 'no user was created');
      }
      for (const roles of [
        ['analyst', 'professional'],
        ['admin', 'analyst'],
        ['admin', 'dpo'],
      ]) {
        assert.equal((await create(roles, `allowed-${roles.join('-')}@rivierstede.example`)).statusCode, 201, `${roles.join('+')} is allowed`);
      }

      const professional = await seedUser(ctx, tenant, ['professional']);
      const promote = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${professional.id}`,
        headers: bearer(tenant.adminToken),
        payload: { roles: ['professional', 'admin'] },
      });
      assert.equal(promote.statusCode, 400, 'an update to admin + professional is refused');
      assert.equal(promote.json().error.issues[0].path, 'roles', 'on the roles field');
      assert.deepEqual(await rolesOf(tenant.tenantId, professional.id), ['professional'], 'roles unchanged');

      const client = await signedInAdmin(tenant);
      await client.get('/admin/users/new');
      const page = await client.post('/admin/users/new', {
        name: 'Page combined',
        email: 'page-combined@rivierstede.example',
        organisationId: tenant.organisationId,
        roles: ['dpo', 'minute_taker'],
        locale: '',
      });
      assert.equal(page.statusCode, 400, 'the page redraws the form');
      assert.ok(page.body.includes(t('validation.roles_oversight_with_case_role')), 'with the localised message');
      const edit = await client.post(`/admin/users/${professional.id}`, {
        name: 'Robin Tester',
        organisationId: tenant.organisationId,
        roles: ['professional', 'admin'],
        status: 'active',
        locale: '',
      });
      assert.equal(edit.statusCode, 400, 'the edit page refuses the combination too');
      assert.deepEqual(await rolesOf(tenant.tenantId, professional.id), ['professional'], 'roles unchanged after the page');
    });

    test('only the operator grants a case role beside admin, with the explicit flag, and it is audited', async () => {
      const operator = ctx.system.operatorActor({ id: tenant.tenantId });
      const input = {
        email: 'ops-combined@rivierstede.example',
        name: 'Ops',
        organisationId: tenant.organisationId,
        roles: ['admin' as const, 'coordinator' as const],
      };
      await assert.rejects(
        createUser({ input }, operator, ctx),
        (error: AppError) => error.code === 'validation_failed',
        'without the flag even the operator is refused',
      );
      await assert.rejects(
        createUser({ input, allowCombinedRoles: true }, tenant.admin, ctx),
        (error: AppError) => error.code === 'validation_failed',
        'an administrator cannot use the operator flag',
      );
      const created = await createUser({ input, allowCombinedRoles: true }, operator, ctx);
      assert.deepEqual(created.user.roles, ['admin', 'coordinator'], 'the operator granted the combination');
      const events = await eventsOf(tenant.tenantId, 'user.roles_combined_by_operator');
      assert.equal(events.length, 1, 'the grant is audited with its own action');
      assert.equal(events[0]!.resource_id, created.user.id, 'on the new user');
      assert.equal(events[0]!.actor_user_id, 'operator', 'by the operator');
    });

    // Finding 2
    test('an authenticator reset, a password reset by link, an invitation and disabling a user each revoke every API token, audited', async () => {
      const fresh = async () => {
        const user = await seedUser(ctx, tenant, ['professional'], { password: TEST_PASSWORD });
        assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(user.token) })).statusCode, 200, 'the token works before');
        return user;
      };
      const stillWorks = async (token: string) => (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode;

      const reset = await fresh();
      const mfaReset = await app.inject({ method: 'POST', url: `/api/v1/users/${reset.id}/mfa-reset`, headers: bearer(tenant.adminToken) });
      assert.equal(mfaReset.statusCode, 204, 'authenticator reset done');
      assert.equal(await stillWorks(reset.token), 401, 'the token died with the authenticator reset');

      const forgot = await fresh();
      const link = await ctx.db
        .transaction()
        .execute((trx) => issueUserToken(ctx, trx, { tenantId: tenant.tenantId, userId: forgot.id }, 'password_reset'));
      await setPasswordWithLink({ token: link, purpose: 'password_reset', password: 'een heel nieuwe wachtzin', issuer: 'x' }, ctx);
      assert.equal(await stillWorks(forgot.token), 401, 'the token died with the password reset by link');

      const invited = await fresh();
      await ctx.db.updateTable('users').set({ password_hash: null }).where('tenant_id', '=', tenant.tenantId).where('id', '=', invited.id).execute();
      const invitation = await ctx.db
        .transaction()
        .execute((trx) => issueUserToken(ctx, trx, { tenantId: tenant.tenantId, userId: invited.id }, 'invitation'));
      await setPasswordWithLink({ token: invitation, purpose: 'invitation', password: 'een heel nieuwe wachtzin', issuer: 'x' }, ctx);
      assert.equal(await stillWorks(invited.token), 401, 'the token died when the invitation set a password');

      const disabled = await fresh();
      for (const status of ['disabled', 'active']) {
        const response = await app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${disabled.id}`,
          headers: bearer(tenant.adminToken),
          payload: { status },
        });
        assert.equal(response.statusCode, 200, `status ${status}`);
      }
      assert.equal(await stillWorks(disabled.token), 401, 'after disable → enable the old token still answers 401');

      const revoked = await eventsOf(tenant.tenantId, 'auth.token_revoked');
      const reasons = revoked.map((event) => JSON.parse(event.details ?? '{}').reason).sort();
      assert.deepEqual(
        reasons,
        ['invitation', 'mfa_reset', 'password_reset', 'user_disabled'],
        'one audited revocation per recovery, with its reason',
      );
    });

    test('tokens expire (90 days by default, 1 to 365 on request), shown at creation and in the lists; an expired token answers 401 like an unknown one', async () => {
      const user = await seedUser(ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const sessionActor = {
        ...user.actor,
        authentication: { kind: 'session', sessionIdHash: 'h', authenticatedAt: env.clock.now().toISOString(), mfaVerified: true } as const,
      };
      const created = await createOwnToken({ name: 'default' }, sessionActor, ctx);
      assert.equal(Date.parse(created.expiresAt) - env.clock.now().getTime(), 90 * DAY_MS, 'default lifetime is 90 days');

      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      await client.get('/account/tokens');
      const page = await client.post('/account/tokens', { name: 'weekly export', expiresInDays: '7' });
      assert.equal(page.statusCode, 201, 'the page creates a token with a chosen lifetime');
      const shown = /<code id="new-token">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '';
      assert.match(shown, /^pt_/, 'the new token is shown once');
      assert.ok(page.body.includes(translator('nl')('tokens.created_expires', { date: '' }).trim().replace(/\.$/, '')), 'with its expiry');
      assert.ok(page.body.includes(translator('nl')('tokens.expires_at')), 'the list has an expiry column');
      const tooLong = await app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        payload: { name: 'too long', expiresInDays: 366 },
        headers: {
          cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          'x-csrf-token': client.csrfToken,
          origin: 'http://localhost:80',
          'sec-fetch-site': 'same-origin',
        },
      });
      assert.equal(tooLong.statusCode, 400, 'more than 365 days is refused');
      assert.equal(tooLong.json().error.issues[0].path, 'expiresInDays', 'on the expiresInDays field');
      const nl = translator('nl');
      assert.equal(tooLong.json().error.issues[0].message, nl('validation.number_too_big', { maximum: 365 }), 'the message speaks of a number');
      const zeroDays = await client.post('/account/tokens', { name: 'zero days', expiresInDays: '0' });
      assert.equal(zeroDays.statusCode, 400, 'the page refuses 0 days');
      assert.ok(
        zeroDays.body.includes(
          nl('form.error_line', { field: nl('field.token_expires_in_days'), message: nl('validation.number_too_small', { minimum: 1 }) }),
        ),
        'the error summary names the field and asks for a number of at least 1, not for characters',
      );

      assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(shown) })).statusCode, 200, 'the new token works');
      const list = await app.inject({ url: '/api/v1/me/tokens', headers: bearer(shown) });
      const weekly = list.json().data.find((token: { name: string }) => token.name === 'weekly export');
      assert.equal(Date.parse(weekly.expiresAt) - Date.parse(weekly.createdAt), 7 * DAY_MS, 'the API list shows the expiry');
      assert.ok(weekly.lastUsedAt, 'and the last use');

      env.clock.advance(7 * DAY_MS);
      const expired = await app.inject({ url: '/api/v1/me', headers: bearer(shown) });
      const unknown = await app.inject({ url: '/api/v1/me', headers: bearer('pt_not-a-token-at-all') });
      assert.equal(expired.statusCode, 401, 'an expired token answers 401');
      assert.equal(expired.body, unknown.body, 'exactly like an unknown token');
      const cli = await createApiToken({ email: user.email, name: 'cli', tenantId: tenant.tenantId, expiresInDays: 1 }, ctx);
      assert.equal(Date.parse(cli.expiresAt) - env.clock.now().getTime(), DAY_MS, 'the operator’s token carries an expiry too');
    });

    // Finding 4
    test('an address is unique per network: another network’s administrator learns nothing and cannot reserve it', async () => {
      const other = await seedTenant(ctx, { name: 'Netwerk Oostkust' });
      const address = 'shared.person@rivierstede.example';
      const add = (who: SeededTenant) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: bearer(who.adminToken),
          payload: { email: address, name: 'Shared Person', organisationId: who.organisationId, roles: ['professional'] },
        });
      assert.equal((await add(other)).statusCode, 201, 'the other network adds the address first');
      assert.equal((await add(tenant)).statusCode, 201, 'this network can still add it: no email_taken across networks');
      const again = await add(tenant);
      assert.equal(again.statusCode, 400, 'within one network the address stays unique');
      assert.equal(again.json().error.issues[0].path, 'email', 'email_taken, for the own network only');
    });

    test('sign-in with an address in several networks: one matching password continues, several choose among the opened networks only', async () => {
      const second = await seedTenant(ctx, { name: 'Netwerk Zuidrand' });
      const third = await seedTenant(ctx, { name: 'Netwerk Geheim' });
      const address = 'multi.network@rivierstede.example';
      const make = async (who: SeededTenant, password: string) => {
        const created = await createUser(
          { input: { email: address, name: 'Multi', organisationId: who.organisationId, roles: ['professional'] }, password, enrolMfa: true },
          who.admin,
          ctx,
        );
        return { id: created.user.id, secret: secretOf(created.otpauthUri!) };
      };
      const inFirst = await make(tenant, TEST_PASSWORD);
      const inSecond = await make(second, TEST_PASSWORD);
      await make(third, 'a different long passphrase');

      // A tiny API client: keeps cookies, fetches a CSRF token before each change (as API.md says).
      const jar = new Map<string, string>();
      const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const remember = <R extends { cookies: unknown }>(response: R): R => {
        for (const set of response.cookies as { name: string; value: string }[]) {
          if (set.value) jar.set(set.name, set.value);
          else jar.delete(set.name);
        }
        return response;
      };
      const call = async (url: string, payload: object) => {
        const csrf = remember(await app.inject({ url: '/api/v1/auth/csrf', headers: { cookie: cookie() } })).json().data.token;
        return remember(await app.inject({ method: 'POST', url, payload, headers: { cookie: cookie(), 'x-csrf-token': csrf } }));
      };
      const alone = await call('/api/v1/auth/login', { email: address, password: 'a different long passphrase' });
      assert.equal(alone.statusCode, 200, 'one matching account');
      assert.equal(alone.json().data.next, 'mfa', 'continues straight to the second factor');
      jar.clear();

      const login = await call('/api/v1/auth/login', { email: address, password: TEST_PASSWORD });
      assert.equal(login.json().data.next, 'choose_network', 'two matching accounts: choose');
      const names = login
        .json()
        .data.networks.map((network: { name: string }) => network.name)
        .sort();
      assert.deepEqual(names, [`Network ${tenant.slug}`, 'Netwerk Zuidrand'].sort(), 'only the networks the password opened are named');
      assert.ok(!(login.cookies as { name: string }[]).some((set) => set.name === 'pt_session'), 'no session before the choice');
      const refused = await call('/api/v1/auth/login/network', { choiceToken: login.json().data.choiceToken, network: third.slug });
      assert.equal(refused.statusCode, 401, 'a network the password did not open cannot be chosen');
      const choose = await call('/api/v1/auth/login/network', { choiceToken: login.json().data.choiceToken, network: second.slug });
      assert.equal(choose.json().data.next, 'mfa', 'the chosen network’s account goes on to the second factor');
      const mfa = await call('/api/v1/auth/mfa', { code: nextTotpCode(inSecond.secret, env.clock) });
      assert.equal(mfa.json().data.tenant.slug, second.slug, 'signed in to the chosen network');

      const client = new PageClient(app);
      await client.get('/login');
      const choicePage = await client.post('/login', { email: address, password: TEST_PASSWORD });
      assert.equal(choicePage.statusCode, 200, 'the page shows the choice');
      assert.ok(choicePage.body.includes('Netwerk Zuidrand') && !choicePage.body.includes('Netwerk Geheim'), 'naming only the opened networks');
      const choiceToken = /name="choiceToken" value="([^"]+)"/.exec(choicePage.body)![1]!;
      const picked = await client.post('/login/network', { choiceToken, network: tenant.slug });
      assert.equal(picked.statusCode, 303, 'the choice redirects');
      assert.equal(picked.headers.location, '/login/mfa', 'to the second factor');
      const code = await client.post('/login/mfa', { code: nextTotpCode(inFirst.secret, env.clock) });
      assert.equal(code.statusCode, 303, 'signed in to the first network');
    });

    test('a reset request for an address with accounts in two networks mails one link per account, each naming its network', async () => {
      const second = await seedTenant(ctx, { name: 'Netwerk Westhoek' });
      const address = 'two.links@rivierstede.example';
      for (const who of [tenant, second]) {
        await createUser(
          { input: { email: address, name: 'Twice', organisationId: who.organisationId, roles: ['professional'] }, password: TEST_PASSWORD },
          who.admin,
          ctx,
        );
      }
      mails.length = 0;
      await requestPasswordReset({ email: address, ip: '198.51.100.7' }, ctx);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(mails.length, 2, 'one mail per account');
      assert.ok(
        mails.some((mail) => mail.text.includes('Netwerk Westhoek')),
        'one names the second network',
      );
      assert.ok(
        mails.some((mail) => mail.text.includes(`Network ${tenant.slug}`)),
        'one names the first network',
      );
      const links = new Set(mails.map((mail) => /\/password\/reset\/\S+/.exec(mail.text)?.[0]));
      assert.equal(links.size, 2, 'each with its own link');
    });

    // Finding 5
    test('a professional posting an invalid admin form gets 403, sees no organisation names, and the denial is audited', async () => {
      const professional = await seedUser(ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const client = new PageClient(app);
      await signInWithPages(client, {
        email: professional.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(professional.totpSecret, env.clock),
      });
      await client.get('/'); // the CSRF token of the signed-in session
      const before = (await eventsOf(tenant.tenantId, 'access.denied')).length;
      for (const [path, fields] of [
        ['/admin/users/new', { name: '', email: 'not an address' }],
        ['/admin/organisations/new', { name: '' }],
        [`/admin/organisations/${tenant.organisationId}`, { sector: 'nonsense' }],
        [`/admin/users/${professional.id}`, { roles: 'nonsense' }],
      ] as const) {
        const response = await client.post(path, fields);
        assert.equal(response.statusCode, 403, `${path}: 403 before any validation`);
        assert.ok(!response.body.includes('City of Rivierstede'), `${path}: no organisation name in the answer`);
      }
      const denied = await eventsOf(tenant.tenantId, 'access.denied');
      assert.equal(denied.length - before, 4, 'each refusal is recorded as access.denied');
      const refusedActions = denied.slice(-4).map((event) => JSON.parse(event.details ?? '{}').deniedAction);
      assert.deepEqual(
        refusedActions,
        ['users.create', 'organisations.create', 'organisations.update', 'users.update'],
        'refused by the role rule (not by CSRF or validation)',
      );
      assert.equal(denied.at(-4)!.actor_user_id, professional.id, 'with the professional as actor');
    });
  });
}
