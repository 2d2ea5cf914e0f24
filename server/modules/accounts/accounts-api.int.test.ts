import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { catalogues } from '../../ui/i18n.ts';
import type { AppError } from '../../platform/errors.ts';
import { updateUser } from './update-user.ts';

for (const target of databaseTargets()) {
  describe(`accounts API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;

    const countOrganisations = async (tenantId: string) =>
      (await env.ctx.db.selectFrom('organisations').select('id').where('tenant_id', '=', tenantId).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('GET /api/v1/me answers the contract shape', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(tenant.adminToken) });
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      const { data } = response.json();
      assert.deepEqual(
        Object.keys(data).sort(),
        ['email', 'id', 'locale', 'name', 'organisation', 'roles', 'tenant'],
        'Object.keys(data).sort() is exactly the 7 expected entries',
      );
      assert.equal(data.email, tenant.adminEmail, 'data.email is tenant.adminEmail');
      assert.deepEqual(data.roles, ['admin'], "data.roles is ['admin']");
      assert.equal(data.tenant.slug, tenant.slug, 'data.tenant.slug is tenant.slug');
      assert.equal(data.organisation.id, tenant.organisationId, 'data.organisation.id is tenant.organisationId');
      assert.equal(data.locale, 'nl', 'no own choice: the tenant default');
    });

    test('without credentials the API answers 401; a malformed or unknown token too', async () => {
      for (const headers of [{}, { authorization: 'Bearer not-a-real-token-at-all' }, { authorization: 'Basic abc' }]) {
        const response = await app.inject({ method: 'GET', url: '/api/v1/organisations', headers });
        assert.equal(response.statusCode, 401, 'the request answers 401 Unauthorized');
        assert.equal(response.json().error.code, 'unauthenticated', 'the error code is "unauthenticated"');
      }
    });

    test('an administrator creates, reads, lists and changes an organisation', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: bearer(tenant.adminToken),
        payload: { name: 'Jeugdhuis De Brug', sector: 'youth_work', secrecyRegime: 'discretion', protocolSignedOn: '2025-03-02' },
      });
      assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
      const organisation = created.json().data;
      assert.equal(organisation.protocolSignedOn, '2025-03-02', 'organisation.protocolSignedOn is "2025-03-02"');
      assert.deepEqual(created.json().abilities, { update: true }, 'created.json().abilities is { update: true }');

      const read = await app.inject({ method: 'GET', url: `/api/v1/organisations/${organisation.id}`, headers: bearer(tenant.adminToken) });
      assert.equal(read.json().data.name, 'Jeugdhuis De Brug', 'read.json().data.name is "Jeugdhuis De Brug"');

      const list = await app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer(tenant.adminToken) });
      assert.equal(list.json().nextCursor, null, 'list.json().nextCursor is null');
      assert.ok(
        list.json().data.some((entry: { id: string }) => entry.id === organisation.id),
        'some entry of list.json().data matches (entry: { id: string }) => entry.id === organisation.id',
      );

      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organisations/${organisation.id}`,
        headers: bearer(tenant.adminToken),
        payload: { secrecyRegime: 'professional_secrecy', protocolSignedOn: null },
      });
      assert.equal(patched.statusCode, 200, 'the patched request answers 200 OK');
      assert.equal(patched.json().data.secrecyRegime, 'professional_secrecy', 'patched.json().data.secrecyRegime is "professional_secrecy"');
      assert.equal(patched.json().data.protocolSignedOn, null, 'patched.json().data.protocolSignedOn is null');
    });

    test('unknown fields, bad enums and bad dates are refused with validation_failed and change nothing', async () => {
      const before = await countOrganisations(tenant.tenantId);
      const bodies = [
        { name: 'Extra', sector: 'city', secrecyRegime: 'none', isAdmin: true },
        { name: 'Enum', sector: 'spaceport', secrecyRegime: 'none' },
        { name: 'Date', sector: 'city', secrecyRegime: 'none', protocolSignedOn: '2026-02-30' },
        { sector: 'city', secrecyRegime: 'none' },
      ];
      for (const payload of bodies) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: bearer(tenant.adminToken), payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        const { error } = response.json();
        assert.equal(error.code, 'validation_failed', 'error.code is "validation_failed"');
        assert.ok(Array.isArray(error.issues) && error.issues.length > 0, 'error.issues is a list, and the number of error.issues is more than 0');
      }
      const notJson = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { ...bearer(tenant.adminToken), 'content-type': 'application/json' },
        payload: '{"name":',
      });
      assert.equal(notJson.statusCode, 400, 'the not json request answers 400 Bad Request');
      assert.equal(notJson.json().error.code, 'validation_failed', 'the error code is "validation_failed"');
      assert.equal(await countOrganisations(tenant.tenantId), before, 'countOrganisations(tenant.tenantId) is unchanged (before)');
    });

    test('error messages follow Accept-Language in nl, fr and en', async () => {
      for (const locale of ['nl', 'fr', 'en'] as const) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/organisations',
          headers: { ...bearer(tenant.adminToken), 'accept-language': `${locale};q=0.9` },
          payload: { name: 'X', sector: 'city', secrecyRegime: 'none', colour: 'red' },
        });
        const { error } = response.json();
        assert.equal(error.message, catalogues[locale]['errors.validation_failed'], 'error.message is the "errors.validation_failed" text');
        assert.deepEqual(
          error.issues,
          [{ path: 'colour', message: catalogues[locale]['validation.unknown_field'] }],
          'error.issues is exactly the 1 expected entries',
        );
      }
    });

    test('a duplicate organisation name is a field error', async () => {
      const payload = { name: 'Dubbel Huis', sector: 'welfare', secrecyRegime: 'none' };
      await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: bearer(tenant.adminToken), payload });
      const again = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: bearer(tenant.adminToken), payload });
      assert.equal(again.statusCode, 400, 'the repeated request answers 400 Bad Request');
      assert.equal(again.json().error.issues[0].path, 'name', 'again.json().error.issues[0].path is "name"');
    });

    test("another tenant's organisation is invisible: 404, byte-identical to a missing one", async () => {
      const foreign = await app.inject({ method: 'GET', url: `/api/v1/organisations/${other.organisationId}`, headers: bearer(tenant.adminToken) });
      const missing = await app.inject({ method: 'GET', url: '/api/v1/organisations/does-not-exist', headers: bearer(tenant.adminToken) });
      assert.equal(foreign.statusCode, 404, 'the foreign request answers 404 Not Found');
      assert.equal(foreign.body, missing.body, 'foreign.body is missing.body');
      const patch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organisations/${other.organisationId}`,
        headers: bearer(tenant.adminToken),
        payload: { name: 'Taken over' },
      });
      assert.equal(patch.statusCode, 404, 'the patch request answers 404 Not Found');
      const list = await app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer(tenant.adminToken) });
      assert.ok(!list.json().data.some((entry: { id: string }) => entry.id === other.organisationId), 'no entry of list.json().data matches');
      const user = await app.inject({ method: 'GET', url: `/api/v1/users/${other.admin.userId}`, headers: bearer(tenant.adminToken) });
      assert.equal(user.statusCode, 404, 'the user request answers 404 Not Found');
      const missingUser = await app.inject({ method: 'POST', url: '/api/v1/users/does-not-exist/mfa-reset', headers: bearer(tenant.adminToken) });
      for (const action of ['invitation', 'mfa-reset']) {
        const foreignUser = await app.inject({
          method: 'POST',
          url: `/api/v1/users/${other.admin.userId}/${action}`,
          headers: bearer(tenant.adminToken),
        });
        assert.equal(foreignUser.statusCode, 404, action);
        assert.equal(foreignUser.body, missingUser.body, `${action}: same answer as a missing user`);
      }
      const foreignMfa = await env.database.handle.db
        .selectFrom('users')
        .select('mfa_enrolled_at')
        .where('id', '=', other.admin.userId)
        .executeTakeFirstOrThrow();
      assert.notEqual(foreignMfa.mfa_enrolled_at, null, "the other tenant's administrator keeps the authenticator");
    });

    test('a user of another organisation of another tenant cannot be placed in it', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: { email: 'kim.claes@rivierstede.example', name: 'Kim Claes', organisationId: other.organisationId, roles: ['professional'] },
      });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(response.json().error.issues[0].path, 'organisationId', 'response.json().error.issues[0].path is "organisationId"');
    });

    test('non-administrators may not manage the network (403), but read their own profile', async () => {
      for (const role of ['coordinator', 'professional', 'dpo', 'analyst', 'minute_taker'] as const) {
        const user = await seedUser(env.ctx, tenant, [role]);
        for (const [method, url] of [
          ['GET', '/api/v1/organisations'],
          ['GET', '/api/v1/users'],
          ['POST', '/api/v1/users'],
          ['GET', `/api/v1/organisations/${tenant.organisationId}`],
          ['POST', `/api/v1/users/${tenant.admin.userId}/invitation`],
          ['POST', `/api/v1/users/${tenant.admin.userId}/mfa-reset`],
          ['PATCH', `/api/v1/users/${tenant.admin.userId}`],
        ] as const) {
          const response = await app.inject({ method, url, headers: bearer(user.token), ...(method !== 'GET' && { payload: {} }) });
          assert.equal(response.statusCode, 403, `${role} ${method} ${url}`);
          assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
        }
        const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(user.token) });
        assert.equal(me.statusCode, 200, 'the me request answers 200 OK');
      }
    });

    test('users: create with roles, change roles, disable — the change applies at the next request', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: {
          email: ' Noor.Janssens@Rivierstede.example ',
          name: 'Noor Janssens',
          organisationId: tenant.organisationId,
          roles: ['coordinator'],
          locale: 'fr',
        },
      });
      assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
      const user = created.json().data;
      assert.equal(user.email, 'noor.janssens@rivierstede.example', 'emails are normalised');
      assert.deepEqual(user.roles, ['coordinator'], "user.roles is ['coordinator']");
      assert.equal(user.mfaEnrolled, false, 'user.mfaEnrolled is false');
      assert.equal('passwordHash' in user || 'password_hash' in user, false, "'passwordHash' in user || 'password_hash' in user is false");

      const duplicate = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(tenant.adminToken),
        payload: { email: 'noor.janssens@rivierstede.example', name: 'Other', organisationId: tenant.organisationId, roles: ['professional'] },
      });
      assert.equal(duplicate.statusCode, 400, 'the duplicate request answers 400 Bad Request');
      assert.equal(duplicate.json().error.issues[0].path, 'email', 'duplicate.json().error.issues[0].path is "email"');

      const member = await seedUser(env.ctx, tenant, ['professional']);
      const promote = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${member.id}`,
        headers: bearer(tenant.adminToken),
        payload: { roles: ['admin', 'analyst'] },
      });
      assert.deepEqual(promote.json().data.roles, ['admin', 'analyst'], 'admin beside analyst is allowed (no case role)');
      const nowAdmin = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(member.token) });
      assert.equal(nowAdmin.statusCode, 200, 'new role effective at the next request');

      const disable = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${member.id}`,
        headers: bearer(tenant.adminToken),
        payload: { status: 'disabled' },
      });
      assert.equal(disable.json().data.status, 'disabled', 'disable.json().data.status is "disabled"');
      const afterDisable = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(member.token) });
      assert.equal(afterDisable.statusCode, 401, 'the after disable request answers 401 Unauthorized');
    });

    test('the last active administrator cannot be disabled or demoted', async () => {
      const solo = await seedTenant(env.ctx);
      // An administrator cannot change their own standing at all (403); the operator meets the last-admin rule.
      const operator = env.ctx.system.operatorActor({ id: solo.tenantId });
      for (const input of [{ status: 'disabled' as const }, { roles: ['coordinator' as const] }]) {
        await assert.rejects(
          updateUser({ id: solo.admin.userId, input }, operator, env.ctx),
          (error: AppError) => {
            assert.equal(error.code, 'validation_failed', 'the network keeps an active administrator');
            assert.equal(error.issues[0]!.messageKey, 'validation.last_admin', 'the last-admin message');
            return true;
          },
          `the operator cannot leave the network without an active administrator (${JSON.stringify(input)})`,
        );
      }
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(solo.adminToken) });
      assert.deepEqual(me.json().data.roles, ['admin'], "me.json().data.roles is ['admin']");
    });

    test('health, readiness and the OpenAPI description', async () => {
      assert.deepEqual(
        (await app.inject({ url: '/healthz' })).json(),
        { status: 'ok' },
        "app.inject({ url: '/healthz' }).json() is { status: 'ok' }",
      );
      assert.deepEqual((await app.inject({ url: '/readyz' })).json(), { status: 'ok' }, "app.inject({ url: '/readyz' }).json() is { status: 'ok' }");
      const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
      assert.equal(openapi.openapi, '3.1.0', 'openapi.openapi is "3.1.0"');
      for (const path of ['/api/v1/me', '/api/v1/organisations', '/api/v1/organisations/{id}', '/api/v1/users', '/api/v1/users/{id}']) {
        assert.ok(openapi.paths[path], path);
      }
      const body = openapi.paths['/api/v1/organisations'].post.requestBody.content['application/json'].schema;
      assert.equal(body.additionalProperties, false, 'strict schemas are documented as closed');
      assert.deepEqual(body.properties.sector.enum.length, 11, 'body.properties.sector.enum holds 11 entries');
      const auditParameters = openapi.paths['/api/v1/audit/events'].get.parameters.map(
        (parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`,
      );
      for (const name of ['caseId', 'from', 'to', 'userId', 'organisationId', 'action', 'decision', 'cursor'])
        assert.ok(auditParameters.includes(`query:${name}`), name);
    });
  });
}
