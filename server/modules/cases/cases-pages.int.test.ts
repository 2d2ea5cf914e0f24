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
      db()
        .selectFrom('audit_events')
        .select(['action', 'purpose', 'case_id'])
        .where('actor_user_id', '=', userId)
        .where('action', 'in', ['case.viewed', 'case.items_viewed', 'case.timeline_viewed'])
        .orderBy('day')
        .orderBy('seq')
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
      assert.equal(visitor.statusCode, 303);
      assert.equal(visitor.headers.location, '/login?next=%2Fcases');

      const coordinator = await as('coordinator');
      const list = await coordinator.get('/cases');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`<h1>${html(t('cases.title'))}</h1>`));
      assert.ok(list.body.includes(`<a href="/cases/${world.caseA.id}">${world.caseA.reference}</a>`));
      assert.ok(list.body.includes(`<a href="/cases/${world.caseB.id}">${world.caseB.reference}</a>`));
      assert.ok(list.body.includes(html(t('cases.age_band.12-15'))));
      assert.ok(!list.body.includes('Verhaegen-Test') && !list.body.includes('Noor'), 'no names in the list');
      assert.ok(list.body.includes('<a class="button" href="/cases/new">'), 'the coordinator may open a case');

      const filtered = await coordinator.get(`/cases?tableId=${world.tables.adults}&sort=reference`);
      assert.ok(!filtered.body.includes(world.caseA.reference) && filtered.body.includes(world.caseB.reference));

      const search = await coordinator.post('/cases/search', { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' });
      assert.equal(search.statusCode, 200);
      assert.ok(search.body.includes(html(t('cases.caption_person', { count: 1 }))));
      assert.ok(search.body.includes(world.caseA.reference) && !search.body.includes(`>${world.caseB.reference}<`));
      const incomplete = await coordinator.post('/cases/search', { familyName: 'Verhaegen-Test' });
      assert.equal(incomplete.statusCode, 400);
      assert.equal(textOf(incomplete.body, 'field-search-birthDate-error'), html(t('validation.required')));

      const guest = await as('guestThisCase');
      const guestList = await guest.get('/cases');
      assert.equal(guestList.statusCode, 200);
      assert.ok(guestList.body.includes(world.caseA.reference) && !guestList.body.includes(world.caseB.reference));
      assert.ok(!guestList.body.includes('/cases/new') && !guestList.body.includes('/cases/search'), 'no new case, no person search');
      assert.equal((await guest.post('/cases/search', { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' })).statusCode, 403);
      assert.equal((await (await as('admin')).get('/cases')).statusCode, 403);
    });

    test('the coordinator opens a case through the form; a bad form keeps the input and shows the error next to the field', async () => {
      const coordinator = await as('coordinator');
      const before = await countCases();
      const form = await coordinator.get('/cases/new');
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes(`<option value="${world.tables.minors}">Partnertafel minderjarigen</option>`));
      assert.match(form.body, /<fieldset id="field-case-identityDisclosure" class="field" aria-describedby="field-case-identityDisclosure-hint">/);
      assert.equal(textOf(form.body, 'field-case-identityDisclosure-anonymous-hint'), html(t('cases.disclosure.anonymous_hint')));

      const fields = {
        tableId: world.tables.minors,
        theme: 'gangs',
        summary: 'Fictief: spijbelt en hangt rond bij het station.',
        identityDisclosure: 'anonymous',
        'subject.familyName': 'Testmans',
        'subject.gender': 'x',
      };
      const missing = await coordinator.post('/cases/new', { ...fields, summary: '' });
      assert.equal(missing.statusCode, 400);
      assert.equal(textOf(missing.body, 'field-case-summary-error'), html(t('validation.required')));
      assert.match(
        missing.body,
        /<textarea id="field-case-summary" name="summary"[^>]*aria-invalid="true" aria-describedby="field-case-summary-hint field-case-summary-error"/,
      );

      const anonymousWithName = await coordinator.post('/cases/new', fields);
      assert.equal(anonymousWithName.statusCode, 400);
      assert.equal(textOf(anonymousWithName.body, 'field-case-subject-familyName-error'), html(t('validation.case.anonymous_no_identity')));
      assert.ok(anonymousWithName.body.includes(`<a href="#field-case-subject-familyName">`), 'the error summary links to the field');
      assert.equal(inputValue(anonymousWithName.body, 'subject.familyName'), 'Testmans', 'the typed name is kept');
      assert.match(anonymousWithName.body, /<textarea id="field-case-summary"[^>]*>Fictief: spijbelt en hangt rond bij het station.<\/textarea>/);
      assert.match(anonymousWithName.body, new RegExp(`<option value="${world.tables.minors}" selected="">`));
      assert.match(anonymousWithName.body, /value="anonymous" checked=""/);
      assert.equal(await countCases(), before, 'nothing was created');

      const contextWithoutRole = await coordinator.post('/cases/new', { ...fields, identityDisclosure: 'restricted', 'context.givenName': 'Ria' });
      assert.equal(contextWithoutRole.statusCode, 400);
      assert.equal(textOf(contextWithoutRole.body, 'field-case-context-role-error'), html(t('validation.required')));
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
      assert.equal(created.statusCode, 303);
      const location = String(created.headers.location);
      assert.match(location, /^\/cases\/[0-9a-f-]{36}$/);
      assert.equal(await countCases(), before + 1);
      const page = await coordinator.get(location);
      assert.equal(page.statusCode, 200);
      const row = await db().selectFrom('cases').select('reference').where('id', '=', location.split('/')[2]!).executeTakeFirstOrThrow();
      assert.match(page.body, new RegExp(`<h1>${html(t('cases.case_title', { reference: row.reference }))}</h1>`));
      assert.ok(page.body.includes(html(t('flash.case_created'))));
      assert.ok(page.body.includes('Testmans') && page.body.includes('Lotte'), 'the coordinator sees the identity');
      assert.ok(page.body.includes(`${html(t('cases.context_role.parent'))} · Ria Testmans`), 'and the person around the subject');
      assert.ok(page.body.includes(html(t('cases.theme.gangs'))));
    });

    test('a guest sees only the items they may read, no identity, and only the forms their role allows', async () => {
      const tableItem = 'Fictief: de school meldt veel afwezigheid.';
      const ownNote = 'Fictief: interne werknotitie van de politie.';
      const careNote = 'Fictief: afspraak binnen het zorgnetwerk.';
      await addWorldItem(env.ctx, world, { body: tableItem, audience: 'table', legalBasis: 'art_458ter', classes: ['school'] });
      await addWorldItem(env.ctx, world, { body: ownNote, audience: 'own_organisation', legalBasis: 'cooperation_protocol', classes: ['police'] });
      await addWorldItem(env.ctx, world, { body: careNote, audience: 'care_network', legalBasis: 'art_458ter' }, 'careNetwork');

      const guest = await as('guestThisCase');
      const readsBefore = await caseReadsOf(world.users.guestThisCase.id);
      const page = await guest.get(`/cases/${world.caseA.id}`);
      assert.equal(page.statusCode, 200);
      const reads = (await caseReadsOf(world.users.guestThisCase.id)).slice(readsBefore.length);
      assert.deepEqual(
        reads.map((event) => [event.action, event.purpose, event.case_id]),
        [['case.viewed', 'guest', world.caseA.id]],
        'one page view is one audited read, with the purpose that opened the case',
      );
      const items = sectionOf(page.body, 'items');
      assert.ok(items.includes(html(tableItem)), 'the table item is shown');
      assert.ok(items.includes(html(t('cases.legal_basis.art_458ter'))) && items.includes(html(t('cases.item_class.school'))));
      assert.ok(items.includes('Politiezone Rivierstede'), 'the author organisation is shown');
      assert.ok(!page.body.includes(html(ownNote)) && !page.body.includes(html(careNote)), 'nothing the guest may not read');
      const timeline = sectionOf(page.body, 'timeline');
      assert.equal(timeline.split(html(t('cases.event.item_added'))).length - 1, 1, 'the timeline does not betray the hidden items');
      for (const identity of ['Verhaegen-Test', 'Noor', '2010-05-14', '14/05/2010']) assert.ok(!page.body.includes(identity), `no ${identity}`);
      assert.ok(page.body.includes(html(t('cases.identity_hidden'))));
      assert.ok(!page.body.includes('id="edit-heading"') && !page.body.includes(`action="/cases/${world.caseA.id}/participants"`));
      assert.ok(!page.body.includes(`action="/cases/${world.caseA.id}/close"`) && !page.body.includes(`action="/cases/${world.caseA.id}/consents"`));
      assert.ok(page.body.includes(`action="/cases/${world.caseA.id}/items"`), 'every participant may add information');
      assert.match(page.body, /<fieldset id="field-item-audience" class="field" aria-describedby="field-item-audience-hint"><legend>/);
      assert.match(
        page.body,
        /<input type="radio" id="field-item-audience-table" name="audience" value="table" aria-describedby="field-item-audience-table-hint"/,
      );
      assert.equal(textOf(page.body, 'field-item-legalBasis-consent-hint'), html(t('cases.legal_basis.consent_hint')));

      const coordinator = await as('coordinator');
      const coordinatorPage = await coordinator.get(`/cases/${world.caseA.id}`);
      assert.ok(
        coordinatorPage.body.includes(html(tableItem)) && !coordinatorPage.body.includes(html(ownNote)),
        'the coordinator reads the table, not a working note',
      );
      assert.ok(coordinatorPage.body.includes('Verhaegen-Test'), 'restricted: the coordinator sees the identity');
    });

    test('the rules of an item are explained next to its fields when they do not fit together', async () => {
      const coordinator = await as('coordinator');
      const before = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      const refused = await coordinator.post(`/cases/${world.caseA.id}/items`, {
        body: 'Fictief: zonder toestemming.',
        audience: 'table',
        legalBasis: 'consent',
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(textOf(refused.body, 'field-item-consentId-error'), html(t('validation.case.consent_required')));
      assert.match(refused.body, /<textarea id="field-item-body"[^>]*>Fictief: zonder toestemming.<\/textarea>/);
      assert.match(refused.body, /id="field-item-legalBasis-consent" name="legalBasis" value="consent" checked=""/);
      const after = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      assert.equal(after, before);
    });

    test('an edit made against an older version shows the current values next to the input, and saves nothing', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseB.id;
      const page = await coordinator.get(`/cases/${caseId}`);
      const version = Number(inputValue(page.body, 'version'));
      const colleague = 'Fictief: samenvatting intussen aangepast door een collega.';
      await updateCase({ caseId, expectedVersion: version, input: { summary: colleague } }, world.users.coordinator.actor, env.ctx);

      const mine = 'Fictief: mijn eigen versie van de samenvatting.';
      const stale = await coordinator.post(`/cases/${caseId}`, { version: String(version), summary: mine, theme: 'gangs' });
      assert.equal(stale.statusCode, 409);
      const conflict = sectionOf(stale.body, 'conflict-title');
      assert.ok(conflict.startsWith(`>${html(t('cases.conflict.title'))}`));
      assert.ok(conflict.includes(html(colleague)) && conflict.includes(html(mine)), 'current value and input side by side');
      assert.ok(conflict.includes(html(t('cases.theme.drugs'))) && conflict.includes(html(t('cases.theme.gangs'))));
      assert.match(stale.body, new RegExp(`<textarea id="field-edit-summary"[^>]*>${html(mine)}</textarea>`), 'the input is kept');
      assert.match(stale.body, /<option value="gangs" selected="">/);
      assert.equal(inputValue(stale.body, 'version'), String(version + 1), 'saving again is made against the current version');
      const stored = await viewCase({ caseId }, world.users.coordinator.actor, env.ctx);
      assert.equal(stored.data.summary, colleague);
      assert.equal(stored.data.theme, 'drugs');

      const saved = await coordinator.post(`/cases/${caseId}`, { version: String(version + 1), summary: mine, theme: 'gangs' });
      assert.equal(saved.statusCode, 303);
      const changed = await viewCase({ caseId }, world.users.coordinator.actor, env.ctx);
      assert.equal(changed.data.summary, mine);
      assert.equal(changed.data.theme, 'gangs');
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
      const before = await guest.get(`/cases/${world.caseA.id}`);
      assert.ok(sectionOf(before.body, 'items').includes(html(body)));
      assert.ok(!before.body.includes(`/consents/${consentId}/withdraw`), 'the guest may not withdraw it');

      const coordinator = await as('coordinator');
      const page = await coordinator.get(`/cases/${world.caseA.id}`);
      const action = `/cases/${world.caseA.id}/consents/${consentId}/withdraw`;
      assert.ok(page.body.includes(`action="${action}"`));
      const withdrawn = await coordinator.post(action, {});
      assert.equal(withdrawn.statusCode, 303);
      assert.equal(withdrawn.headers.location, `/cases/${world.caseA.id}`);
      const row = await db().selectFrom('case_consents').select('withdrawn_at').where('id', '=', consentId).executeTakeFirstOrThrow();
      assert.notEqual(row.withdrawn_at, null);

      const afterPage = await guest.get(`/cases/${world.caseA.id}`);
      assert.equal(afterPage.statusCode, 200);
      assert.ok(!afterPage.body.includes(html(body)), 'the item is gone for the guest');
      const coordinatorAfter = await coordinator.get(`/cases/${world.caseA.id}`);
      assert.ok(coordinatorAfter.body.includes(html(t('flash.case_consent_withdrawn'))));
      assert.ok(coordinatorAfter.body.includes(html(body)), 'the author organisation keeps its contribution');

      const twice = await coordinator.post(action, {});
      assert.equal(twice.statusCode, 409);
      assert.ok(twice.body.includes(html(t('cases.conflict.consent_already_withdrawn'))));
    });

    test('the coordinator raises the disclosure of an anonymous case with the identity, closes it and reopens it', async () => {
      const coordinator = await as('coordinator');
      const caseId = world.caseB.id;
      const versionOn = async () => inputValue((await coordinator.get(`/cases/${caseId}`)).body, 'version')!;
      const anonymous = await coordinator.get(`/cases/${caseId}`);
      assert.ok(anonymous.body.includes(html(t('cases.identity_anonymous'))));
      assert.ok(anonymous.body.includes('id="field-disclosure-subject-familyName"'), 'from anonymous, the identity can be given');
      assert.ok(!anonymous.body.includes('id="field-disclosure-level-anonymous"'), 'only higher levels are offered');

      const raised = await coordinator.post(`/cases/${caseId}/disclosure`, {
        version: await versionOn(),
        level: 'restricted',
        rationale: 'Fictief: de case-verantwoordelijke moet weten over wie het gaat.',
        'subject.familyName': 'Fictief-Peeters',
        'subject.birthDate': '2005-08-01',
      });
      assert.equal(raised.statusCode, 303);
      const afterRaise = await coordinator.get(`/cases/${caseId}`);
      assert.ok(afterRaise.body.includes(html(t('flash.case_disclosure_raised'))) && afterRaise.body.includes('Fictief-Peeters'));
      assert.ok(sectionOf(afterRaise.body, 'timeline').includes(html(t('cases.event.disclosure_raised'))));

      const missing = await coordinator.post(`/cases/${caseId}/close`, { version: await versionOn(), rationale: 'Fictief.' });
      assert.equal(missing.statusCode, 400);
      assert.equal(textOf(missing.body, 'field-close-outcome-error'), html(t('validation.required')));
      const closed = await coordinator.post(`/cases/${caseId}/close`, {
        version: await versionOn(),
        outcome: 'regular_care',
        rationale: 'Fictief: overgedragen aan de reguliere hulpverlening.',
      });
      assert.equal(closed.statusCode, 303);
      const closedPage = await coordinator.get(`/cases/${caseId}`);
      assert.ok(closedPage.body.includes(html(t('cases.outcome.regular_care'))));
      assert.ok(closedPage.body.includes(`action="/cases/${caseId}/reopen"`) && !closedPage.body.includes(`action="/cases/${caseId}/items"`));

      const late = await coordinator.post(`/cases/${caseId}/items`, { body: 'Fictief: te laat.', audience: 'table', legalBasis: 'art_458ter' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, new RegExp(`<div class="error-summary" role="alert" tabindex="-1"><p>${html(t('cases.conflict.case_closed'))}</p>`));

      const reopened = await coordinator.post(`/cases/${caseId}/reopen`, { version: await versionOn(), reason: 'Fictief: nieuwe zorgen gemeld.' });
      assert.equal(reopened.statusCode, 303);
      const openAgain = await coordinator.get(`/cases/${caseId}`);
      assert.ok(openAgain.body.includes(html(t('flash.case_reopened'))) && openAgain.body.includes(`action="/cases/${caseId}/close"`));
    });

    test('a professional without a relation to the case gets the same 404 page as for a missing case, and changes nothing', async () => {
      const outsider = await as('outsider');
      const hidden = await outsider.get(`/cases/${world.caseA.id}`);
      const missing = await outsider.get('/cases/00000000-0000-4000-8000-000000000000');
      assert.equal(hidden.statusCode, 404);
      assert.equal(missing.statusCode, 404);
      const heading = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];
      assert.equal(heading(hidden.body), html(t('errors.not_found')));
      assert.equal(heading(hidden.body), heading(missing.body));
      assert.ok(!hidden.body.includes(world.caseA.reference));
      const before = (await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length;
      const post = await outsider.post(`/cases/${world.caseA.id}/items`, { body: 'Fictief.', audience: 'table', legalBasis: 'art_458ter' });
      assert.equal(post.statusCode, 404);
      assert.equal((await db().selectFrom('case_items').select('id').where('case_id', '=', world.caseA.id).execute()).length, before);
      const list = await outsider.get('/cases');
      assert.ok(!list.body.includes(world.caseA.reference));
    });

    test('every form of the case page answers 404 to an outsider and 403 to a guest for what only the coordinator may do; nothing changes', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.city]);
      const forms: [string, Record<string, string>][] = [
        ['', { version: '1', summary: 'Overgeschreven', theme: 'other' }],
        ['/participants', { userId: world.users.outsider.id, role: 'guest' }],
        ['/participants/remove', { userId: world.users.guestThisCase.id }],
        ['/consents', { givenBy: 'subject', organisationIds: world.organisations.city, purpose: 'x' }],
        [`/consents/${consentId}/withdraw`, {}],
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
