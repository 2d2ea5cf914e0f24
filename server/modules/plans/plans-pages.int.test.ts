import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { worldPages } from '../../test/world-pages.ts';
import { translator } from '../../ui/i18n.ts';

const POLICE_TASK = 'Fictief: huisbezoek door de wijkagent.';

for (const target of databaseTargets()) {
  describe(`plan pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const db = () => env.database.handle.db;
    const { client, setLocale } = worldPages(() => ({ env, app, world }));
    const planUrl = () => `/cases/${world.caseA.id}/plan`;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator makes the plan through the forms: an empty objective is redrawn with its error (400, nothing stored), then objective, evaluation and agreement', async () => {
      const coordinator = await client('coordinator');
      const page = await coordinator.get(planUrl());
      assert.equal(page.statusCode, 200, 'the plan tab opens');
      assert.match(page.body, /id="field-objective-title"/, 'the objective form is offered to the coordinator');
      const empty = await coordinator.post(`${planUrl()}/objectives`, { title: '', dueDate: '' });
      assert.equal(empty.statusCode, 400, 'an empty title is refused');
      assert.match(empty.body, /href="#field-objective-title"/, 'the error summary links to the title field');
      assert.equal((await db().selectFrom('plan_objectives').select('id').execute()).length, 0, 'nothing stored');
      const saved = await coordinator.post(`${planUrl()}/objectives`, { title: 'Fictief: terug naar school', dueDate: '' });
      assert.equal(saved.statusCode, 303, `the objective is saved: ${saved.body}`);
      const objectiveId = (await db().selectFrom('plan_objectives').select('id').executeTakeFirstOrThrow()).id;
      const evaluated = await coordinator.post(`${planUrl()}/evaluations`, { objectiveId, note: 'Fictief: eerste evaluatie.' });
      assert.equal(evaluated.statusCode, 303, 'the evaluation is saved');
      const agreed = await coordinator.post(`${planUrl()}/agreements`, {
        objectiveId,
        organisationId: world.organisations.police,
        description: POLICE_TASK,
        dueDate: '2026-02-01',
      });
      assert.equal(agreed.statusCode, 303, `the agreement is saved: ${agreed.body}`);
      const after = await coordinator.get(planUrl());
      assert.ok(
        after.body.includes('Fictief: terug naar school') && after.body.includes(POLICE_TASK),
        'the tab shows the objective and the agreement',
      );
    });

    test('the plan tab and "our agreements" render in nl, fr and en for the police’s key figure, who marks the agreement done', async () => {
      const police = await client('keyFigureThisTable');
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await setLocale('keyFigureThisTable', locale);
        const t = translator(locale);
        const tab = await police.get(planUrl());
        assert.equal(tab.statusCode, 200, `${locale}: the plan tab opens`);
        assert.ok(tab.body.includes(t('plans.heading')), `${locale}: the tab is worded in ${locale}`);
        assert.ok(tab.body.includes(t('plans.mark_done')), `${locale}: the responsible organisation gets the status buttons`);
        assert.ok(!tab.body.includes('field-objective-title'), `${locale}: no plan forms for a key figure`);
        const ours = await police.get('/agreements');
        assert.equal(ours.statusCode, 200, `${locale}: "our agreements" opens`);
        assert.ok(ours.body.includes(t('plans.our_agreements')) && ours.body.includes(POLICE_TASK), `${locale}: it lists the police’s agreement`);
        assert.ok(ours.body.includes('href="/agreements"'), `${locale}: the menu links to "our agreements"`);
      }
      const agreementId = (await db().selectFrom('plan_agreements').select('id').executeTakeFirstOrThrow()).id;
      const done = await police.post(`/agreements/${agreementId}/status`, { status: 'done' });
      assert.equal(done.statusCode, 303, 'the police mark the agreement done');
      const row = await db().selectFrom('plan_agreements').select('status').where('id', '=', agreementId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'done', 'the agreement is done');
      const ours = await police.get('/agreements');
      assert.ok(!ours.body.includes(POLICE_TASK), 'a done agreement leaves "our agreements"');
    });

    test('the care network sees the plan but not the police’s task; an outsider gets the 404 page; the case tab list links the plan', async () => {
      const care = await client('careNetwork');
      const tab = await care.get(planUrl());
      assert.equal(tab.statusCode, 200, 'the care network opens the plan tab');
      assert.ok(!tab.body.includes(POLICE_TASK), 'the police’s task is not shown to the care network');
      const outsider = await client('outsider');
      const hidden = await outsider.get(planUrl());
      const missing = await outsider.get('/cases/00000000-0000-4000-8000-000000000000/plan');
      assert.equal(hidden.statusCode, 404, 'an outsider gets 404');
      // The page differs only in the per-response CSRF token and the address it returns to after a language change.
      const normalised = (body: string, id: string) => body.replace(/(content|value)="[A-Za-z0-9_-]{40,}"/g, '').replaceAll(id, 'ID');
      assert.equal(
        normalised(hidden.body, world.caseA.id),
        normalised(missing.body, '00000000-0000-4000-8000-000000000000'),
        'the same page as a missing case',
      );
      const overview = await (await client('coordinator')).get(`/cases/${world.caseA.id}`);
      assert.ok(overview.body.includes(`href="${planUrl()}"`), 'the case page’s tab list links the plan tab');
    });
  });
}
