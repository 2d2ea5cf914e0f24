import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, secondNode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { createApiToken, createUser } from '../accounts/index.ts';
import { translator } from '../../ui/i18n.ts';
import { createJobRunner, jobsOfTenant } from '../jobs/index.ts';
import { plansHomePanels } from './home-panels.ts';
import { remindOverdueAgreement } from './remind-overdue-agreement.ts';
import { auditEvents } from '../../test/audit-events.ts';

const DAY = 86_400_000;
const MISSING = '00000000-0000-4000-8000-000000000000';
// Markers that must never reach a mail, a log or a page of someone outside the audience.
const POLICE_TASK = 'Fictief: de wijkagent bezoekt het gezin voor de volgende tafel.';
const YOUTH_TASK = 'Fictief: de jeugdhulp plant een gesprek met de ouders.';

for (const target of databaseTargets()) {
  describe(`plans API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let objectiveId: string;
    let policeAgreement: string;
    let youthAgreement: string;

    const db = () => env.database.handle.db;
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: WorldActor, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: bearer(world.users[who].token),
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
    const lastEvent = (userId: string) =>
      auditEvents(db(), { latestFirst: true })
        .select(['action', 'decision', 'details', 'purpose', 'resource_type', 'case_id'])
        .where('actor_user_id', '=', userId)
        .executeTakeFirstOrThrow();
    const counts = async () => ({
      objectives: (await db().selectFrom('plan_objectives').select('id').execute()).length,
      evaluations: (await db().selectFrom('plan_evaluations').select('id').execute()).length,
      agreements: (await db().selectFrom('plan_agreements').select(['id', 'status', 'version']).orderBy('id').execute()).map((row) =>
        JSON.stringify(row),
      ),
    });
    const outbox = () => {
      const folder = path.join(env.ctx.config.dataDir, 'outbox');
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .sort()
        .map((file) => {
          // Quoted-printable soft line breaks joined, so a link reads whole.
          const raw = readFileSync(path.join(folder, file), 'utf8').replace(/=\r?\n/g, '');
          return { to: /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '', raw };
        });
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator makes the plan: an objective, its evaluation, agreements for the police (key figure) and youth care (case owner); titles and texts sealed', async () => {
      const objective = await call('POST', `/api/v1/cases/${world.caseA.id}/objectives`, 'coordinator', {
        title: 'Fictief: terug naar school',
        dueDate: '2026-03-01',
      });
      assert.equal(objective.statusCode, 201, `the objective is created: ${objective.body}`);
      objectiveId = objective.json().data.id;
      const evaluation = await call('POST', `/api/v1/objectives/${objectiveId}/evaluations`, 'coordinator', { note: 'Fictief: eerste evaluatie.' });
      assert.equal(evaluation.statusCode, 201, `the evaluation is recorded: ${evaluation.body}`);
      const police = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, 'coordinator', {
        objectiveId,
        organisationId: world.organisations.police,
        description: POLICE_TASK,
        dueDate: '2026-01-20',
      });
      assert.equal(police.statusCode, 201, `the police's agreement is made: ${police.body}`);
      policeAgreement = police.json().data.id;
      const youth = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, 'coordinator', {
        objectiveId,
        organisationId: world.organisations.youthCare,
        description: YOUTH_TASK,
        dueDate: '2026-02-20',
      });
      assert.equal(youth.statusCode, 201, `youth care's agreement is made: ${youth.body}`);
      youthAgreement = youth.json().data.id;
      const rows = await db().selectFrom('plan_agreements').select('description_sealed').execute();
      assert.ok(
        rows.every((row) => !row.description_sealed.includes('Fictief')),
        'agreement descriptions are stored sealed, never in clear',
      );
      const event = await lastEvent(world.users.coordinator.id);
      assert.deepEqual(
        { action: event.action, purpose: event.purpose, caseId: event.case_id },
        { action: 'agreement.created', purpose: 'coordination', caseId: world.caseA.id },
        'the agreement is audited on the case with the coordinator’s purpose',
      );
      const jobs = (await jobsOfTenant(db(), world.tenant.tenantId)).filter((job) => job.kind === 'agreement.overdue');
      assert.deepEqual(
        jobs.map((job) => [job.dedupe_key, job.run_at]).sort(),
        [
          [policeAgreement, '2026-01-21T00:00:00.000Z'],
          [youthAgreement, '2026-02-21T00:00:00.000Z'],
        ].sort(),
        'one overdue job per agreement, due the day after its due date',
      );
    });

    test('bad input is 400 validation_failed and changes nothing: an organisation outside the case, an objective of another case, not_done without reason', async () => {
      const before = await counts();
      const outside = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, 'coordinator', {
        objectiveId,
        organisationId: world.organisations.employment,
        description: 'Fictief',
        dueDate: '2026-02-01',
      });
      assert.equal(outside.statusCode, 400, 'an organisation that takes no part is refused');
      assert.equal(outside.json().error.code, 'validation_failed', 'as validation_failed');
      assert.ok(
        outside.json().error.issues.some((issue: { path: string }) => issue.path === 'organisationId'),
        'the issue names organisationId',
      );
      const otherCase = await call('POST', `/api/v1/cases/${world.caseB.id}/agreements`, 'coordinator', {
        objectiveId,
        organisationId: world.organisations.city,
        description: 'Fictief',
        dueDate: '2026-02-01',
      });
      assert.equal(otherCase.statusCode, 400, 'an objective of another case is refused');
      const noReason = await call('PATCH', `/api/v1/agreements/${policeAgreement}`, 'coordinator', { status: 'not_done' });
      assert.equal(noReason.statusCode, 400, 'not_done needs a reason');
      const emptyTitle = await call('POST', `/api/v1/cases/${world.caseA.id}/objectives`, 'coordinator', { title: '' });
      assert.equal(emptyTitle.statusCode, 400, 'an objective needs a title');
      assert.deepEqual(await counts(), before, 'nothing changed');
    });

    test('the plan is visible to everyone who sees the case; descriptions to the table audience and the responsible organisation; each read audited with its purpose', async () => {
      const expectations: [WorldActor, { police: boolean; youth: boolean; notes: boolean; purpose: string }][] = [
        ['coordinator', { police: true, youth: true, notes: true, purpose: 'coordination' }],
        ['keyFigureThisTable', { police: true, youth: true, notes: true, purpose: 'key_figure' }],
        ['guestThisCase', { police: true, youth: true, notes: true, purpose: 'guest' }],
        ['careNetwork', { police: false, youth: false, notes: false, purpose: 'care_network' }],
        ['caseOwnerMember', { police: false, youth: true, notes: false, purpose: 'case_owner' }],
        ['referrer', { police: false, youth: false, notes: false, purpose: 'referrer' }],
      ];
      for (const [who, expected] of expectations) {
        const response = await call('GET', `/api/v1/cases/${world.caseA.id}/plan`, who);
        assert.equal(response.statusCode, 200, `${who} reads the plan`);
        const plan = response.json().data;
        assert.equal(plan.objectives.length, 1, `${who} sees the objective`);
        const described = (id: string) => plan.agreements.find((a: { id: string }) => a.id === id).description !== null;
        assert.deepEqual(
          { police: described(policeAgreement), youth: described(youthAgreement), notes: plan.objectives[0].evaluations !== null },
          { police: expected.police, youth: expected.youth, notes: expected.notes },
          `${who} reads the descriptions and notes of their audience only`,
        );
        if (!expected.police) assert.ok(!response.body.includes(POLICE_TASK), `${who}'s answer holds nothing of the police's task`);
        const event = await lastEvent(world.users[who].id);
        assert.deepEqual(
          { action: event.action, purpose: event.purpose, details: JSON.parse(event.details!) },
          { action: 'case.viewed', purpose: expected.purpose, details: { part: 'plan' } },
          `${who}'s read is audited as a plan read with their purpose`,
        );
      }
    });

    test('a case the caller does not see answers 404 byte-identical to a missing id, for every route; nothing changed', async () => {
      const before = await counts();
      const routes: ['GET' | 'POST' | 'PATCH', (id: string) => string, unknown][] = [
        ['GET', (id) => `/api/v1/cases/${id}/plan`, undefined],
        ['POST', (id) => `/api/v1/cases/${id}/objectives`, { title: 'Fictief' }],
        [
          'POST',
          (id) => `/api/v1/cases/${id}/agreements`,
          { objectiveId, organisationId: world.organisations.police, description: 'Fictief', dueDate: '2026-02-01' },
        ],
        ['POST', (id) => `/api/v1/objectives/${id}/evaluations`, { note: 'Fictief' }],
        ['PATCH', (id) => `/api/v1/objectives/${id}`, { status: 'achieved' }],
        ['PATCH', (id) => `/api/v1/agreements/${id}`, { status: 'done' }],
      ];
      const ids = [world.caseA.id, world.caseA.id, world.caseA.id, objectiveId, objectiveId, policeAgreement];
      for (const who of ['outsider', 'keyFigureOtherTable', 'guestOtherCase', 'otherTenant'] as const) {
        for (const [index, [method, url, payload]] of routes.entries()) {
          const hidden = await call(method, url(ids[index]!), who, payload);
          const missing = await call(method, url(MISSING), who, payload);
          assert.equal(hidden.statusCode, 404, `${who}: ${method} ${url('…')} on an invisible case is 404`);
          assert.equal(hidden.body, missing.body, `${who}: ${method} ${url('…')} answers byte-identical to a missing id`);
        }
      }
      assert.deepEqual(await counts(), before, 'nothing changed');
    });

    test('who may see the case but not act is refused 403, audited, nothing changed', async () => {
      const before = await counts();
      const refusals: [WorldActor, 'POST' | 'PATCH', string, unknown, string][] = [
        ['keyFigureThisTable', 'POST', `/api/v1/cases/${world.caseA.id}/objectives`, { title: 'Fictief' }, 'plans.manage'],
        ['caseOwnerMember', 'POST', `/api/v1/objectives/${objectiveId}/evaluations`, { note: 'Fictief' }, 'plans.manage'],
        ['guestThisCase', 'PATCH', `/api/v1/objectives/${objectiveId}`, { status: 'achieved' }, 'plans.manage'],
        [
          'careNetwork',
          'POST',
          `/api/v1/cases/${world.caseA.id}/agreements`,
          { objectiveId, organisationId: world.organisations.police, description: 'Fictief', dueDate: '2026-02-01' },
          'plans.manage',
        ],
        // Youth care marks only its own agreements, the police only theirs.
        ['caseOwnerMember', 'PATCH', `/api/v1/agreements/${policeAgreement}`, { status: 'done' }, 'plans.updateAgreement'],
        ['keyFigureThisTable', 'PATCH', `/api/v1/agreements/${youthAgreement}`, { status: 'done' }, 'plans.updateAgreement'],
        ['referrer', 'PATCH', `/api/v1/agreements/${youthAgreement}`, { status: 'done' }, 'plans.updateAgreement'],
      ];
      for (const [who, method, url, payload, action] of refusals) {
        const response = await call(method, url, who, payload);
        assert.equal(response.statusCode, 403, `${who}: ${method} ${url} is 403`);
        const denial = await lastEvent(world.users[who].id);
        assert.deepEqual(
          { action: denial.action, decision: denial.decision, details: JSON.parse(denial.details!) },
          { action: 'access.denied', decision: 'deny', details: { deniedAction: action } },
          `${who}: the denial of ${action} is audited`,
        );
      }
      assert.deepEqual(await counts(), before, 'nothing changed');
    });

    test('"our agreements": the police’s key figure sees the police’s open agreement with reference and due date, audited per case; the coordinator has none', async () => {
      const response = await call('GET', '/api/v1/action-points?organisation=mine', 'keyFigureThisTable');
      assert.equal(response.statusCode, 200, `the key figure lists their organisation’s agreements: ${response.body}`);
      assert.deepEqual(
        response
          .json()
          .data.map((point: { id: string; caseReference: string; description: string; overdue: boolean }) => [
            point.id,
            point.caseReference,
            point.description,
            point.overdue,
          ]),
        [[policeAgreement, world.caseA.reference, POLICE_TASK, false]],
        'only the police’s agreement, with its case reference and text, not yet overdue',
      );
      const event = await lastEvent(world.users.keyFigureThisTable.id);
      assert.deepEqual(
        { action: event.action, purpose: event.purpose, caseId: event.case_id },
        { action: 'case.viewed', purpose: 'key_figure', caseId: world.caseA.id },
        'the case opened for the list is audited with the key figure’s purpose',
      );
      const youth = await call('GET', '/api/v1/action-points', 'caseOwnerMember');
      assert.deepEqual(
        youth.json().data.map((point: { id: string }) => point.id),
        [youthAgreement],
        'youth care sees its own agreement only',
      );
      const coordinator = await call('GET', '/api/v1/action-points', 'coordinator');
      assert.equal(coordinator.statusCode, 403, 'the coordinator has no organisation’s agreements of their own (neutral role)');

      // A police colleague who does not sit at the table: the police's agreement is on a case they may not see.
      const email = 'wijkinspecteur-fictief@politie.example';
      const colleague = await createUser(
        { input: { email, name: 'Fictieve collega', organisationId: world.organisations.police, roles: ['professional'] }, password: TEST_PASSWORD },
        world.tenant.admin,
        env.ctx,
      );
      const { token } = await createApiToken({ email, name: 'tests', tenantId: world.tenant.tenantId }, env.ctx);
      const listed = await app.inject({ url: '/api/v1/action-points', headers: bearer(token) });
      assert.equal(listed.statusCode, 200, `the colleague may list their organisation’s agreements: ${listed.body}`);
      assert.deepEqual(listed.json().data, [], 'the colleague sees none of the agreements on a case they may not see');
      const refused = await db()
        .selectFrom('audit_events')
        .select('action')
        .where('actor_user_id', '=', colleague.user.id)
        .where('decision', '=', 'deny')
        .execute();
      assert.deepEqual(refused, [], 'the list knocked on no case the colleague may not see: no refused attempt in the trail');
      // The colleague leaves again, so that the reminder below goes to the key figure alone.
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', colleague.user.id).execute();
    });

    test('overdue: one reminder to the responsible organisation (reference and link, no content), across a restart and two nodes; the coordinator’s panel lists it', async () => {
      env.clock.advance(17 * DAY); // 2026-01-22: the police's agreement (due 2026-01-20) is overdue
      const mailsBefore = outbox().length;
      await remindOverdueAgreement(env.ctx, { agreementId: policeAgreement }, { tenantId: world.tenant.tenantId });
      const node = secondNode(env);
      try {
        await Promise.all([
          createJobRunner(env.ctx, { pollMs: 1000, owner: 'restarted' }).runDue(),
          createJobRunner(node.ctx, { pollMs: 1000, owner: 'second-node' }).runDue(),
        ]);
      } finally {
        await node.close();
      }
      const reminded = await db().selectFrom('audit_events').select('resource_id').where('action', '=', 'agreement.reminded').execute();
      assert.deepEqual(
        reminded.map((row) => row.resource_id),
        [policeAgreement],
        'agreement.reminded is recorded once, for the overdue agreement only',
      );
      const mails = outbox().slice(mailsBefore);
      assert.deepEqual(
        mails.map((mail) => mail.to),
        [world.users.keyFigureThisTable.email],
        'one mail, to the police’s professional only',
      );
      assert.ok(mails[0]!.raw.includes(world.caseA.reference), 'the mail names the case reference');
      assert.ok(mails[0]!.raw.includes(`/cases/${world.caseA.id}/plan`), 'the mail links to the plan');
      assert.ok(!mails[0]!.raw.includes('Fictief'), 'the mail holds nothing of the agreement or the case');
      const job = (await jobsOfTenant(db(), world.tenant.tenantId)).find((row) => row.dedupe_key === policeAgreement);
      assert.equal(job?.status, 'done', 'the reminder job is done');
      const row = await db().selectFrom('plan_agreements').select('reminded_at').where('id', '=', policeAgreement).executeTakeFirstOrThrow();
      assert.ok(row.reminded_at !== null, 'reminded_at is set');
      const t = translator('en');
      const [panel] = await plansHomePanels(world.users.coordinator.actor, env.ctx, { t, locale: 'en' });
      assert.deepEqual(
        panel?.entries.map((entry) => [entry.label, entry.href]),
        [[world.caseA.reference, `/cases/${world.caseA.id}/plan`]],
        'the coordinator’s panel lists the overdue agreement by case reference',
      );
      assert.deepEqual(
        await plansHomePanels(world.users.keyFigureThisTable.actor, env.ctx, { t, locale: 'en' }),
        [],
        'a professional gets no such panel',
      );
      const listed = await call('GET', '/api/v1/action-points', 'keyFigureThisTable');
      assert.equal(listed.json().data[0].overdue, true, '"our agreements" flags it overdue');
    });

    test('the next meeting of the table puts the case with open agreements first, for that reason (the plans module answers the agenda)', async () => {
      const planned = await call('POST', `/api/v1/tables/${world.tables.minors}/meetings`, 'coordinator', { startsAt: '2026-02-02T08:00:00.000Z' });
      assert.equal(planned.statusCode, 201, `the coordinator plans the table's next meeting: ${planned.body}`);
      const meetingId = planned.json().data.id as string;
      const attested = await call('POST', `/api/v1/meetings/${meetingId}/attestation`, 'coordinator');
      assert.equal(attested.statusCode < 300, true, `the coordinator confirms the statement: ${attested.body}`);
      const agenda = await call('GET', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator');
      assert.equal(agenda.statusCode, 200, `the agenda opens after the attestation: ${agenda.body}`);
      const items = agenda.json().data.items as { caseId: string; reason: string }[];
      assert.deepEqual(
        items[0],
        { ...items[0], caseId: world.caseA.id, reason: 'agreements' },
        'the case with open agreements comes first, placed there for its agreements (not as a new referral)',
      );
    });

    test('the responsible organisation marks its agreement not done (organisation did not act); the coordinator marks the objective achieved; both audited', async () => {
      const marked = await call('PATCH', `/api/v1/agreements/${youthAgreement}`, 'caseOwnerMember', {
        status: 'not_done',
        reason: 'organisation_did_not_act',
      });
      assert.equal(marked.statusCode, 200, `youth care marks its agreement: ${marked.body}`);
      const event = await lastEvent(world.users.caseOwnerMember.id);
      assert.deepEqual(
        { action: event.action, purpose: event.purpose, details: JSON.parse(event.details!) },
        { action: 'agreement.status_changed', purpose: 'case_owner', details: { status: 'not_done', reason: 'organisation_did_not_act' } },
        'the change is audited with the status and reason',
      );
      const done = await call('PATCH', `/api/v1/agreements/${policeAgreement}`, 'keyFigureThisTable', { status: 'done' });
      assert.equal(done.statusCode, 200, 'the police mark theirs done');
      const achieved = await call('PATCH', `/api/v1/objectives/${objectiveId}`, 'coordinator', { status: 'achieved' });
      assert.equal(achieved.statusCode, 200, 'the coordinator marks the objective achieved');
      const plan = (await call('GET', `/api/v1/cases/${world.caseA.id}/plan`, 'coordinator')).json().data;
      assert.deepEqual(
        {
          objective: plan.objectives[0].status,
          agreements: plan.agreements.map((a: { id: string; status: string; reason: string | null }) => [a.id, a.status, a.reason]).sort(),
        },
        {
          objective: 'achieved',
          agreements: [
            [policeAgreement, 'done', null],
            [youthAgreement, 'not_done', 'organisation_did_not_act'],
          ].sort(),
        },
        'the plan shows the new states',
      );
      const open = await call('GET', '/api/v1/action-points', 'keyFigureThisTable');
      assert.deepEqual(open.json().data, [], 'a done agreement leaves "our agreements"');
    });
  });
}
