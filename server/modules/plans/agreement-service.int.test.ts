import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { createService } from '../directory/index.ts';

for (const target of databaseTargets()) {
  describe(`agreement ↔ social map service on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let serviceId: string;
    let foreignServiceId: string;
    let objectiveId: string;
    const db = () => env.database.handle.db;
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: WorldActor, payload?: Record<string, unknown>) =>
      app.inject({ method, url, headers: bearer(world.users[who].token), ...(payload ? { payload } : {}) });
    const agreementCount = async () => (await db().selectFrom('plan_agreements').select('id').execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      serviceId = (
        await createService(
          {
            input: {
              name: 'Fictief huiswerkpunt',
              description: 'Fictieve huiswerkbegeleiding.',
              organisation: { name: 'Fictieve vzw Leerkracht' },
              eligibility: 'Jongeren van 12 tot 18 jaar',
              phones: [{ number: '050 00 00 02' }],
            },
          },
          world.users.coordinator.actor,
          env.ctx,
        )
      ).id;
      foreignServiceId = (
        await createService(
          { input: { name: 'Fictief ander netwerk', description: 'Van een ander netwerk.', organisation: { name: 'Elders' } } },
          world.users.otherTenant.actor,
          env.ctx,
        )
      ).id;
      const objective = await call('POST', `/api/v1/cases/${world.caseA.id}/objectives`, 'coordinator', {
        title: 'Fictief: terug naar school',
        dueDate: '2026-03-01',
      });
      assert.equal(objective.statusCode, 201, `the objective is created: ${objective.body}`);
      objectiveId = objective.json().data.id;
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('an agreement links to a service of the network: the plan and "our agreements" show its name, contact and conditions', async () => {
      const made = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, 'coordinator', {
        objectiveId,
        organisationId: world.organisations.police,
        description: 'Fictief: aanmelden bij het huiswerkpunt.',
        dueDate: '2026-02-01',
        serviceId,
      });
      assert.equal(made.statusCode, 201, `the agreement with a service is made: ${made.body}`);
      const agreementId = made.json().data.id as string;
      const stored = await db().selectFrom('plan_agreements').select('directory_service_id').where('id', '=', agreementId).executeTakeFirstOrThrow();
      assert.equal(stored.directory_service_id, serviceId, 'the link is stored');
      const plan = await call('GET', `/api/v1/cases/${world.caseA.id}/plan`, 'coordinator');
      assert.equal(plan.statusCode, 200, `the plan answers: ${plan.body}`);
      const agreement = (plan.json().data.agreements as { id: string; service: { name: string; contact: string; conditions: string } | null }[]).find(
        (entry) => entry.id === agreementId,
      );
      assert.deepEqual(
        agreement?.service && { name: agreement.service.name, contact: agreement.service.contact, conditions: agreement.service.conditions },
        { name: 'Fictief huiswerkpunt', contact: '050 00 00 02', conditions: 'Jongeren van 12 tot 18 jaar' },
        'the plan shows the service name, contact and conditions',
      );
      const page = new PageClient(app);
      const user = world.users.keyFigureThisTable;
      await signInWithPages(page, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      const ours = await page.get('/agreements');
      assert.equal(ours.statusCode, 200, 'our agreements opens for the police');
      assert.ok(
        ours.body.includes('Fictief huiswerkpunt') && ours.body.includes('050 00 00 02'),
        'our agreements shows the linked service and its contact',
      );
      const coordinator = new PageClient(app);
      const boss = world.users.coordinator;
      await signInWithPages(coordinator, { email: boss.email, password: TEST_PASSWORD, code: () => nextTotpCode(boss.totpSecret, env.clock) });
      const tab = await coordinator.get(`/cases/${world.caseA.id}/plan`);
      assert.match(tab.body, /<select id="field-agreement-serviceId" name="serviceId"/, 'the agreement form offers the services');
      assert.ok(tab.body.includes('Jongeren van 12 tot 18 jaar'), 'the plan tab shows the conditions');
      // Unlink by PATCH; the change is audited.
      const unlinked = await call('PATCH', `/api/v1/agreements/${agreementId}`, 'coordinator', { serviceId: null });
      assert.equal(unlinked.statusCode, 200, `the link is removed: ${unlinked.body}`);
      const after = await db()
        .selectFrom('plan_agreements')
        .select(['directory_service_id', 'status'])
        .where('id', '=', agreementId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, { directory_service_id: null, status: 'open' }, 'unlinked, the status unchanged');
      const events = await db().selectFrom('audit_events').select('resource_id').where('action', '=', 'agreement.service_linked').execute();
      assert.deepEqual(
        events.map((row) => row.resource_id),
        [agreementId],
        'the unlinking is audited',
      );
    });

    test("another network's service (or none) is refused on create and PATCH: validation_failed on serviceId, nothing changed", async () => {
      const before = await agreementCount();
      for (const candidate of [foreignServiceId, 'no-such-service']) {
        const refused = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, 'coordinator', {
          objectiveId,
          organisationId: world.organisations.police,
          description: 'Fictief.',
          dueDate: '2026-02-01',
          serviceId: candidate,
        });
        assert.equal(refused.statusCode, 400, `a service not on this network's map is refused: ${refused.body}`);
        assert.equal(refused.json().error.issues?.[0]?.path ?? refused.json().issues?.[0]?.path, 'serviceId', 'the problem names serviceId');
      }
      assert.equal(await agreementCount(), before, 'no agreement was made');
      const agreementId = (await db().selectFrom('plan_agreements').select('id').executeTakeFirstOrThrow()).id;
      const version = Number(
        (await db().selectFrom('plan_agreements').select('version').where('id', '=', agreementId).executeTakeFirstOrThrow()).version,
      );
      const patched = await call('PATCH', `/api/v1/agreements/${agreementId}`, 'coordinator', { serviceId: foreignServiceId });
      assert.equal(patched.statusCode, 400, 'linking to another network’s service is refused');
      const row = await db()
        .selectFrom('plan_agreements')
        .select(['directory_service_id', 'version'])
        .where('id', '=', agreementId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.directory_service_id, Number(row.version)], [null, version], 'nothing changed');
    });
  });
}
