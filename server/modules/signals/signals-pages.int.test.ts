import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { reportSignal, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import type { WorldUser } from '../../test/case-world.ts';
import { translator } from '../../ui/i18n.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The consult point's pages on both databases: a professional reports (anonymously) through the
 * form, sees it among their own signals with only the overview and messages tabs; the coordinator
 * sees the overview without the reporter's identity, decides through the form (a missing rationale
 * is shown next to the field and changes nothing); others do not find the signal.
 */
for (const target of databaseTargets()) {
  describe(`consult point pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const clients = new Map<string, PageClient>();
    const row = (id: string) =>
      env.ctx.db.selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();

    const as = async (user: WorldUser): Promise<PageClient> => {
      const known = clients.get(user.id);
      if (known) return known;
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(user.id, client);
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a teacher reports anonymously through the form and finds the signal among their own, with overview and messages only', async () => {
      const teacher = await as(world.teacher);
      const form = await teacher.get('/signals/new');
      assert.equal(form.statusCode, 200, 'the report form opens for a professional');
      assert.match(form.body, /ook de coördinator niet/, 'the form explains plainly what anonymity means');
      assert.match(form.body, /<label for="field-description"/, 'the description has a label');
      const refused = await teacher.post('/signals/new', { kind: 'concern', theme: 'radicalisation', description: '' });
      assert.equal(refused.statusCode, 400, 'a report without description is drawn again');
      assert.match(refused.body, /error-summary/, 'with the error summary');
      const sent = await teacher.post('/signals/new', {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictional page report: a pupil speaks of leaving for abroad.',
        reporterAnonymous: 'yes',
        subjectFamilyName: 'Fictief-Pagina',
        subjectBirthDate: '2010-02-02',
      });
      assert.equal(sent.statusCode, 303, 'the report is stored and the browser goes on');
      const location = String(sent.headers.location);
      assert.match(location, /^\/signals\/[0-9a-f-]{36}$/, 'to the signal’s page');
      const id = location.split('/')[2]!;
      assert.equal((await row(id)).reporter_anonymous, 1, 'the report is anonymous');
      const page = await teacher.get(location);
      assert.equal(page.statusCode, 200, 'the reporter opens their own signal');
      assert.match(page.body, /Fictional page report/, 'with what they wrote');
      assert.match(page.body, new RegExp(`href="/signals/${id}/messages"`), 'the messages tab is there');
      assert.doesNotMatch(page.body, new RegExp(`href="/signals/${id}/(screening|inquiries|referral)"`), 'the coordinator’s tabs are not');
      assert.doesNotMatch(page.body, /decision-heading/, 'the reporter gets no decision form');
      const mine = await teacher.get('/signals');
      assert.equal(mine.statusCode, 200, 'the list opens');
      assert.match(mine.body, new RegExp((await row(id)).reference), 'the signal is among the teacher’s own');
    });

    test('the coordinator sees the signal without the anonymous reporter, and decides through the form', async () => {
      const created = await reportSignal(world, { anonymous: true, description: 'Fictional page concern for the coordinator.' });
      const coordinator = await as(world.coordinator);
      const list = await coordinator.get('/signals?status=received');
      assert.equal(list.statusCode, 200, 'the overview opens with a filter');
      assert.match(list.body, new RegExp(created.reference), 'the new signal is listed');
      const page = await coordinator.get(`/signals/${created.id}`);
      assert.equal(page.statusCode, 200, 'the coordinator opens the signal');
      assert.match(page.body, /Anoniem/, 'the reporter is shown as anonymous');
      assert.doesNotMatch(
        page.body,
        new RegExp(`Tine|Leerkracht|${world.teacher.email}|Atheneum`),
        'nothing names the reporter or their organisation',
      );
      for (const tab of ['messages', 'screening', 'inquiries', 'referral']) {
        assert.match(page.body, new RegExp(`href="/signals/${created.id}/${tab}"`), `the coordinator sees the ${tab} tab`);
      }
      assert.match(page.body, /id="decision-heading"/, 'the decision form is there');
      const before = await row(created.id);
      const refused = await coordinator.post(`/signals/${created.id}/decision`, { outcome: 'no_concern', rationale: '' });
      assert.equal(refused.statusCode, 400, 'a decision without rationale is drawn again');
      assert.match(refused.body, /field-rationale-error/, 'with the message next to the rationale');
      assert.deepEqual(await row(created.id), before, 'nothing changed');
      const decided = await coordinator.post(`/signals/${created.id}/decision`, {
        outcome: 'non_shared_concern',
        rationale: 'Fictional rationale.',
        advice: 'Fictional advice for the teacher.',
      });
      assert.equal(decided.statusCode, 303, 'the decision is recorded');
      assert.equal((await row(created.id)).status, 'advice_given', 'advice given');
      const after = await coordinator.get(`/signals/${created.id}`);
      assert.doesNotMatch(after.body, /id="decision-heading"/, 'a decided signal has no decision form');
    });

    test('the coordinator registers a signal told by phone on a professional’s behalf; the professional finds it among their own', async () => {
      const coordinator = await as(world.coordinator);
      const form = await coordinator.get('/signals/register');
      assert.equal(form.statusCode, 200, 'the register form opens for the coordinator');
      assert.match(form.body, new RegExp(world.police.name), 'the professionals of the network can be chosen as reporter');
      const refused = await coordinator.post('/signals/register', { kind: 'consult', theme: 'drugs', description: 'Fictional phone consult.' });
      assert.equal(refused.statusCode, 400, 'without a channel the form is drawn again');
      assert.match(refused.body, /href="#field-channel"/, 'the summary links to the channel');
      const sent = await coordinator.post('/signals/register', {
        channel: 'phone',
        kind: 'consult',
        theme: 'drugs',
        description: 'Fictional phone consult from the police officer.',
        reporterUserId: world.police.id,
      });
      assert.equal(sent.statusCode, 303, 'the signal is registered');
      const id = String(sent.headers.location).split('/')[2]!;
      const stored = await row(id);
      assert.deepEqual(
        [stored.channel, stored.registered_by, stored.reporter_user_id],
        ['phone', world.coordinator.id, world.police.id],
        'channel, registrar and reporter are recorded',
      );
      const page = await coordinator.get(`/signals/${id}`);
      assert.match(page.body, /Pieter Wijkagent-Fictief/, 'the coordinator sees the named reporter');
      const own = await (await as(world.police)).get('/signals');
      assert.match(own.body, new RegExp(stored.reference), 'the police officer finds the signal among their own');
      const teacherForm = await (await as(world.teacher)).get('/signals/register');
      assert.equal(teacherForm.statusCode, 403, 'a professional does not register on someone’s behalf');
    });

    test('anyone else finds no signal: the same 404 page as for a missing id', async () => {
      const created = await reportSignal(world);
      for (const user of [world.youthWorker, world.users.dpo, world.users.analyst, world.users.admin]) {
        const client = await as(user);
        const invisible = await client.get(`/signals/${created.id}`);
        const missing = await client.get('/signals/00000000-0000-4000-8000-000000000000');
        assert.equal(invisible.statusCode, 404, 'a signal one may not see is not found');
        assert.equal(
          invisible.body.replace(/content="[^"]+"|value="[^"]+"/g, ''),
          missing.body.replace(/content="[^"]+"|value="[^"]+"/g, ''),
          'exactly like a missing id',
        );
        const decision = { outcome: 'no_concern', rationale: 'Fictional.' };
        const postInvisible = await client.post(`/signals/${created.id}/decision`, decision);
        const postMissing = await client.post('/signals/00000000-0000-4000-8000-000000000000/decision', decision);
        assert.equal(postInvisible.statusCode, 404, 'a decision on a signal one may not see is not found');
        assert.equal(
          postInvisible.body.replace(/content="[^"]+"|value="[^"]+"/g, ''),
          postMissing.body.replace(/content="[^"]+"|value="[^"]+"/g, ''),
          'exactly like on a missing id',
        );
      }
      assert.equal((await row(created.id)).outcome, null, 'nothing was decided');
    });

    test('the person fields say they are only for a concern; a consult naming someone comes back with a localised error on that fieldset', async () => {
      const teacher = await as(world.teacher);
      const count = async () =>
        Number(
          (
            await env.ctx.db
              .selectFrom('signals')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('tenant_id', '=', world.tenant.tenantId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      for (const locale of ['nl', 'fr', 'en'] as const) {
        const t = translator(locale);
        await teacher.post('/language', { locale, returnTo: '/' });
        const form = await teacher.get('/signals/new');
        assert.ok(
          form.body.includes(`<legend>${html(t('signals.subject_legend'))}</legend>`),
          `the ${locale} fieldset of the person says it is only for a concern`,
        );
        assert.ok(
          /(only for a concern|alleen bij een bezorgdheid|uniquement pour une préoccupation)/.test(t('signals.subject_legend')),
          `the ${locale} legend says so plainly`,
        );
        const refused = await teacher.post('/signals/new', {
          kind: 'consult',
          theme: 'radicalisation',
          description: 'Fictional consult question that names someone by mistake.',
          subjectGivenName: 'Fictief',
          subjectFamilyName: 'Consult-Persoon',
        });
        assert.equal(refused.statusCode, 400, `a consult naming someone is drawn again with 400 (${locale})`);
        const message = html(t('validation.signal.consult_no_subject'));
        assert.ok(refused.body.includes(`<html lang="${locale}"`), `the page is in ${locale}`);
        assert.ok(
          refused.body.includes(
            `<a href="#field-subject">${html(t('form.error_line', { field: t('signals.subject_legend'), message: t('validation.signal.consult_no_subject') }))}</a>`,
          ),
          `the ${locale} error summary names the person fieldset and links to it`,
        );
        assert.ok(
          refused.body.includes(`<p class="field-error" id="field-subject-error">${message}</p>`),
          `the ${locale} error stands in the fieldset`,
        );
        assert.match(
          refused.body,
          /<fieldset class="field has-error" id="field-subject" aria-invalid="true" aria-describedby="field-subject-hint field-subject-error">/,
          'the fieldset is marked invalid and described by its error',
        );
        assert.ok(refused.body.includes('value="Consult-Persoon"'), 'what was typed is kept, to be removed');
      }
      await teacher.post('/language', { locale: 'nl', returnTo: '/' });
      assert.equal(await count(), before, 'no signal was stored');
    });

    test('the coordinator’s overview links to the public consult form setting; a professional’s list does not', async () => {
      const t = translator('nl');
      const overview = await (await as(world.coordinator)).get('/signals');
      assert.equal(overview.statusCode, 200, 'the coordinator’s overview opens');
      assert.ok(
        overview.body.includes(`<a href="/signals/consult-form">${html(t('signals.consult_form.link'))}</a>`),
        'the coordinator (signals.manageConsultForm) finds the link to the consult form setting',
      );
      const setting = await (await as(world.coordinator)).get('/signals/consult-form');
      assert.equal(setting.statusCode, 200, 'the link leads to the setting');
      for (const [name, user] of [
        ['the teacher', world.teacher],
        ['the youth worker', world.youthWorker],
      ] as const) {
        const list = await (await as(user)).get('/signals');
        assert.equal(list.statusCode, 200, `${name}’s own list opens`);
        assert.ok(!list.body.includes('href="/signals/consult-form"'), `${name} (no signals.manageConsultForm) gets no link to the setting`);
      }
    });

    test('the menu leads coordinator and professionals to the consult point; the home page lists their signals', async () => {
      const coordinatorHome = await (await as(world.coordinator)).get('/');
      assert.match(coordinatorHome.body, /href="\/signals"/, 'the coordinator’s menu has the consult point');
      assert.match(coordinatorHome.body, /id="home-signals-open"/, 'the coordinator’s home shows the open signals');
      const teacherHome = await (await as(world.teacher)).get('/');
      assert.match(teacherHome.body, /id="home-signals-mine"/, 'the teacher’s home shows their signals');
      const dpoHome = await (await as(world.users.dpo)).get('/');
      assert.doesNotMatch(dpoHome.body, /href="\/signals"/, 'the DPO has no consult point in the menu');
    });
  });
}
