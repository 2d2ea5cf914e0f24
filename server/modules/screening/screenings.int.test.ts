import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { reportSignal, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import { decideSignal, readSignal } from '../signals/index.ts';
import { readScreenings } from './screening-read.ts';
import { screeningSummary } from './summarise-screenings.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const FACT = 'Fictional fact: draws the same flag in every notebook';
const UNKNOWN = 'Fictional unknown: who gave him the flag';
const RATIONALE = 'Fictional rationale: withdrawn at school, strong bond with an aunt.';

interface Judgement {
  wellbeingVulnerable: boolean;
  radicalisationVulnerable: boolean;
  urgency: string;
  rationale?: string;
}

for (const target of databaseTargets()) {
  describe(`screenings of a signal on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    let instruments: Record<string, string>;

    const db = () => env.database.handle.db;
    const post = (token: string, signalId: string, body: unknown) =>
      app.inject({ method: 'POST', url: `/api/v1/signals/${signalId}/screenings`, headers: bearer(token), payload: body as object });
    const get = (token: string, signalId: string, language = 'en') =>
      app.inject({ method: 'GET', url: `/api/v1/signals/${signalId}/screenings`, headers: { ...bearer(token), 'accept-language': language } });
    const body = (judgement: Judgement, answers: Record<string, unknown> = {}, instrument = 'observation') => ({
      instrumentId: instruments[instrument],
      answers,
      judgement: { rationale: RATIONALE, ...judgement },
    });
    const screeningsOfSignal = (signalId: string) => db().selectFrom('screenings').selectAll().where('signal_id', '=', signalId).execute();
    const signalRow = (signalId: string) =>
      db().selectFrom('signals').select(['status', 'urgency', 'category', 'version']).where('id', '=', signalId).executeTakeFirstOrThrow();
    const auditOf = (action: string, resourceId: string) =>
      auditEvents(db()).selectAll().where('action', '=', action).where('resource_id', '=', resourceId).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
      const rows = await db().selectFrom('screening_instruments').select(['id', 'key']).where('active', '=', 1).execute();
      instruments = Object.fromEntries(rows.map((row) => [row.key, row.id]));
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the category is 1 + wellbeing + 2 × radicalisation of the judgement, for all four combinations', async () => {
      const combinations = [
        [false, false, 'low', 1],
        [true, false, 'medium', 2],
        [false, true, 'high', 3],
        [true, true, 'high', 4],
      ] as const;
      for (const [wellbeingVulnerable, radicalisationVulnerable, urgency, category] of combinations) {
        const signal = await reportSignal(world);
        const response = await post(world.coordinator.token, signal.id, body({ wellbeingVulnerable, radicalisationVulnerable, urgency }));
        assert.equal(response.statusCode, 201, `recording (${wellbeingVulnerable}, ${radicalisationVulnerable}) answers 201: ${response.body}`);
        const data = response.json().data as { id: string; category: number };
        assert.equal(
          data.category,
          category,
          `well-being ${wellbeingVulnerable}, radicalisation ${radicalisationVulnerable} is category ${category}`,
        );
        assert.deepEqual(Object.keys(data).sort(), ['category', 'id'], 'the answer holds the id and the category only');
        const row = await signalRow(signal.id);
        assert.equal(Number(row.category), category, 'the signal takes the category of its screening');
        assert.equal(row.urgency, urgency, 'the signal takes the urgency of its screening');
        assert.equal(row.status, 'in_consultation', 'a screened signal is in consultation');
      }
    });

    test('the answers never change the category: same judgement, different answers, same category', async () => {
      const judgement = { wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' };
      const many = Array.from({ length: 5 }, (_, index) => ({ fact: `${FACT} ${index}`, factor: 'risk' }));
      const answerSets = [{}, { 'behaviour.observation': many, 'ideology_politics.observation': many, 'relationships.observation': many }];
      const categories: number[] = [];
      for (const answers of answerSets) {
        const signal = await reportSignal(world);
        const response = await post(world.coordinator.token, signal.id, body(judgement, answers));
        assert.equal(response.statusCode, 201, `recorded: ${response.body}`);
        categories.push(response.json().data.category);
      }
      const checklist = await reportSignal(world);
      const ticked = Object.fromEntries(
        ['person.isolation', 'person.identity', 'person.crisis', 'person.hurt', 'surroundings.radical_contacts', 'surroundings.violence'].map(
          (key) => [key, true],
        ),
      );
      const response = await post(world.coordinator.token, checklist.id, body(judgement, ticked, 'factors'));
      assert.equal(response.statusCode, 201, `the checklist is recorded: ${response.body}`);
      categories.push(response.json().data.category);
      assert.deepEqual(categories, [1, 1, 1], 'no answers, fifteen risk observations or six ticked risk factors: category 1 every time');
    });

    test('the screening records the version it used; GET gives it back to the coordinator, in their language, and is audited', async () => {
      const signal = await reportSignal(world);
      const answers = {
        'behaviour.observation': [{ fact: FACT, factor: 'risk', unknown: UNKNOWN }],
        'relationships.observation': [{ fact: 'Fictional: still plays in the school band', factor: 'protective' }],
      };
      const created = await post(
        world.coordinator.token,
        signal.id,
        body({ wellbeingVulnerable: true, radicalisationVulnerable: false, urgency: 'medium' }, answers),
      );
      assert.equal(created.statusCode, 201, `recorded: ${created.body}`);
      const id = created.json().data.id as string;
      const [row] = await screeningsOfSignal(signal.id);
      assert.equal(row!.instrument_id, instruments.observation, 'the row names the instrument version used');
      assert.equal(row!.screened_by, world.coordinator.id, 'the row names who screened');
      const listed = await get(world.coordinator.token, signal.id, 'fr');
      assert.equal(listed.statusCode, 200, `the coordinator reads the screenings: ${listed.body}`);
      const [screening] = listed.json().data;
      assert.deepEqual(
        screening,
        {
          id,
          instrument: { id: instruments.observation, key: 'observation', version: 1, title: 'Observations dans quatre domaines' },
          answers,
          judgement: { wellbeingVulnerable: true, radicalisationVulnerable: false, urgency: 'medium', rationale: RATIONALE },
          category: 2,
          screenedAt: row!.created_at,
        },
        'the screening comes back whole, the title in French',
      );
      const [recorded] = await auditOf('screening.recorded', id);
      assert.ok(recorded, 'screening.recorded is audited');
      assert.equal(recorded.actor_user_id, world.coordinator.id, 'by the coordinator');
      assert.equal(recorded.purpose, 'consult_point', 'with the consult point as purpose');
      assert.deepEqual(
        JSON.parse(recorded.details!),
        { signalId: signal.id, instrumentKey: 'observation', version: 1, category: 2 },
        'with the instrument, its version and the category — no content',
      );
      const viewed = await auditOf('screening.viewed', signal.id);
      assert.deepEqual(
        viewed.map((event) => [event.decision, event.purpose, JSON.parse(event.details!).part, event.actor_user_id]),
        [['permit', 'consult_point', 'api', world.coordinator.id]],
        'the read is audited once, with its purpose',
      );
    });

    test('answers and rationale are sealed: no plaintext in the columns', async () => {
      const signal = await reportSignal(world);
      const created = await post(
        world.coordinator.token,
        signal.id,
        body(
          { wellbeingVulnerable: false, radicalisationVulnerable: true, urgency: 'high' },
          { 'behaviour.observation': [{ fact: FACT, factor: 'risk', unknown: UNKNOWN }] },
        ),
      );
      assert.equal(created.statusCode, 201, `recorded: ${created.body}`);
      const [row] = await screeningsOfSignal(signal.id);
      for (const [column, plain] of [
        ['answers_sealed', FACT],
        ['answers_sealed', UNKNOWN],
        ['rationale_sealed', RATIONALE],
      ] as const) {
        assert.ok(row![column].startsWith('k1.'), `${column} is sealed with key version 1`);
        assert.ok(!row![column].includes(plain), `${column} holds no plaintext`);
        assert.ok(!row![column].includes('Fictional'), `${column} holds no fragment of the text`);
      }
      assert.equal(Number(row!.radicalisation_vulnerable), 1, 'the judgement is in clear');
    });

    test('bad input is 400 validation_failed with every problem named, and nothing is stored', async () => {
      const signal = await reportSignal(world);
      const before = await signalRow(signal.id);
      const auditsBefore = await db()
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'screening.recorded')
        .executeTakeFirstOrThrow();
      const judgement = { wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' };
      const inactiveId = '00000000-0000-4000-8000-000000000000';
      const cases: [string, unknown, string[]][] = [
        [
          'an unknown item',
          body(judgement, { 'behaviour.observation': [], 'behaviour.score': 3 }),
          ['answers.behaviour.score validation.unknown_field'],
        ],
        ['an item of the other instrument', body(judgement, { 'person.isolation': true }), ['answers.person.isolation validation.unknown_field']],
        ['a bad urgency', body({ ...judgement, urgency: 'urgent' }), ['judgement.urgency validation.choice']],
        ['a missing rationale', { ...body(judgement), judgement }, ['judgement.rationale validation.required']],
        ['an empty rationale', body({ ...judgement, rationale: '   ' }), ['judgement.rationale validation.required']],
        [
          'a missing axis',
          body({ radicalisationVulnerable: false, urgency: 'low' } as Judgement),
          ['judgement.wellbeingVulnerable validation.required'],
        ],
        [
          'an observation without a fact',
          body(judgement, { 'behaviour.observation': [{ factor: 'risk' }] }),
          ['answers.behaviour.observation.0.fact validation.required'],
        ],
        [
          'an instrument that is not in use',
          { ...body(judgement), instrumentId: inactiveId },
          ['instrumentId validation.screening.instrument_not_active'],
        ],
        ['an extra field', { ...body(judgement), score: 12 }, ['score validation.unknown_field']],
        [
          'a category sent along',
          { ...body(judgement), judgement: { ...body(judgement).judgement, category: 4 } },
          ['judgement.category validation.unknown_field'],
        ],
      ];
      for (const [what, input, expected] of cases) {
        const response = await post(world.coordinator.token, signal.id, input);
        assert.equal(response.statusCode, 400, `${what}: 400`);
        const error = response.json().error as { code: string; issues: { path: string; messageKey?: string; message: string }[] };
        assert.equal(error.code, 'validation_failed', `${what}: validation_failed`);
        assert.deepEqual(
          error.issues.map((issue) => issue.path),
          expected.map((line) => line.split(' ')[0]),
          `${what}: the problem is named at its path (${JSON.stringify(error.issues)})`,
        );
        assert.ok(
          error.issues.every((issue) => issue.message.length > 0),
          `${what}: every issue has a localised message`,
        );
      }
      assert.deepEqual(await screeningsOfSignal(signal.id), [], 'no screening was stored');
      assert.deepEqual(await signalRow(signal.id), before, 'the signal is unchanged: status, urgency, category, version');
      const auditsAfter = await db()
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'screening.recorded')
        .executeTakeFirstOrThrow();
      assert.equal(Number(auditsAfter.n), Number(auditsBefore.n), 'nothing was audited as recorded');
    });

    test('an older version of an instrument is refused: a new screening uses the version in use', async () => {
      const signal = await reportSignal(world);
      const older = '11111111-1111-4111-8111-111111111111';
      const current = await db().selectFrom('screening_instruments').selectAll().where('id', '=', instruments.observation!).executeTakeFirstOrThrow();
      await db()
        .insertInto('screening_instruments')
        .values({ ...current, id: older, key: 'observation_archive_test', version: 1, active: 0 })
        .execute();
      const response = await post(world.coordinator.token, signal.id, {
        ...body({ wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' }),
        instrumentId: older,
      });
      assert.equal(response.statusCode, 400, 'an inactive version is refused');
      assert.equal(response.json().error.issues[0].path, 'instrumentId', 'on instrumentId');
      await db().deleteFrom('screening_instruments').where('id', '=', older).execute();
    });

    test('the reporter, another professional, the analyst and other networks get the 404 of a missing signal; all audited', async () => {
      const signal = await reportSignal(world);
      const anonymous = await reportSignal(world, { anonymous: true });
      await post(world.coordinator.token, signal.id, body({ wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' }));
      const missing = '22222222-2222-4222-8222-222222222222';
      const valid = body({ wellbeingVulnerable: true, radicalisationVulnerable: true, urgency: 'high' });
      const missingPost = await post(world.coordinator.token, missing, valid);
      const missingGet = await get(world.coordinator.token, missing);
      assert.equal(missingPost.statusCode, 404, 'a missing signal is 404');
      const who = [
        ['the reporter', world.teacher, signal.id],
        ['the anonymous reporter', world.teacher, anonymous.id],
        ['another professional', world.youthWorker, signal.id],
        ['the analyst', world.users.analyst, signal.id],
        ['the DPO', world.users.dpo, signal.id],
        ['the administrator', world.users.admin, signal.id],
        ['a user of another network', world.users.otherTenant, signal.id],
      ] as const;
      for (const [name, user, signalId] of who) {
        const posted = await post(user.token, signalId, valid);
        assert.equal(posted.statusCode, 404, `${name} cannot record a screening: 404`);
        assert.equal(posted.body, missingPost.body, `${name}: byte-identical to a missing signal (POST)`);
        const listed = await get(user.token, signalId);
        assert.equal(listed.statusCode, 404, `${name} cannot list the screenings: 404`);
        assert.equal(listed.body, missingGet.body, `${name}: byte-identical to a missing signal (GET)`);
      }
      assert.equal((await screeningsOfSignal(signal.id)).length, 1, 'only the coordinator’s screening is stored');
      assert.equal((await screeningsOfSignal(anonymous.id)).length, 0, 'nothing was recorded on the anonymous signal');
      const teacherDenials = await db()
        .selectFrom('audit_events')
        .selectAll()
        .where('resource_id', '=', signal.id)
        .where('decision', '=', 'deny')
        .where('actor_user_id', '=', world.teacher.id)
        .execute();
      assert.deepEqual(
        teacherDenials.map((event) => [event.action, JSON.parse(event.details!).attempted]).sort(),
        [
          ['screening.viewed', 'screening.list'],
          ['screening.viewed', 'signals.screen'],
        ],
        'the reporter’s attempts are audited as denied screening reads',
      );
      const anonymousDenials = await db()
        .selectFrom('audit_events')
        .selectAll()
        .where('resource_id', '=', anonymous.id)
        .where('action', '=', 'screening.viewed')
        .where('decision', '=', 'deny')
        .execute();
      assert.ok(anonymousDenials.length >= 2, 'the anonymous reporter’s attempts are audited too');
      for (const event of anonymousDenials) assert.equal(event.actor_user_id, null, 'the anonymous reporter is not named in the trail');
      for (const event of anonymousDenials) assert.notEqual(event.actor_organisation_id, world.teacher.organisationId, 'nor their organisation');
    });

    test('a decided signal is no longer screened: 403, audited, nothing stored', async () => {
      const signal = await reportSignal(world);
      await decideSignal(
        { signalId: signal.id, input: { outcome: 'no_concern', rationale: 'Fictional: nothing worrying after the conversation.' } },
        world.coordinator.actor,
        env.ctx,
      );
      assert.equal((await signalRow(signal.id)).status, 'closed', 'the decision closed the signal');
      const denialsBefore = await auditEvents(db())
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.coordinator.id)
        .execute();
      const response = await post(
        world.coordinator.token,
        signal.id,
        body({ wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' }),
      );
      assert.equal(response.statusCode, 403, 'a closed signal is not screened');
      assert.equal(response.json().error.code, 'forbidden', 'forbidden');
      assert.deepEqual(await screeningsOfSignal(signal.id), [], 'nothing stored');
      const denialsAfter = await auditEvents(db())
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.coordinator.id)
        .execute();
      assert.deepEqual(
        denialsAfter.slice(denialsBefore.length).map((event) => JSON.parse(event.details!).deniedAction),
        ['signals.screen'],
        'the refusal is audited as a denied signals.screen',
      );
      const listed = await get(world.coordinator.token, signal.id);
      assert.equal(listed.statusCode, 200, 'its screenings can still be read');
    });

    test('the summary for the referral holds the version, observations, judgement, category and urgency in plain text', async () => {
      const signal = await reportSignal(world);
      await post(
        world.coordinator.token,
        signal.id,
        body(
          { wellbeingVulnerable: false, radicalisationVulnerable: true, urgency: 'high' },
          { 'behaviour.observation': [{ fact: FACT, factor: 'risk', unknown: UNKNOWN }] },
        ),
      );
      const read = await readSignal(env.ctx, world.coordinator.actor, signal.id, 'referral');
      const summary = await screeningSummary(env.ctx, read, 'en');
      assert.ok(summary, 'there is a summary');
      for (const part of ['Observations in four areas, version 1', FACT, 'risk factor', UNKNOWN, 'Category 3:', 'high', RATIONALE])
        assert.ok(summary.includes(part), `the summary holds "${part}"`);
      assert.ok(!/score/i.test(summary), 'the summary never speaks of a score');
      const reporterRead = await readSignal(env.ctx, world.teacher.actor, signal.id, 'overview');
      assert.equal(await screeningSummary(env.ctx, reporterRead, 'en'), null, 'the reporter’s read never opens the screenings');
      const unscreened = await reportSignal(world);
      assert.equal(
        await screeningSummary(env.ctx, await readSignal(env.ctx, world.coordinator.actor, unscreened.id, 'referral'), 'en'),
        null,
        'no screening, no summary',
      );
    });

    test('a read of the screenings fails closed when its audit write fails: no content without the event', async () => {
      const signal = await reportSignal(world);
      const recorded = await post(
        world.coordinator.token,
        signal.id,
        body(
          { wellbeingVulnerable: false, radicalisationVulnerable: false, urgency: 'low' },
          { 'behaviour.observation': [{ fact: FACT, factor: 'risk' }] },
        ),
      );
      assert.equal(recorded.statusCode, 201, 'recorded');
      await db().schema.alterTable('audit_segments').renameTo('audit_segments_off').execute();
      try {
        await assert.rejects(readScreenings(env.ctx, world.coordinator.actor, signal.id, 'api'), 'no read of the screenings without its audit event');
        const response = await get(world.coordinator.token, signal.id);
        assert.notEqual(response.statusCode, 200, 'the API does not answer with the screenings');
        assert.ok(!response.body.includes(FACT), 'and leaks no observation');
      } finally {
        await db().schema.alterTable('audit_segments_off').renameTo('audit_segments').execute();
      }
    });

    test('the screening routes are described in the OpenAPI document', async () => {
      const document = (await app.inject({ url: '/api/openapi.json' })).json();
      const path = document.paths['/api/v1/signals/{id}/screenings'];
      assert.deepEqual(Object.keys(path ?? {}).sort(), ['get', 'post'], 'GET and POST /api/v1/signals/{id}/screenings are described');
      assert.match(path.post.summary, /never computed from the answers/, 'the POST says the answers never compute the category');
      assert.ok(JSON.stringify(path.post).includes('wellbeingVulnerable'), 'the body describes the judgement');
    });

    const signIn = async (user: { email: string; totpSecret: string }) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      await client.get('/'); // the signed-in session's CSRF token
      return client;
    };

    test('the screening tab renders in nl, fr and en: the form of the chosen instrument, the judgement, no category before recording', async () => {
      const signal = await reportSignal(world);
      const client = await signIn(world.coordinator);
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await client.post('/language', { locale, returnTo: '/' });
        const t = translator(locale);
        const page = await client.get(`/signals/${signal.id}/screening?instrument=observation`);
        assert.equal(page.statusCode, 200, `the tab answers 200 in ${locale}`);
        assert.ok(page.body.includes(`<html lang="${locale}"`), `the page is in ${locale}`);
        assert.ok(
          page.body.includes(`href="/signals/${signal.id}/screening" aria-current="page"`),
          'inside the signal’s frame, the screening tab marked current',
        );
        for (const text of [
          t('screening.judgement.wellbeing'),
          t('screening.judgement.radicalisation'),
          t('screening.urgency.medium'),
          t('screening.judgement.rationale'),
          t('screening.recorded.none'),
        ])
          assert.ok(page.body.includes(html(text)), `the ${locale} page shows "${text}"`);
        const title = { nl: 'Observaties in vier domeinen', fr: 'Observations dans quatre domaines', en: 'Observations in four areas' }[locale];
        assert.ok(page.body.includes(html(title)), `the instrument's ${locale} title is shown`);
        assert.equal((page.body.match(/<fieldset class="observation-row">/g) ?? []).length, 12, 'three empty rows in each of the four areas');
        assert.ok(page.body.includes('name="answers.behaviour.observation.0.fact"'), 'the rows are named by the API paths');
        assert.ok(!page.body.includes(html(t('screening.category.label', { category: 1 }))), 'no category is shown before one is recorded');
        assert.ok(!/score/i.test(page.body.replace(/screening/gi, '')), `the ${locale} page never speaks of a score`);
        const checklist = await client.get(`/signals/${signal.id}/screening?instrument=factors`);
        assert.ok(checklist.body.includes('name="answers.person.isolation" value="present"'), 'the checklist is a list of checkboxes');
      }
      await client.post('/language', { locale: 'nl', returnTo: '/' });
    });

    test('the tab works without JavaScript: add a row, errors at their field, record, then the category explained', async () => {
      const signal = await reportSignal(world);
      const client = await signIn(world.coordinator);
      await client.post('/language', { locale: 'en', returnTo: '/' });
      const url = `/signals/${signal.id}/screening`;
      const form = {
        instrumentId: instruments.observation!,
        'rows.behaviour.observation': '3',
        'answers.behaviour.observation.0.fact': FACT,
        'answers.behaviour.observation.0.factor': 'risk',
      };
      const more = await client.post(url, { ...form, addRow: 'behaviour.observation' });
      assert.equal(more.statusCode, 200, 'adding a row draws the form again');
      assert.ok(more.body.includes('name="answers.behaviour.observation.3.fact"'), 'with a fourth row in that area');
      assert.ok(more.body.includes(html(FACT)), 'keeping what was typed');
      assert.deepEqual(await screeningsOfSignal(signal.id), [], 'nothing was recorded by adding a row');

      const invalid = await client.post(url, {
        ...form,
        'rows.behaviour.observation': '4',
        'answers.behaviour.observation.2.unknown': UNKNOWN,
        'judgement.urgency': 'low',
      });
      assert.equal(invalid.statusCode, 400, 'a form with problems answers 400');
      assert.ok(invalid.body.includes('class="error-summary"'), 'with an error summary');
      assert.ok(
        invalid.body.includes('href="#field-answers-behaviour-observation-2-fact"'),
        'the row without a fact is named where it stood (row 3)',
      );
      assert.ok(invalid.body.includes('href="#field-judgement-rationale"'), 'the missing rationale is named');
      assert.ok(invalid.body.includes('href="#field-judgement-wellbeingVulnerable"'), 'the unanswered axis is named');
      assert.deepEqual(await screeningsOfSignal(signal.id), [], 'nothing was recorded');

      const readsBefore = (await auditOf('screening.viewed', signal.id)).length;
      const recorded = await client.post(url, {
        ...form,
        'judgement.wellbeingVulnerable': 'no',
        'judgement.radicalisationVulnerable': 'yes',
        'judgement.urgency': 'high',
        'judgement.rationale': RATIONALE,
        'answers.behaviour.observation.1.unknown': '',
      });
      assert.equal(recorded.statusCode, 303, `recording redirects: ${recorded.body.slice(0, 300)}`);
      assert.equal(recorded.headers.location, url, 'back to the tab');
      const [row] = await screeningsOfSignal(signal.id);
      assert.equal(Number(row?.category), 3, 'the form recorded category 3');
      assert.equal((await auditOf('screening.viewed', signal.id)).length, readsBefore, 'a recording that redirects reads nothing');
      const after = await client.get(url);
      const t = translator('en');
      assert.ok(after.body.includes(html(t('flash.screening_recorded'))), 'the flash says it was recorded');
      assert.ok(after.body.includes(html(t('screening.category.label', { category: 3 }))), 'the category is shown once recorded');
      assert.ok(after.body.includes(html(t('screening.category.3'))), 'explained as the judgement on the two axes');
      assert.ok(after.body.includes(html(t('screening.category.explain'))), 'with how it follows from the judgement');
      assert.ok(after.body.includes(html(FACT)) && after.body.includes(html(RATIONALE)), 'the observation and rationale are shown');
      assert.ok(after.body.includes('Observations in four areas, version 1'), 'the version used is shown');
      await client.post('/language', { locale: 'nl', returnTo: '/' });
    });

    test('Enter records: the form opens with a record button (no add-row name), and a post without the add-row name records', async () => {
      const signal = await reportSignal(world);
      const client = await signIn(world.coordinator);
      await client.post('/language', { locale: 'en', returnTo: '/' });
      const url = `/signals/${signal.id}/screening`;
      const page = await client.get(`${url}?instrument=observation`);
      const form = /<form[^>]*action="[^"]*\/screening#screening-form-title"[^>]*>([\s\S]*?)<\/form>/.exec(page.body)?.[1];
      assert.ok(form, 'the tab has the screening form');
      const buttons = [...form.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)];
      const [firstButton] = buttons;
      assert.ok(firstButton, 'the form has submit buttons');
      const t = translator('en');
      assert.ok(!/\bname=/.test(firstButton[1]!), `the first submit button (the one Enter presses) has no add-row name: ${firstButton[1]}`);
      assert.ok(!/type="button"/.test(firstButton[1]!), 'the first button is a submit button');
      assert.equal(firstButton[2]!.trim(), html(t('screening.form.submit')), 'the first submit button says it records');
      assert.ok(!/aria-hidden/.test(firstButton[1]!), 'it is not hidden from assistive technology');
      assert.ok(/tabindex="-1"/.test(firstButton[1]!), 'it is out of the tab order (the visible record button ends the form)');
      assert.ok(
        buttons.slice(1).some(([, attributes]) => /name="addRow"/.test(attributes!)),
        'the add-row buttons still follow, for adding a row without JavaScript',
      );
      assert.ok(buttons.at(-1)![1]!.includes('class="primary"'), 'the visible record button ends the form');

      // What a browser sends on Enter: the form's fields and the default button, which has no name.
      const recorded = await client.post(url, {
        instrumentId: instruments.observation!,
        'rows.behaviour.observation': '3',
        'answers.behaviour.observation.0.fact': FACT,
        'answers.behaviour.observation.0.factor': 'risk',
        'judgement.wellbeingVulnerable': 'yes',
        'judgement.radicalisationVulnerable': 'no',
        'judgement.urgency': 'low',
        'judgement.rationale': RATIONALE,
      });
      assert.equal(recorded.statusCode, 303, `a post without the add-row name records and redirects: ${recorded.body.slice(0, 300)}`);
      const rows = await screeningsOfSignal(signal.id);
      assert.equal(rows.length, 1, 'one screening was recorded');
      assert.equal(Number(rows[0]?.category), 2, 'with the category of the judgement (well-being only)');
      await client.post('/language', { locale: 'nl', returnTo: '/' });
    });

    test('the tab is the coordinator’s: the reporter and others get 404 on GET and POST', async () => {
      const signal = await reportSignal(world);
      const missing = await (await signIn(world.coordinator)).get('/signals/33333333-3333-4333-8333-333333333333/screening');
      assert.equal(missing.statusCode, 404, 'a missing signal is 404');
      for (const [name, user] of [
        ['the reporter', world.teacher],
        ['another professional', world.youthWorker],
        ['the analyst', world.users.analyst],
      ] as const) {
        const client = await signIn(user);
        const page = await client.get(`/signals/${signal.id}/screening`);
        assert.equal(page.statusCode, 404, `${name} gets 404 for the tab`);
        const posted = await client.post(`/signals/${signal.id}/screening`, {
          instrumentId: instruments.observation!,
          'judgement.rationale': RATIONALE,
        });
        assert.equal(posted.statusCode, 404, `${name} gets 404 posting the form`);
      }
      assert.deepEqual(await screeningsOfSignal(signal.id), [], 'nothing was recorded');
    });
  });
}
