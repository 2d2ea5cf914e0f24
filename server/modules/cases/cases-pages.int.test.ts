import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addWorldConsent, addWorldItem, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, inputValue, signInWithPages, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { updateCase } from './update-case.ts';
import { viewCase } from './view-case.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The part of a page from the element with this id on. */
const sectionOf = (body: string, id: string) => body.split(`id="${id}"`)[1] ?? '';

for (const target of databaseTargets()) {
  describe(`case pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const clients = new Map<WorldActor, PageClient>();
    const t = translator('nl');
    const db = () => env.database.handle.db;
    const caseReadsOf = async (userId: string) =>
      auditEvents(db())
        .select(['action', 'purpose', 'case_id'])
        .where('actor_user_id', '=', userId)
        .where('action', 'in', ['case.viewed', 'case.items_viewed', 'case.timeline_viewed'])
        .execute();
    const countCases = async () => (await db().selectFrom('cases').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;

    /** A browser signed in as one of the world's people (signed in once, then reused). */
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
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the list shows references and age bands, never names; the coordinator finds a person by name and birth date', async () => {
      const visitor = await new PageClient(app).get('/cases');
      assert.equal(visitor.statusCode, 303, 'the visitor request answers 303 See Other');
      assert.equal(visitor.headers.location, '/login?next=%2Fcases', 'visitor.headers.location is "/login?next=%2Fcases"');

      const coordinator = await as('coordinator');
      const list = await coordinator.get('/cases');
      assert.equal(list.statusCode, 200, 'the list request answers 200 OK');
      assert.match(list.body, new RegExp(`<h1>${html(t('cases.title'))}</h1>`), "list.body matches new RegExp(`<h1>${html(t('cases.title'))}</h1>`)");
      assert.ok(
        list.body.includes(`<a href="/cases/${world.caseA.id}">${world.caseA.reference}</a>`),
        'list.body contains `<a href="/cases/${world.caseA.id}">${world.caseA.reference…',
      );
      assert.ok(
        list.body.includes(`<a href="/cases/${world.caseB.id}">${world.caseB.reference}</a>`),
        'list.body contains `<a href="/cases/${world.caseB.id}">${world.caseB.reference…',
      );
      assert.ok(list.body.includes(html(t('cases.age_band.12-15'))), "list.body contains html(t('cases.age_band.12-15'))");
      assert.ok(!list.body.includes('Verhaegen-Test') && !list.body.includes('Noor'), 'no names in the list');
      assert.ok(list.body.includes('<a class="button" href="/cases/new">'), 'the coordinator may open a case');

      const filtered = await coordinator.get(`/cases?tableId=${world.tables.adults}&sort=reference`);
      assert.ok(
        !filtered.body.includes(world.caseA.reference) && filtered.body.includes(world.caseB.reference),
        'filtered.body does not contain world.caseA.reference, and filtered.body contains world.caseB.reference',
      );

      const search = await coordinator.post('/cases/search', { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' });
      assert.equal(search.statusCode, 200, 'the search request answers 200 OK');
      assert.ok(
        search.body.includes(html(t('cases.caption_person', { count: 1 }))),
        "search.body contains html(t('cases.caption_person', { count: 1 }))",
      );
      assert.ok(
        search.body.includes(world.caseA.reference) && !search.body.includes(`>${world.caseB.reference}<`),
        'search.body contains world.caseA.reference, and search.body does not contain `>${world.caseB.reference}<`',
      );
      const incomplete = await coordinator.post('/cases/search', { familyName: 'Verhaegen-Test' });
      assert.equal(incomplete.statusCode, 400, 'the incomplete request answers 400 Bad Request');
      assert.equal(
        textOf(incomplete.body, 'field-search-birthDate-error'),
        html(t('validation.required')),
        "textOf(incomplete.body, 'field-search-birthDate-error') is html(t('validation.required'))",
      );

      const guest = await as('guestThisCase');
      const guestList = await guest.get('/cases');
      assert.equal(guestList.statusCode, 200, 'the guest list request answers 200 OK');
      assert.ok(
        guestList.body.includes(world.caseA.reference) && !guestList.body.includes(world.caseB.reference),
        'guestList.body contains world.caseA.reference, and guestList.body does not contain world.caseB.reference',
      );
      assert.ok(!guestList.body.includes('/cases/new') && !guestList.body.includes('/cases/search'), 'no new case, no person search');
      assert.equal(
        (await guest.post('/cases/search', { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' })).statusCode,
        403,
        "guest.post('/cases/search') answers 403 Forbidden",
      );
      assert.equal((await (await as('admin')).get('/cases')).statusCode, 403, "as('admin').get('/cases') answers 403 Forbidden");
    });

    test('the coordinator opens a case through the form; a bad form keeps the input and shows the error next to the field', async () => {
      const coordinator = await as('coordinator');
      const before = await countCases();
      const form = await coordinator.get('/cases/new');
      assert.equal(form.statusCode, 200, 'the form request answers 200 OK');
      assert.ok(
        form.body.includes(`<option value="${world.tables.minors}">Partnertafel minderjarigen</option>`),
        'form.body contains `<option value="${world.tables.minors}">Partnertafel minder…',
      );
      assert.match(
        form.body,
        /<fieldset id="field-case-identityDisclosure" class="field" aria-describedby="field-case-identityDisclosure-hint">/,
        'form.body matches /<fieldset id="field-case-identityDisclosure" class="field" aria-describedby="f…',
      );
      assert.equal(
        textOf(form.body, 'field-case-identityDisclosure-anonymous-hint'),
        html(t('cases.disclosure.anonymous_hint')),
        "textOf(form.body, 'field-case-identityDisclosure-anonymous-hint') is html(t('cases.disclosure.anonymous_hint'))",
      );

      const fields = {
        tableId: world.tables.minors,
        theme: 'gangs',
        summary: 'Fictief: spijbelt en hangt rond bij het station.',
        identityDisclosure: 'anonymous',
        'subject.familyName': 'Testmans',
        'subject.gender': 'x',
      };
      const missing = await coordinator.post('/cases/new', { ...fields, summary: '' });
      assert.equal(missing.statusCode, 400, 'the missing request answers 400 Bad Request');
      assert.equal(
        textOf(missing.body, 'field-case-summary-error'),
        html(t('validation.required')),
        "textOf(missing.body, 'field-case-summary-error') is html(t('validation.required'))",
      );
      assert.match(
        missing.body,
        /<textarea id="field-case-summary" name="summary"[^>]*aria-invalid="true" aria-describedby="field-case-summary-hint field-case-summary-error"/,
        'missing.body matches /<textarea id="field-case-summary" name="summary"[^>]*aria-invalid="true" aria-…',
      );

      const anonymousWithName = await coordinator.post('/cases/new', fields);
      assert.equal(anonymousWithName.statusCode, 400, 'the anonymous with name request answers 400 Bad Request');
      assert.equal(
        textOf(anonymousWithName.body, 'field-case-subject-familyName-error'),
        html(t('validation.case.anonymous_no_identity')),
        "textOf(anonymousWithName.body, 'field-case-subject-familyName-error') is html(t('validation.case.anonymous_no_identity'))",
      );
      assert.ok(anonymousWithName.body.includes(`<a href="#field-case-subject-familyName">`), 'the error summary links to the field');
      assert.equal(inputValue(anonymousWithName.body, 'subject.familyName'), 'Testmans', 'the typed name is kept');
      assert.match(
        anonymousWithName.body,
        /<textarea id="field-case-summary"[^>]*>Fictief: spijbelt en hangt rond bij het station.<\/textarea>/,
        'anonymousWithName.body matches /<textarea id="field-case-summary"[^>]*>Fictief: spijbelt en hangt rond bij het…',
      );
      assert.match(
        anonymousWithName.body,
        new RegExp(`<option value="${world.tables.minors}" selected="">`),
        'anonymousWithName.body matches new RegExp(`<option value="${world.tables.minors}" selected="">`)',
      );
      assert.match(anonymousWithName.body, /value="anonymous" checked=""/, 'anonymousWithName.body matches /value="anonymous" checked=""/');
      assert.equal(await countCases(), before, 'nothing was created');

      const contextWithoutRole = await coordinator.post('/cases/new', { ...fields, identityDisclosure: 'restricted', 'context.givenName': 'Ria' });
      assert.equal(contextWithoutRole.statusCode, 400, 'the context without role request answers 400 Bad Request');
      assert.equal(
        textOf(contextWithoutRole.body, 'field-case-context-role-error'),
        html(t('validation.required')),
        "textOf(contextWithoutRole.body, 'field-case-context-role-error') is html(t('validation.required'))",
      );
      assert.equal(inputValue(contextWithoutRole.body, 'context.givenName'), 'Ria', 'the typed name is kept');
      assert.equal(await countCases(), before, 'nothing was created');

      const created = await coordinator.post('/cases/new', {
        ...fields,
        identityDisclosure: 'restricted',
        'subject.givenName': 'Lotte',
        'subject.birthDate': '2011-03-09',
        'context.role': 'parent',
        'context.givenName': 'Ria',
        'context.familyName': 'Testmans',
        caseOwnerOrganisationId: world.organisations.youthCare,
      });
      assert.equal(created.statusCode, 303, 'the created request answers 303 See Other');
      const location = String(created.headers.location);
      assert.match(location, /^\/cases\/[0-9a-f-]{36}$/, 'location matches /^\\/cases\\/[0-9a-f-]{36}$/');
      assert.equal(await countCases(), before + 1, 'countCases() is before + 1');
      const page = await coordinator.get(location);
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      const row = await db().selectFrom('cases').select('reference').where('id', '=', location.split('/')[2]!).executeTakeFirstOrThrow();
      assert.match(
        page.body,
        new RegExp(`<h1>${html(t('cases.case_title', { reference: row.reference }))}</h1>`),
        "page.body matches new RegExp(`<h1>${html(t('cases.case_title', { reference: row.reference }))}</h…",
      );
      assert.ok(page.body.includes(html(t('flash.case_created'))), "page.body contains html(t('flash.case_created'))");
      assert.ok(page.body.includes('Testmans') && page.body.includes('Lotte'), 'the coordinator sees the identity');
      assert.ok(page.body.includes(`${html(t('cases.context_role.parent'))} · Ria Testmans`), 'and the person around the subject');
      assert.ok(page.body.includes(html(t('cases.theme.gangs'))), "page.body contains html(t('cases.theme.gangs'))");
    });

    test('a guest sees only the items they may read, no identity, and only the forms their role allows', async () => {
      const tableItem = 'Fictief: de school meldt veel afwezigheid.';
      const ownNote = 'Fictief: interne werknotitie van de politie.';
      const careNote = 'Fictief: afspraak binnen het zorgnetwerk.';
      await addWorldItem(env.ctx, world, { body: tableItem, audience: 'table', legalBasis: 'art_458ter', classes: ['school'] });
      await addWorldItem(env.ctx, world, { body: ownNote, audience: 'own_organisation', legalBasis: 'cooperation_protocol', classes: ['police'] });
      await addWorldItem(env.ctx, world, { body: careNote, audience: 'care_network', legalBasis: 'legal_obligation' }, 'careNetwork');

      const guest = await as('guestThisCase');
      const readsBefore = await caseReadsOf(world.users.guestThisCase.id);
      const page = await guest.get(`/cases/${world.caseA.id}/information`);
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      const reads = (await caseReadsOf(world.users.guestThisCase.id)).slice(readsBefore.length);
      assert.deepEqual(
        reads.map((event) => [event.action, event.purpose, event.case_id]),
        [['case.viewed', 'guest', world.caseA.id]],
        'one page view is one audited read, with the purpose that opened the case',
      );
      const overview = await guest.get(`/cases/${world.caseA.id}`);
      const history = await guest.get(`/cases/${world.caseA.id}/history`);
      const people = await guest.get(`/cases/${world.caseA.id}/people`);
      const manage = await guest.get(`/cases/${world.caseA.id}/manage`);
      assert.equal(manage.statusCode, 404, "the Manage tab is the coordinator's: invisible to a guest");
      const tabs = [page.body, overview.body, history.body, people.body].join('');
      const items = sectionOf(page.body, 'items');
      assert.ok(items.includes(html(tableItem)), 'the table item is shown');
      assert.ok(
        items.includes(html(t('cases.legal_basis.art_458ter'))) && items.includes(html(t('cases.item_class.school'))),
        "items contains html(t('cases.legal_basis.art_458ter')), and items contains html(t('cases.item_class.school'))",
      );
      assert.ok(items.includes('Politiezone Rivierstede'), 'the author organisation is shown');
      assert.ok(!tabs.includes(html(ownNote)) && !tabs.includes(html(careNote)), 'nothing the guest may not read, on any tab');
      const timeline = sectionOf(history.body, 'timeline');
      assert.equal(timeline.split(html(t('cases.event.item_added'))).length - 1, 1, 'the timeline does not betray the hidden items');
      for (const identity of ['Verhaegen-Test', 'Noor', '2010-05-14', '14/05/2010', '14 mei 2010'])
        assert.ok(!tabs.includes(identity), `no ${identity} on any tab`);
      assert.ok(overview.body.includes(html(t('cases.identity_hidden'))), "the overview contains html(t('cases.identity_hidden'))");
      assert.ok(
        !tabs.includes('id="edit-heading"') && !tabs.includes(`action="/cases/${world.caseA.id}/participants`),
        'no tab has the edit form or the add-participant form for a guest',
      );
      assert.ok(
        !tabs.includes(`action="/cases/${world.caseA.id}/close`) && !tabs.includes(`action="/cases/${world.caseA.id}/consents`),
        'no tab has the close form or the consent form for a guest',
      );
      assert.ok(!tabs.includes(`href="/cases/${world.caseA.id}/manage"`), 'the guest has no Manage tab');
      assert.ok(page.body.includes(`action="/cases/${world.caseA.id}/items#add-item"`), 'every participant may add information');
      assert.match(
        page.body,
        /<fieldset id="field-item-audience" class="field" aria-describedby="field-item-audience-hint"><legend>/,
        'page.body matches /<fieldset id="field-item-audience" class="field" aria-describedby="field-item-…',
      );
      assert.match(
        page.body,
        /<input type="radio" id="field-item-audience-table" name="audience" value="table" aria-describedby="field-item-audience-table-hint"/,
        'page.body matches /<input type="radio" id="field-item-audience-table" name="audience" value="tabl…',
      );
      assert.equal(
        textOf(page.body, 'field-item-legalBasis-consent-hint'),
        html(t('cases.legal_basis.consent_hint')),
        "textOf(page.body, 'field-item-legalBasis-consent-hint') is html(t('cases.legal_basis.consent_hint'))",
      );

      const coordinator = await as('coordinator');
      const coordinatorPage = await coordinator.get(`/cases/${world.caseA.id}/information`);
      assert.ok(
        coordinatorPage.body.includes(html(tableItem)) && !coordinatorPage.body.includes(html(ownNote)),
        'the coordinator reads the table, not a working note',
      );
      const coordinatorOverview = await coordinator.get(`/cases/${world.caseA.id}`);
      assert.ok(coordinatorOverview.body.includes('Verhaegen-Test'), 'restricted: the coordinator sees the identity');
    });

    test('the rules of an item are explained next to its fields when they do not fit together', async () => {
      const coordinator = await as('coordinator');
      const before = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      const refused = await coordinator.post(`/cases/${world.caseA.id}/items`, {
        body: 'Fictief: zonder toestemming.',
        audience: 'table',
        legalBasis: 'consent',
      });
      assert.equal(refused.statusCode, 400, 'the refused request answers 400 Bad Request');
      assert.equal(
        textOf(refused.body, 'field-item-consentId-error'),
        html(t('validation.case.consent_required')),
        "textOf(refused.body, 'field-item-consentId-error') is html(t('validation.case.consent_required'))",
      );
      assert.match(
        refused.body,
        /<textarea id="field-item-body"[^>]*>Fictief: zonder toestemming.<\/textarea>/,
        'refused.body matches /<textarea id="field-item-body"[^>]*>Fictief: zonder toestemming.<\\/textarea>/',
      );
      assert.match(
        refused.body,
        /id="field-item-legalBasis-consent" name="legalBasis" value="consent" checked=""/,
        'refused.body matches /id="field-item-legalBasis-consent" name="legalBasis" value="consent" checked="…',
      );
      const after = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      assert.equal(after, before, 'after is unchanged (before)');
    });

    test('an edit made against an older version shows the current values next to the input, and saves nothing', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseB.id;
      const page = await coordinator.get(`/cases/${caseId}/manage`);
      const version = Number(inputValue(page.body, 'version'));
      const colleague = 'Fictief: samenvatting intussen aangepast door een collega.';
      await updateCase({ caseId, expectedVersion: version, input: { summary: colleague } }, world.users.coordinator.actor, env.ctx);

      const mine = 'Fictief: mijn eigen versie van de samenvatting.';
      const stale = await coordinator.post(`/cases/${caseId}`, { version: String(version), summary: mine, theme: 'gangs' });
      assert.equal(stale.statusCode, 409, 'the stale request answers 409 Conflict');
      const conflict = sectionOf(stale.body, 'conflict-title');
      assert.ok(conflict.startsWith(`>${html(t('cases.conflict.title'))}`), "conflict starts with `>${html(t('cases.conflict.title'))}`");
      assert.ok(conflict.includes(html(colleague)) && conflict.includes(html(mine)), 'current value and input side by side');
      assert.ok(
        conflict.includes(html(t('cases.theme.drugs'))) && conflict.includes(html(t('cases.theme.gangs'))),
        "conflict contains html(t('cases.theme.drugs')), and conflict contains html(t('cases.theme.gangs'))",
      );
      assert.match(stale.body, new RegExp(`<textarea id="field-edit-summary"[^>]*>${html(mine)}</textarea>`), 'the input is kept');
      assert.match(stale.body, /<option value="gangs" selected="">/, 'stale.body matches /<option value="gangs" selected="">/');
      assert.equal(inputValue(stale.body, 'version'), String(version + 1), 'saving again is made against the current version');
      const stored = await viewCase({ caseId }, world.users.coordinator.actor, env.ctx);
      assert.equal(stored.data.summary, colleague, 'stored.data.summary is colleague');
      assert.equal(stored.data.theme, 'drugs', 'stored.data.theme is "drugs"');

      const saved = await coordinator.post(`/cases/${caseId}`, { version: String(version + 1), summary: mine, theme: 'gangs' });
      assert.equal(saved.statusCode, 303, 'the saved request answers 303 See Other');
      const changed = await viewCase({ caseId }, world.users.coordinator.actor, env.ctx);
      assert.equal(changed.data.summary, mine, 'changed.data.summary is mine');
      assert.equal(changed.data.theme, 'gangs', 'changed.data.theme is "gangs"');
    });

    test('withdrawing a consent removes the item resting on it from the guest’s page', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.welfare]);
      const body = 'Fictief: met toestemming gedeeld met het OCMW.';
      await addWorldItem(
        env.ctx,
        world,
        { body, audience: 'organisations', organisationIds: [world.organisations.welfare], legalBasis: 'consent', consentId },
        'coordinator',
      );
      const guest = await as('guestThisCase');
      const before = await guest.get(`/cases/${world.caseA.id}/information`);
      assert.ok(sectionOf(before.body, 'items').includes(html(body)), "sectionOf(before.body, 'items') contains html(body)");
      const guestPeople = await guest.get(`/cases/${world.caseA.id}/people`);
      assert.ok(!guestPeople.body.includes(`/consents/${consentId}/withdraw`), 'the guest may not withdraw it');

      const coordinator = await as('coordinator');
      const page = await coordinator.get(`/cases/${world.caseA.id}/people`);
      const action = `/cases/${world.caseA.id}/consents/${consentId}/withdraw`;
      assert.ok(page.body.includes(`href="${action}"`), 'the People tab links to the confirmation page `${action}`');
      const withdrawal = { withdrawnOn: env.clock.now().toISOString().slice(0, 10), reason: 'Fictief: de moeder wil het zelf vertellen.' };
      const withdrawn = await coordinator.post(action, withdrawal);
      assert.equal(withdrawn.statusCode, 303, 'the withdrawn request answers 303 See Other');
      assert.equal(withdrawn.headers.location, `/cases/${world.caseA.id}/people#consents`, 'the redirect goes to the consents on the People tab');
      const row = await db().selectFrom('case_consents').select('withdrawn_at').where('id', '=', consentId).executeTakeFirstOrThrow();
      assert.notEqual(row.withdrawn_at, null, 'row.withdrawn_at is not null');

      const afterPage = await guest.get(`/cases/${world.caseA.id}/information`);
      assert.equal(afterPage.statusCode, 200, 'the after page request answers 200 OK');
      assert.ok(!afterPage.body.includes(html(body)), 'the item is gone for the guest');
      const coordinatorAfter = await coordinator.get(`/cases/${world.caseA.id}/people`);
      assert.ok(
        sectionOf(coordinatorAfter.body, 'consents').includes(html(t('flash.case_consent_withdrawn'))),
        'the saved-message is drawn in the consents section',
      );
      const coordinatorItems = await coordinator.get(`/cases/${world.caseA.id}/information`);
      assert.ok(coordinatorItems.body.includes(html(body)), 'the author organisation keeps its contribution');

      const twice = await coordinator.post(action, withdrawal);
      assert.equal(twice.statusCode, 409, 'the twice request answers 409 Conflict');
      assert.ok(
        twice.body.includes(html(t('cases.conflict.consent_already_withdrawn'))),
        "twice.body contains html(t('cases.conflict.consent_already_withdrawn'))",
      );
    });

    test('the coordinator raises the disclosure of an anonymous case with the identity, closes it and reopens it', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseB.id;
      const versionOn = async () => inputValue((await coordinator.get(`/cases/${caseId}/manage`)).body, 'version')!;
      const anonymous = await coordinator.get(`/cases/${caseId}`);
      assert.ok(anonymous.body.includes(html(t('cases.identity_anonymous'))), "anonymous.body contains html(t('cases.identity_anonymous'))");
      const manage = await coordinator.get(`/cases/${caseId}/manage`);
      assert.ok(manage.body.includes('id="field-disclosure-subject-familyName"'), 'from anonymous, the identity can be given');
      assert.ok(!manage.body.includes('id="field-disclosure-level-anonymous"'), 'only higher levels are offered');

      const raised = await coordinator.post(`/cases/${caseId}/disclosure`, {
        version: await versionOn(),
        level: 'restricted',
        rationale: 'Fictief: de case-verantwoordelijke moet weten over wie het gaat.',
        'subject.familyName': 'Fictief-Peeters',
        'subject.birthDate': '2005-08-01',
      });
      assert.equal(raised.statusCode, 303, 'the raised request answers 303 See Other');
      assert.equal(raised.headers.location, `/cases/${caseId}/manage#case-tabs`, 'back to the Manage tab, below the tab list');
      const afterRaise = await coordinator.get(`/cases/${caseId}/manage`);
      assert.ok(afterRaise.body.includes(html(t('flash.case_disclosure_raised'))), 'the Manage tab shows the saved-message');
      const overviewAfter = await coordinator.get(`/cases/${caseId}`);
      assert.ok(overviewAfter.body.includes('Fictief-Peeters'), 'the overview shows the identity given');
      const historyAfter = await coordinator.get(`/cases/${caseId}/history`);
      assert.ok(
        sectionOf(historyAfter.body, 'timeline').includes(html(t('cases.event.disclosure_raised'))),
        "sectionOf(historyAfter.body, 'timeline') contains html(t('cases.event.disclosure_raised'))",
      );

      const missing = await coordinator.post(`/cases/${caseId}/close`, { version: await versionOn(), rationale: 'Fictief.' });
      assert.equal(missing.statusCode, 400, 'the missing request answers 400 Bad Request');
      assert.equal(
        textOf(missing.body, 'field-close-outcome-error'),
        html(t('validation.required')),
        "textOf(missing.body, 'field-close-outcome-error') is html(t('validation.required'))",
      );
      const closed = await coordinator.post(`/cases/${caseId}/close`, {
        version: await versionOn(),
        outcome: 'regular_care',
        rationale: 'Fictief: overgedragen aan de reguliere hulpverlening.',
      });
      assert.equal(closed.statusCode, 303, 'the closed request answers 303 See Other');
      const closedPage = await coordinator.get(`/cases/${caseId}`);
      assert.ok(closedPage.body.includes(html(t('cases.outcome.regular_care'))), "closedPage.body contains html(t('cases.outcome.regular_care'))");
      const closedManage = await coordinator.get(`/cases/${caseId}/manage`);
      const closedInformation = await coordinator.get(`/cases/${caseId}/information`);
      assert.ok(
        closedManage.body.includes(`action="/cases/${caseId}/reopen#reopen-heading"`) &&
          !closedInformation.body.includes(`action="/cases/${caseId}/items`),
        'a closed case offers reopening on Manage and no add-item form on Information',
      );

      const late = await coordinator.post(`/cases/${caseId}/items`, { body: 'Fictief: te laat.', audience: 'table', legalBasis: 'art_458ter' });
      assert.equal(late.statusCode, 409, 'the late request answers 409 Conflict');
      assert.match(
        late.body,
        new RegExp(`<div class="error-summary" role="alert" tabindex="-1"><p>${html(t('cases.conflict.case_closed'))}</p>`),
        'late.body matches new RegExp(`<div class="error-summary" role="alert" tabindex="-1"><p>${html(t(\'…',
      );

      const reopened = await coordinator.post(`/cases/${caseId}/reopen`, { version: await versionOn(), reason: 'Fictief: nieuwe zorgen gemeld.' });
      assert.equal(reopened.statusCode, 303, 'the reopened request answers 303 See Other');
      const openAgain = await coordinator.get(`/cases/${caseId}/manage`);
      assert.ok(
        openAgain.body.includes(html(t('flash.case_reopened'))) && openAgain.body.includes(`action="/cases/${caseId}/close#close-heading"`),
        'the Manage tab shows the saved-message and the close form again',
      );
    });

    test('a professional without a relation to the case gets the same 404 page as for a missing case, and changes nothing', async () => {
      const outsider = await as('outsider');
      const hidden = await outsider.get(`/cases/${world.caseA.id}`);
      const missing = await outsider.get('/cases/00000000-0000-4000-8000-000000000000');
      assert.equal(hidden.statusCode, 404, 'the hidden request answers 404 Not Found');
      assert.equal(missing.statusCode, 404, 'the missing request answers 404 Not Found');
      const heading = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];
      assert.equal(heading(hidden.body), html(t('errors.not_found')), "heading(hidden.body) is html(t('errors.not_found'))");
      assert.equal(heading(hidden.body), heading(missing.body), 'heading(hidden.body) is heading(missing.body)');
      assert.ok(!hidden.body.includes(world.caseA.reference), 'hidden.body does not contain world.caseA.reference');
      for (const tab of ['information', 'people', 'history', 'manage']) {
        const hiddenTab = await outsider.get(`/cases/${world.caseA.id}/${tab}`);
        assert.equal(hiddenTab.statusCode, 404, `the ${tab} tab of a case the outsider cannot see answers 404`);
        assert.ok(!hiddenTab.body.includes(world.caseA.reference), `the ${tab} tab's 404 does not name the case`);
      }
      const before = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      const post = await outsider.post(`/cases/${world.caseA.id}/items`, { body: 'Fictief.', audience: 'table', legalBasis: 'art_458ter' });
      assert.equal(post.statusCode, 404, 'the post request answers 404 Not Found');
      assert.equal(
        (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length,
        before,
        "the number of (await db().selectFrom('case_items').select('id').where('ca… is unchanged (before)",
      );
      const list = await outsider.get('/cases');
      assert.ok(!list.body.includes(world.caseA.reference), 'list.body does not contain world.caseA.reference');
    });

    test('every form of the case page answers 404 to an outsider and 403 to a guest for what only the coordinator may do; nothing changes', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.city]);
      const forms: [string, Record<string, string>][] = [
        ['', { version: '1', summary: 'Overgeschreven', theme: 'other' }],
        ['/participants', { userId: world.users.outsider.id, role: 'guest' }],
        ['/participants/remove', { userId: world.users.guestThisCase.id }],
        [`/participants/${world.users.guestThisCase.id}/remove`, {}],
        ['/consents', { givenBy: 'subject', organisationIds: world.organisations.city, purpose: 'x' }],
        [`/consents/${consentId}/withdraw`, { withdrawnOn: env.clock.now().toISOString().slice(0, 10), reason: 'x' }],
        ['/close', { version: '1', outcome: 'moved_away', rationale: 'x' }],
        ['/disclosure', { version: '1', level: 'table', rationale: 'x' }],
      ];
      const snapshot = async () => ({
        caseRow: await db()
          .selectFrom('cases')
          .select(['version', 'status', 'identity_disclosure'])
          .where('id', '=', world.caseA.id)
          .executeTakeFirstOrThrow(),
        participants: (await db().selectFrom('case_participants').select('user_id').where('case_id', '=', world.caseA.id).execute()).length,
        consents: await db().selectFrom('case_consents').select(['id', 'withdrawn_at']).where('case_id', '=', world.caseA.id).orderBy('id').execute(),
      });
      const before = await snapshot();
      const outsider = await as('outsider');
      const guest = await as('guestThisCase');
      for (const [path, fields] of [...forms, ['/reopen', { version: '1', reason: 'x' }] as [string, Record<string, string>]]) {
        const hidden = await outsider.post(`/cases/${world.caseA.id}${path}`, fields);
        assert.equal(hidden.statusCode, 404, `outsider × POST ${path || '/'}`);
      }
      for (const [path, fields] of forms) {
        const refused = await guest.post(`/cases/${world.caseA.id}${path}`, fields);
        assert.equal(refused.statusCode, 403, `guest × POST ${path || '/'}`);
      }
      assert.deepEqual(await snapshot(), before, 'nothing changed');
    });
  });
}
