import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { auditEvents } from '../../test/audit-events.ts';

const SAMPLE = JSON.parse(readFileSync(new URL('./hsds-sample.json', import.meta.url), 'utf8')) as Record<string, unknown>[];

const newEntry = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `${name}: een fictief aanbod voor de test.`,
  organisation: { name: `Aanbieder ${name}` },
  ...extra,
});

for (const target of databaseTargets()) {
  describe(`directory API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let professional: Awaited<ReturnType<typeof seedUser>>;
    let otherOrgProfessional: Awaited<ReturnType<typeof seedUser>>;
    let analyst: Awaited<ReturnType<typeof seedUser>>;
    let otherCoordinator: Awaited<ReturnType<typeof seedUser>>;
    let welfareId: string;

    const db = () => env.database.handle.db;
    const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });
    const post = (url: string, payload: unknown, token: string) =>
      app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as Record<string, unknown> });
    const patch = (url: string, payload: unknown, token: string, version: number) =>
      app.inject({ method: 'PATCH', url, headers: { ...bearer(token), 'if-match': `"${version}"` }, payload: payload as Record<string, unknown> });
    const names = async (query: string, token = professional.token) => {
      const response = await get(`/api/v1/directory/services?${query}`, token);
      assert.equal(response.statusCode, 200, `the search ${query} answers 200: ${response.body}`);
      return (response.json().data as { name: string }[]).map((entry) => entry.name).sort();
    };
    const events = async (action: string) =>
      (await auditEvents(db()).select(['resource_id', 'details', 'actor_user_id']).where('action', '=', action).execute()).map((row) => ({
        resource: row.resource_id,
        actor: row.actor_user_id,
        details: row.details ? JSON.parse(row.details) : null,
      }));
    const serviceCount = async (tenantId = tenant.tenantId) =>
      (await db().selectFrom('directory_services').select('id').where('tenant_id', '=', tenantId).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      welfareId = (
        await createOrganisation(
          { input: { name: 'OCMW Rivierstede', sector: 'welfare', secrecyRegime: 'professional_secrecy' } },
          tenant.admin,
          env.ctx,
        )
      ).id;
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      professional = await seedUser(env.ctx, tenant, ['professional'], { organisationId: welfareId });
      otherOrgProfessional = await seedUser(env.ctx, tenant, ['professional']);
      analyst = await seedUser(env.ctx, tenant, ['analyst']);
      otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('HSDS import: a sample made after the specification imports, is idempotent and survives the round trip', async () => {
      const first = await post('/api/v1/directory/import/hsds', SAMPLE, coordinator.token);
      assert.equal(first.statusCode, 200, `the import answers 200: ${first.body}`);
      assert.deepEqual(first.json(), { data: { created: 3, updated: 0 } }, 'three services are created');
      const providers = await db().selectFrom('directory_organisations').select('hsds_id').where('tenant_id', '=', tenant.tenantId).execute();
      assert.equal(providers.length, 2, 'two services share one organization: two providers, not three');

      const again = await post('/api/v1/directory/import/hsds', SAMPLE, coordinator.token);
      assert.deepEqual(again.json(), { data: { created: 0, updated: 0 } }, 'importing the same document again changes nothing');
      assert.equal(await serviceCount(), 3, 'no service is duplicated');

      const exported = await get('/api/v1/directory/export/hsds', professional.token);
      assert.equal(exported.statusCode, 200, 'a professional exports the map');
      const document = exported.json() as Record<string, unknown>[];
      assert.equal(document.length, 3, 'the export holds the three services');
      const creche = document.find((service) => service.id === 'ac148810-d857-441c-9679-408f346de14b')!;
      assert.equal(creche.name, 'Crèche De Speelvogel', 'the name travels unchanged');
      assert.deepEqual(
        (creche.x_partnertafel as Record<string, unknown>).interpreter_languages,
        ['ar'],
        'the profile extension carries the interpreter language',
      );
      assert.equal((creche.organization as Record<string, unknown>).legal_status, 'vzw', 'HSDS fields we do not use travel unchanged');
      assert.ok(Array.isArray(creche.cost_options) && creche.phones && creche.schedules && creche.contacts, 'the nested HSDS parts are exported');
      const location = (creche.service_at_locations as { location: Record<string, unknown> }[])[0]!.location;
      assert.equal((location.addresses as { city: string }[])[0]!.city, 'Rivierstede', 'the location keeps its address');
      assert.ok(location.accessibility, 'the location keeps its accessibility');

      const roundTrip = await post('/api/v1/directory/import/hsds', document, coordinator.token);
      assert.deepEqual(roundTrip.json(), { data: { created: 0, updated: 0 } }, 'import → export → import changes nothing');
      const second = await get('/api/v1/directory/export/hsds', coordinator.token);
      assert.deepEqual(second.json(), document, 'the second export equals the first');

      const changed = structuredClone(SAMPLE);
      changed[1]!.description = 'Aide aux devoirs, nouvelle description fictive.';
      const update = await post('/api/v1/directory/import/hsds', changed, coordinator.token);
      assert.deepEqual(update.json(), { data: { created: 0, updated: 1 } }, 'a changed service counts as updated, by HSDS id');
      const imported = await events('directory.imported');
      assert.equal(imported.length, 4, 'every import is audited once');
      assert.deepEqual(imported.at(-1)!.details, { services: 3, created: 0, updated: 1, unchanged: 2 }, 'the import event carries the counts only');
    });

    test('HSDS import is all or nothing: one invalid service refuses the document with every problem named', async () => {
      const before = await serviceCount();
      const eventsBefore = (await events('directory.imported')).length;
      const bad = structuredClone(SAMPLE);
      bad.push({ id: 'new-service-1', name: 'Nieuw aanbod', status: 'active', organization: { id: 'org-x', name: 'X', description: 'X' } });
      delete bad[1]!.status;
      (bad[2]!.languages as Record<string, unknown>[])[0]!.code = 'Dutch';
      (bad[0] as Record<string, unknown>).minimum_age = 30;
      const response = await post('/api/v1/directory/import/hsds', bad, coordinator.token);
      assert.equal(response.statusCode, 400, 'a document with invalid services is refused');
      const body = response.json();
      assert.equal(body.error.code, 'validation_failed', 'the refusal is validation_failed');
      const paths = (body.error.issues as { path: string; message: string }[]).map((issue) => issue.path).sort();
      assert.deepEqual(paths, ['0.maximum_age', '1.status', '2.languages.0.code'], 'the issues name the service index and the field');
      assert.ok(
        (body.error.issues as { message: string }[]).every((issue) => issue.message.length > 0),
        'every issue has a localised message',
      );
      assert.equal(await serviceCount(), before, 'nothing was stored, not even the valid new service');
      assert.equal((await events('directory.imported')).length, eventsBefore, 'a refused import writes no import event');
      const unknownField = await post('/api/v1/directory/import/hsds', [{ ...SAMPLE[1], colour: 'blue' }], coordinator.token);
      assert.equal(unknownField.json().error.issues[0].path, '0.colour', 'an unknown field is named');
    });

    test('filters: language, age, theme, no waiting list; accent-insensitive words with a prefix', async () => {
      assert.deepEqual(await names('language=fr'), ['Drugpunt Jongeren', 'École des devoirs Le Pont'], 'French-speaking services');
      assert.deepEqual(await names('language=ar'), ['Crèche De Speelvogel'], 'a language offered through an interpreter counts');
      assert.deepEqual(await names('language=fr&age=15'), ['Drugpunt Jongeren', 'École des devoirs Le Pont'], 'French for a 15-year-old');
      assert.deepEqual(await names('age=2'), ['Crèche De Speelvogel'], 'age inside the range');
      assert.deepEqual(await names('age=25'), ['Drugpunt Jongeren'], 'the maximum age is inclusive');
      assert.deepEqual(await names('theme=drugs'), ['Drugpunt Jongeren'], 'by theme');
      assert.deepEqual(await names('noWaitingList=true'), ['École des devoirs Le Pont'], 'only services without a waiting list');
      assert.deepEqual(await names('q=creche'), ['Crèche De Speelvogel'], '"creche" finds "Crèche"');
      assert.deepEqual(await names('q=ecole'), ['École des devoirs Le Pont'], '"ecole" finds "École"');
      assert.deepEqual(await names('q=%C3%A9cole'), ['École des devoirs Le Pont'], '"école" finds "École"');
      assert.deepEqual(await names('q=CRÈCHE'), ['Crèche De Speelvogel'], 'case does not matter');
      assert.deepEqual(await names('q=devo'), ['École des devoirs Le Pont'], 'the last word matches as a prefix');
      assert.deepEqual(await names('q=aide%20devoirs'), ['École des devoirs Le Pont'], 'every word must occur');
      assert.deepEqual(await names('q=aide%20drugs'), [], 'no service has both words');
      assert.deepEqual(await names('q=kinderopvang'), ['Crèche De Speelvogel', 'Drugpunt Jongeren'], 'the provider name is searched too');
      assert.deepEqual(await names('q=rivierstede&theme=drugs'), ['Drugpunt Jongeren'], 'words and filters combine');
      assert.deepEqual(await names('q=%22%20OR%20*'), [], 'quotes and stars are no syntax and OR is a plain word (no service has it), not an error');
      assert.deepEqual(
        await names('q=*'),
        ['Crèche De Speelvogel', 'Drugpunt Jongeren', 'École des devoirs Le Pont'].sort(),
        'a query without words does not filter',
      );
      const empty = await get('/api/v1/directory/services?language=', professional.token);
      assert.equal(empty.statusCode, 400, 'an empty filter is a validation error');
      const badLanguage = await get('/api/v1/directory/services?language=French', professional.token);
      assert.equal(badLanguage.json().error.issues[0].path, 'language', 'a language that is no ISO 639 code is refused');
      const otherNetwork = await get('/api/v1/directory/services', otherCoordinator.token);
      assert.deepEqual(otherNetwork.json().data, [], 'another network sees nothing of this map');
    });

    test('keyset pages: every service once, in name order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/directory/services?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await get(url, analyst.token)).json();
        seen.push(...page.data.map((entry: { name: string }) => entry.name));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, await serviceCount(), 'every service appears once over the pages');
      assert.equal(new Set(seen).size, seen.length, 'no service appears twice');
      const badCursor = await get('/api/v1/directory/services?cursor=nonsense', analyst.token);
      assert.equal(badCursor.statusCode, 400, 'a foreign cursor is a validation error');
    });

    test('curation: the coordinator and the curator organisation change and verify; others are refused (403 audited, nothing changed)', async () => {
      const created = await post(
        '/api/v1/directory/services',
        newEntry('Budgetbegeleiding', { languages: [{ code: 'nl' }, { code: 'ar', interpreter: true }], ageMin: 18, themes: ['other'] }),
        professional.token,
      );
      assert.equal(created.statusCode, 201, `a professional adds an entry: ${created.body}`);
      const entry = created.json().data;
      assert.equal(entry.curatorOrganisationId, welfareId, "a professional's entry is curated by their organisation");
      assert.equal(entry.verificationDue, true, 'a new entry has not been verified yet');
      assert.deepEqual(created.json().abilities, { update: true, verify: true }, 'its curator may change and verify it');
      assert.deepEqual(
        entry.languages,
        [
          { code: 'ar', interpreter: true },
          { code: 'nl', interpreter: false },
        ],
        'languages with the interpreter flag',
      );
      assert.equal(created.headers.etag, '"1"', 'version 1 in ETag');
      assert.deepEqual(await names('q=budget'), ['Budgetbegeleiding'], 'a new entry is found at once');

      const changed = await patch(
        `/api/v1/directory/services/${entry.id}`,
        { description: 'Hulp bij het beheer van een budget.', noWaitingList: true },
        professional.token,
        1,
      );
      assert.equal(changed.statusCode, 200, `its curator changes it: ${changed.body}`);
      assert.equal(changed.json().data.version, 2, 'a change adds one to the version');
      assert.deepEqual(await names('q=beheer'), ['Budgetbegeleiding'], 'the search follows the change in the same transaction');
      assert.deepEqual(await names('q=budgetbegeleiding%20fictief'), [], 'the old description is no longer found');
      const stale = await patch(`/api/v1/directory/services/${entry.id}`, { name: 'Oud' }, professional.token, 1);
      assert.equal(stale.statusCode, 409, 'a stale If-Match is a conflict');
      const noIfMatch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/directory/services/${entry.id}`,
        headers: bearer(professional.token),
        payload: { name: 'X' },
      });
      assert.equal(noIfMatch.statusCode, 400, 'If-Match is required');
      const incoherent = await patch(`/api/v1/directory/services/${entry.id}`, { ageMin: 20, ageMax: 10 }, professional.token, 2);
      assert.equal(incoherent.json().error.issues[0].path, 'ageMax', 'an age range upside down is refused on ageMax');

      const versionBefore = 2;
      const deniedActions = async () =>
        (await auditEvents(db()).select('details').where('action', '=', 'access.denied').execute())
          .slice(denialsBefore)
          .map((row) => (row.details ? JSON.parse(row.details).deniedAction : null));
      const denialsBefore = (await db().selectFrom('audit_events').select('id').where('action', '=', 'access.denied').execute()).length;
      const byOtherOrg = await patch(`/api/v1/directory/services/${entry.id}`, { name: 'Overgenomen' }, otherOrgProfessional.token, versionBefore);
      assert.equal(byOtherOrg.statusCode, 403, 'a professional of another organisation may read but not change it');
      const verifyByOther = await post(`/api/v1/directory/services/${entry.id}/verification`, {}, otherOrgProfessional.token);
      assert.equal(verifyByOther.statusCode, 403, 'nor verify it');
      const byAnalyst = await patch(`/api/v1/directory/services/${entry.id}`, { name: 'Overgenomen' }, analyst.token, versionBefore);
      assert.equal(byAnalyst.statusCode, 403, 'an analyst reads the map but does not curate');
      const createByAnalyst = await post('/api/v1/directory/services', newEntry('Analist'), analyst.token);
      assert.equal(createByAnalyst.statusCode, 403, 'an analyst adds no entries');
      const stealCurator = await patch(
        `/api/v1/directory/services/${entry.id}`,
        { curatorOrganisationId: tenant.organisationId },
        professional.token,
        versionBefore,
      );
      assert.equal(stealCurator.statusCode, 403, 'a curator may not hand the entry to another organisation');
      const denialsAfter = (await db().selectFrom('audit_events').select('id').where('action', '=', 'access.denied').execute()).length;
      assert.equal(denialsAfter - denialsBefore, 5, 'every refusal is audited as a denial');
      assert.deepEqual(
        await deniedActions(),
        ['directory.curate', 'directory.curate', 'directory.curate', 'directory.create', 'directory.assignCurator'],
        'the denials name the refused rule',
      );
      const readByOther = await get(`/api/v1/directory/services/${entry.id}`, otherOrgProfessional.token);
      assert.equal(readByOther.json().data.version, versionBefore, 'nothing was changed by the refused requests');
      assert.deepEqual(readByOther.json().abilities, { update: false, verify: false }, 'the abilities say so');

      const missing = await get('/api/v1/directory/services/00000000-0000-4000-8000-000000000000', professional.token);
      const foreign = await get(`/api/v1/directory/services/${entry.id}`, otherCoordinator.token);
      assert.equal(foreign.statusCode, 404, 'an entry of another network is not found');
      assert.equal(foreign.body, missing.body, 'byte-identical with a missing one');
      const foreignPatch = await patch(`/api/v1/directory/services/${entry.id}`, { name: 'X' }, otherCoordinator.token, versionBefore);
      assert.equal(foreignPatch.statusCode, 404, 'and cannot be changed from another network');
      const foreignImport = await post('/api/v1/directory/import/hsds', [], professional.token);
      assert.equal(foreignImport.statusCode, 403, 'only the coordinator imports');

      const verified = await post(`/api/v1/directory/services/${entry.id}/verification`, {}, coordinator.token);
      assert.equal(verified.statusCode, 200, 'the coordinator verifies any entry');
      assert.equal(verified.json().data.lastVerifiedBy, coordinator.id, 'verified by the coordinator');
      assert.equal(verified.json().data.verificationDue, false, 'no longer due');
      const handedOver = await patch(
        `/api/v1/directory/services/${entry.id}`,
        { curatorOrganisationId: tenant.organisationId },
        coordinator.token,
        versionBefore + 1,
      );
      assert.equal(handedOver.statusCode, 200, 'the coordinator hands the entry to another organisation');
      assert.equal(handedOver.json().data.curatorOrganisationId, tenant.organisationId, 'the curator changed');
      const unknownCurator = await patch(
        `/api/v1/directory/services/${entry.id}`,
        { curatorOrganisationId: other.organisationId },
        coordinator.token,
        versionBefore + 2,
      );
      assert.equal(unknownCurator.json().error.issues[0].path, 'curatorOrganisationId', "another network's organisation is no curator");
      const nowForbidden = await patch(`/api/v1/directory/services/${entry.id}`, { name: 'Terug' }, professional.token, versionBefore + 2);
      assert.equal(nowForbidden.statusCode, 403, 'the former curator organisation no longer curates it');

      assert.deepEqual(
        (await events('directory.service_created')).filter((event) => event.resource === entry.id).map((event) => event.actor),
        [professional.id],
        'the creation is audited',
      );
      assert.deepEqual(
        (await events('directory.service_changed')).filter((event) => event.resource === entry.id).map((event) => event.details.fields),
        [['description', 'no_waiting_list'], ['curator_organisation_id']],
        'each change is audited with the names of the changed parts, never their values',
      );
      assert.equal(
        (await events('directory.service_verified')).filter((event) => event.resource === entry.id).length,
        1,
        'the verification is audited',
      );
    });

    test('the curation API writes HSDS: an entry made through the API exports and validates', async () => {
      const created = await post(
        '/api/v1/directory/services',
        newEntry('Jeugdwerk Oeverkant', {
          phones: [{ number: '+32 50 00 00 09' }],
          openingHours: [{ days: ['WE', 'SA'], opensAt: '13:00', closesAt: '17:00' }],
          locations: [{ address: 'Kaai 3', postalCode: '8000', city: 'Rivierstede' }],
          requiredDocuments: ['Geen'],
          contacts: [{ name: 'Onthaal', phone: '+32 50 00 00 10' }],
        }),
        coordinator.token,
      );
      assert.equal(created.statusCode, 201, `the coordinator adds an entry: ${created.body}`);
      const entry = created.json().data;
      assert.equal(entry.curatorOrganisationId, null, "the coordinator's own entries have no curator organisation");
      assert.deepEqual(entry.openingHours, [{ days: ['WE', 'SA'], opensAt: '13:00', closesAt: '17:00' }], 'opening hours come back as given');
      assert.equal(entry.locations[0].city, 'Rivierstede', 'the location is stored');
      const exported = (await get('/api/v1/directory/export/hsds', coordinator.token)).json() as { id: string; schedules?: { byday: string }[] }[];
      const asHsds = exported.find((service) => service.id === entry.hsdsId);
      assert.equal(asHsds?.schedules?.[0]?.byday, 'WE,SA', 'the opening hours are an HSDS schedule');
      const missingProvider = await post('/api/v1/directory/services', { name: 'X', description: 'X' }, coordinator.token);
      assert.equal(missingProvider.json().error.issues[0].path, 'organisation', 'a provider is required');
      const sameProvider = await post(
        '/api/v1/directory/services',
        { name: 'Tweede', description: 'Tweede aanbod.', organisationId: entry.organisation.id },
        coordinator.token,
      );
      assert.equal(sameProvider.json().data.organisation.id, entry.organisation.id, 'a second service of an existing provider');
      const url = `/api/v1/directory/services/${entry.id}`;
      const refused = [
        [{ openingHours: [{ days: ['MO'], opensAt: '17:00', closesAt: '09:00' }] }, 'openingHours.0.closesAt', 'closing before opening'],
        [{ openingHours: [{ days: ['MO'], opensAt: '24:00', closesAt: '25:00' }] }, 'openingHours.0.opensAt', 'a time that does not exist'],
        [{ contacts: [{ name: 'Onthaal', phone: 'bel ons' }] }, 'contacts.0.phone', 'a phone number without digits'],
        [{ contacts: [{ name: 'Onthaal', email: 'onthaal-at-example' }] }, 'contacts.0.email', 'a bad email address'],
        [{ phones: [{ number: '12' }] }, 'phones.0.number', 'a phone number too short'],
      ] as const;
      for (const [payload, path, what] of refused) {
        const answer = await patch(url, payload, coordinator.token, entry.version);
        assert.equal(answer.statusCode, 400, `${what} is refused`);
        assert.equal(answer.json().error.issues[0].path, path, `${what}: the problem names ${path}`);
      }
      assert.equal((await get(url, coordinator.token)).json().data.version, entry.version, 'no refused change was written');
      const accessible = await patch(
        url,
        { locations: [{ address: 'Kaai 3', postalCode: '8000', city: 'Rivierstede', accessible: true }] },
        coordinator.token,
        entry.version,
      );
      assert.equal(accessible.json().data.locations[0].accessible, true, 'a location may be marked step-free through the API');
    });
  });
}
