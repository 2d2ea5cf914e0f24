import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addWorldItem, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, inputValue, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The part of a page from the element with this id on. */
const sectionOf = (body: string, id: string) => body.split(`id="${id}"`)[1] ?? '';

/** The label of the tab marked as the current page, if any. */
const currentTab = (body: string) => /<nav[^>]*id="case-tabs"[\s\S]*?aria-current="page">([^<]*)</.exec(body)?.[1];

/** The error summary of a form (by its scope) up to its end. */
const summaryOf = (body: string, scope: string) => sectionOf(body, `${scope}-error-summary-title`).split('</div>')[0] ?? '';

for (const target of databaseTargets()) {
  describe(`case page tabs on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const clients = new Map<WorldActor, PageClient>();
    const t = translator('nl');
    const db = () => env.database.handle.db;
    const readsOf = async (userId: string) =>
      auditEvents(db())
        .select(['action', 'purpose', 'case_id', 'details'])
        .where('actor_user_id', '=', userId)
        .where('action', 'in', ['case.viewed', 'case.items_viewed', 'case.timeline_viewed'])
        .execute();

    const as = async (who: WorldActor): Promise<PageClient> => {
      const known = clients.get(who);
      if (known) return known;
      const client = new PageClient(app);
      const user = world.users[who];
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(who, client);
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      await addWorldItem(env.ctx, world, { body: 'Fictief: de school meldt afwezigheid.', audience: 'table', legalBasis: 'art_458ter' });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('each tab is its own page: the case reference as h1, the tab list with the current tab, and one audited read of that tab', async () => {
      const coordinator = await as('coordinator');
      const expected: [string, string, string, Record<string, unknown>][] = [
        ['', 'overview', 'summary-heading', { part: 'overview', items: 1 }],
        ['/information', 'information', 'items', { part: 'information', items: 1 }],
        ['/people', 'people', 'participants', { part: 'people' }],
        ['/history', 'history', 'timeline', { part: 'history', timeline: 4 }],
        ['/manage', 'manage', 'edit-heading', { part: 'manage' }],
      ];
      for (const [path, tab, section, details] of expected) {
        const readsBefore = (await readsOf(world.users.coordinator.id)).length;
        const page = await coordinator.get(`/cases/${world.caseA.id}${path}`);
        assert.equal(page.statusCode, 200, `the ${tab} tab answers 200`);
        assert.ok(
          page.body.includes(`<h1>${html(t('cases.case_title', { reference: world.caseA.reference }))}</h1>`),
          `the ${tab} tab's h1 is the case`,
        );
        assert.equal(currentTab(page.body), html(t(`cases.tab.${tab}`)), `the ${tab} tab is marked aria-current="page"`);
        assert.ok(page.body.includes(`id="${section}"`), `the ${tab} tab shows its section #${section}`);
        assert.ok(
          page.body.includes(`<title>${html(t('cases.tab_title', { tab: t(`cases.tab.${tab}`), reference: world.caseA.reference }))}`),
          `the ${tab} tab has a title of its own`,
        );
        const reads = (await readsOf(world.users.coordinator.id)).slice(readsBefore);
        assert.deepEqual(
          reads.map((event) => [event.action, event.purpose, event.case_id, event.details ? JSON.parse(event.details) : null]),
          [['case.viewed', 'coordination', world.caseA.id, details]],
          `the ${tab} tab is one audited read of that tab`,
        );
      }
    });

    test('a tab opens only what it shows: no items on People, no participants on Information, nothing but the case on Manage', async () => {
      const coordinator = await as('coordinator');
      const item = html('Fictief: de school meldt afwezigheid.');
      const participant = 'id="participants"';
      const information = await coordinator.get(`/cases/${world.caseA.id}/information`);
      const people = await coordinator.get(`/cases/${world.caseA.id}/people`);
      const history = await coordinator.get(`/cases/${world.caseA.id}/history`);
      const manage = await coordinator.get(`/cases/${world.caseA.id}/manage`);
      assert.ok(information.body.includes(item) && !information.body.includes(participant), 'Information: the items, no participants');
      assert.ok(!people.body.includes(item) && people.body.includes(participant) && people.body.includes('id="consents"'), 'People: no items');
      assert.ok(!history.body.includes(item) && history.body.includes('id="timeline"'), 'History: the timeline, no item texts');
      assert.ok(!manage.body.includes(item) && !manage.body.includes(participant), 'Manage: neither items nor participants');
    });

    test('a partner professional has no Manage tab (404) and sees the add-item form on Information', async () => {
      const professional = await as('keyFigureThisTable');
      const overview = await professional.get(`/cases/${world.caseA.id}`);
      assert.equal(overview.statusCode, 200, 'the overview answers 200');
      assert.ok(!overview.body.includes(`/cases/${world.caseA.id}/manage"`), 'no link to the Manage tab');
      assert.ok(overview.body.includes(`href="/cases/${world.caseA.id}/information#add-item"`), 'the overview points to the add-item form');
      const manage = await professional.get(`/cases/${world.caseA.id}/manage`);
      assert.equal(manage.statusCode, 404, 'the Manage tab is invisible to a professional');
      const information = await professional.get(`/cases/${world.caseA.id}/information`);
      assert.ok(information.body.includes(`action="/cases/${world.caseA.id}/items#add-item"`), 'the add-item form lands back at itself');
    });

    test('a form sent with an error is drawn again on its tab, the summary above it naming the field', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseA.id;
      const version = inputValue((await coordinator.get(`/cases/${caseId}/manage`)).body, 'version')!;
      const required = t('validation.required');
      const cases: [string, Record<string, string>, string, string, string, string][] = [
        ['/items', { body: '', audience: 'table', legalBasis: 'art_458ter' }, 'information', 'item', 'add-item', t('cases.item.body')],
        ['/participants', { role: 'guest' }, 'people', 'participant', 'add-participant', t('cases.field.participant')],
        [
          '/consents',
          { organisationIds: world.organisations.city, purpose: 'Fictief.' },
          'people',
          'consent',
          'record-consent',
          t('cases.consent.given_by_legend'),
        ],
        ['', { version, summary: '', theme: 'drugs' }, 'manage', 'edit', 'edit-heading', t('cases.field.summary')],
        ['/close', { version, rationale: 'Fictief.' }, 'manage', 'close', 'close-heading', t('cases.field.outcome')],
        ['/disclosure', { version, rationale: 'Fictief.' }, 'manage', 'disclosure', 'disclosure-heading', t('cases.field.new_level')],
      ];
      for (const [path, fields, tab, scope, anchor, label] of cases) {
        const refused = await coordinator.post(`/cases/${caseId}${path}`, fields);
        assert.equal(refused.statusCode, 400, `POST ${path || '/'} with an error answers 400`);
        assert.equal(currentTab(refused.body), html(t(`cases.tab.${tab}`)), `POST ${path || '/'} is drawn on the ${tab} tab`);
        const summary = summaryOf(refused.body, scope);
        assert.ok(
          summary.includes(html(t('form.error_line', { field: label, message: required }))),
          `the summary of ${scope} names "${label}": ${summary}`,
        );
        const atAnchor = sectionOf(refused.body, anchor);
        assert.ok(atAnchor.indexOf(`${scope}-error-summary-title`) >= 0, `the summary of ${scope} stands below #${anchor}`);
        assert.ok(refused.body.includes(`action="/cases/${caseId}${path}#${anchor}"`), `the ${scope} form's action carries #${anchor}`);
      }
    });

    test('a saved form redirects to its tab and section, where the saved-message is drawn; htmx is told the same with HX-Location', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseA.id;
      const saved = await coordinator.post(`/cases/${caseId}/items`, {
        body: 'Fictief: nieuwe informatie.',
        audience: 'table',
        legalBasis: 'art_458ter',
      });
      assert.equal(saved.statusCode, 303, 'a saved item answers 303');
      assert.equal(saved.headers.location, `/cases/${caseId}/information#items`, 'to the items on the Information tab');
      const page = await coordinator.get(`/cases/${caseId}/information`);
      const items = sectionOf(page.body, 'items');
      assert.ok(
        items.startsWith(`>${html(t('cases.items_title'))}</h2><p class="flash" role="status"`),
        `the flash follows the heading the anchor names: ${items.slice(0, 200)}`,
      );
      assert.equal(page.body.split('class="flash"').length - 1, 1, 'the saved-message is drawn once');

      const boosted = await coordinator.post(
        `/cases/${caseId}/participants`,
        { userId: world.users.keyFigureOtherTable.id, role: 'guest' },
        { 'hx-request': 'true', 'hx-boosted': 'true' },
      );
      assert.equal(boosted.statusCode, 200, 'an htmx request is answered 200 with a location to load');
      assert.deepEqual(
        JSON.parse(String(boosted.headers['hx-location'])),
        { path: `/cases/${caseId}/people#participants`, target: 'body' },
        'HX-Location names the tab and section with its fragment',
      );
      const people = await coordinator.get(`/cases/${caseId}/people`);
      assert.ok(
        sectionOf(people.body, 'participants').includes(html(t('flash.case_participant_added'))),
        'the flash is drawn in the participants section',
      );
      assert.ok(!sectionOf(people.body, 'case-tabs').split('id="participants"')[0]!.includes('class="flash"'), 'and not above it');
    });

    test('a closed case: reopening with an error is drawn on Manage naming the reason field', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseB.id;
      const version = inputValue((await coordinator.get(`/cases/${caseId}/manage`)).body, 'version')!;
      const closed = await coordinator.post(`/cases/${caseId}/close`, { version, outcome: 'regular_care', rationale: 'Fictief: overgedragen.' });
      assert.equal(closed.headers.location, `/cases/${caseId}/manage#case-tabs`, 'closing returns to the Manage tab');
      const manage = await coordinator.get(`/cases/${caseId}/manage`);
      assert.ok(sectionOf(manage.body, 'case-tabs').includes(html(t('flash.case_closed'))), 'the flash follows the tab list');
      const reopenVersion = inputValue(manage.body, 'version')!;
      const refused = await coordinator.post(`/cases/${caseId}/reopen`, { version: reopenVersion, reason: '' });
      assert.equal(refused.statusCode, 400, 'reopening without a reason answers 400');
      assert.equal(currentTab(refused.body), html(t('cases.tab.manage')), 'drawn on the Manage tab');
      assert.ok(
        summaryOf(refused.body, 'reopen').includes(html(t('form.error_line', { field: t('cases.field.reason'), message: t('validation.required') }))),
        'the summary names the reason field',
      );
    });
  });
}
