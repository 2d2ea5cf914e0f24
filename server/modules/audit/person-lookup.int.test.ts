import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { personBlindIndex } from '../../platform/field-crypto.ts';
import { newId } from '../../platform/ids.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type TestEnvironment,
} from '../../test/harness.ts';
import { inputValue, PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { catalogues, translator } from '../../ui/i18n.ts';
import { seedReportCase } from './access-report-fixtures.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const URL = '/api/v1/audit/access-report/person';
const PAGE = '/audit/access-report/person';
/** The subject of case A in the case world (fictional). */
const FAMILY_NAME = 'Verhaegen-Test';
const BIRTH_DATE = '2010-05-14';
/** Sorts before the world's references (NET-2026-…), to show the answer is sorted by reference. */
const SIBLING_CASE_REFERENCE = 'NET-2025-014';

type Seeded = Awaited<ReturnType<typeof seedUser>>;
type PersonCase = { caseId: string; reference: string; role: string };

/**
 * Adds the person as a sibling in a case of the network, indexed under the tenant's blind-index key
 * the way the subject is. Written straight into the database: the lookup must find a person in any
 * role, whichever module put the row there.
 */
async function seedSiblingCase(env: TestEnvironment, world: CaseWorld): Promise<string> {
  const tenantId = world.tenant.tenantId;
  const caseId = await seedReportCase(env, { tenantId, reference: SIBLING_CASE_REFERENCE, createdBy: world.users.coordinator.id });
  const { key, version } = await env.ctx.keyring.current(tenantId, 'blind_index');
  const now = env.clock.now().toISOString();
  await env.database.handle.db
    .insertInto('case_persons')
    .values({
      id: newId(),
      tenant_id: tenantId,
      case_id: caseId,
      role: 'sibling',
      given_name_sealed: null,
      family_name_sealed: null,
      birth_date_sealed: null,
      age_band: null,
      gender: null,
      blind_index: personBlindIndex(key, FAMILY_NAME, BIRTH_DATE),
      blind_index_version: version,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return caseId;
}

for (const target of databaseTargets()) {
  describe(`person lookup on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let otherWorld: CaseWorld;
    let dpo: Seeded;
    let otherDpo: Seeded;
    let siblingCaseId: string;
    let client: PageClient;

    const post = (body: unknown, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: URL, payload: body as Record<string, unknown>, headers: { ...bearer(token), ...headers } });
    const allEvents = () =>
      env.ctx.db.selectFrom('audit_events').selectAll().where('tenant_id', 'in', [world.tenant.tenantId, otherWorld.tenant.tenantId]).execute();
    const lookups = (tenantId: string) =>
      auditEvents(env.ctx.db).selectAll().where('tenant_id', '=', tenantId).where('action', '=', 'audit.person_looked_up').execute();
    const found = (): PersonCase[] => [
      { caseId: siblingCaseId, reference: SIBLING_CASE_REFERENCE, role: 'sibling' },
      { caseId: world.caseA.id, reference: world.caseA.reference, role: 'subject' },
    ];

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
      // Another network with the same fictional person as the subject of its own case A.
      otherWorld = await seedCaseWorld(env.ctx);
      dpo = await seedUser(env.ctx, world.tenant, ['dpo'], { password: TEST_PASSWORD });
      otherDpo = await seedUser(env.ctx, otherWorld.tenant, ['dpo']);
      siblingCaseId = await seedSiblingCase(env, world);
      client = new PageClient(app);
      await signInWithPages(client, { email: dpo.email, password: TEST_PASSWORD, code: () => nextTotpCode(dpo.totpSecret, env.clock) });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('without credentials: 401, nothing recorded', async () => {
      const before = (await lookups(world.tenant.tenantId)).length;
      const response = await app.inject({ method: 'POST', url: URL, payload: { familyName: FAMILY_NAME, birthDate: BIRTH_DATE } });
      assert.equal(response.statusCode, 401, 'the request answers 401 Unauthorized');
      assert.equal((await lookups(world.tenant.tenantId)).length, before, 'the number of lookups(world.tenant.tenantId) is unchanged (before)');
    });

    test('admin, coordinator, professional and analyst get 403; each denial is audited and no lookup is recorded', async () => {
      for (const who of ['admin', 'coordinator', 'keyFigureThisTable', 'analyst'] as const) {
        const user = world.users[who];
        const response = await post({ familyName: FAMILY_NAME, birthDate: BIRTH_DATE }, user.token);
        assert.equal(response.statusCode, 403, who);
        assert.deepEqual(Object.keys(response.json()), ['error'], "Object.keys(response.json()) is ['error']");
        assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
        const denied = await env.ctx.db
          .selectFrom('audit_events')
          .select(['resource_id', 'details'])
          .where('tenant_id', '=', world.tenant.tenantId)
          .where('action', '=', 'access.denied')
          .where('actor_user_id', '=', user.id)
          .execute();
        assert.deepEqual(denied, [{ resource_id: `POST ${URL}`, details: JSON.stringify({ deniedAction: 'audit.accessReport' }) }], who);
      }
      assert.deepEqual(await lookups(world.tenant.tenantId), [], 'lookups(world.tenant.tenantId) is empty');
    });

    test('the DPO finds the person’s cases in every role, sorted by reference, whatever the capitals, accents, spaces and hyphens', async () => {
      for (const familyName of ['verhaegen test', FAMILY_NAME, 'VERHAEGEN-TEST', ' Vérhaegen - Test ', 'verhaegentest']) {
        const response = await post({ familyName, birthDate: BIRTH_DATE }, dpo.token);
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { data: found(), nextCursor: null }, familyName);
      }
    });

    test('another birth date or another spelling finds nothing (still audited); another network’s DPO finds only the own case', async () => {
      for (const [familyName, birthDate] of [
        [FAMILY_NAME, '2010-05-15'],
        ['Verhagen-Test', BIRTH_DATE],
      ]) {
        const response = await post({ familyName, birthDate }, dpo.token);
        assert.equal(response.statusCode, 200, 'the request answers 200 OK');
        assert.deepEqual(response.json(), { data: [], nextCursor: null }, 'response.json() is { data: [], nextCursor: null }');
      }
      const empty = (await lookups(world.tenant.tenantId)).slice(-2);
      assert.deepEqual(
        empty.map((row) => JSON.parse(row.details!)),
        [
          { cases: 0, via: 'api' },
          { cases: 0, via: 'api' },
        ],
        "empty.map((row) => JSON.parse(row.details)) is [ { cases: 0, via: 'api' }, { cases: 0, via: 'api' }, ]",
      );
      const theirs = await post({ familyName: 'verhaegen test', birthDate: BIRTH_DATE }, otherDpo.token);
      assert.equal(theirs.statusCode, 200, 'the theirs request answers 200 OK');
      assert.deepEqual(
        theirs.json(),
        {
          data: [{ caseId: otherWorld.caseA.id, reference: otherWorld.caseA.reference, role: 'subject' }],
          nextCursor: null,
        },
        'theirs.json() is the expected { data, nextCursor }',
      );
      assert.ok(
        !theirs.body.includes(world.caseA.id) && !theirs.body.includes(siblingCaseId),
        'theirs.body does not contain world.caseA.id, and theirs.body does not contain siblingCaseId',
      );
      // A network with no cases at all: the same answer as a miss, and the lookup is in its own trail.
      const lone = await seedTenant(env.ctx);
      const loneDpo = await seedUser(env.ctx, lone, ['dpo']);
      assert.deepEqual(
        (await post({ familyName: FAMILY_NAME, birthDate: BIRTH_DATE }, loneDpo.token)).json(),
        { data: [], nextCursor: null },
        'post({ familyName: FAMILY_NAME, birthDate: BIRTH_DATE }, loneDpo.toke… is { data: [], nextCursor: null }',
      );
      assert.deepEqual(
        (await lookups(lone.tenantId)).map((row) => [row.actor_user_id, JSON.parse(row.details!)]),
        [[loneDpo.id, { cases: 0, via: 'api' }]],
        "lookups(lone.tenantId).map((row) => [row.actor_user_id, JSON.parse(ro… is [[loneDpo.id, { cases: 0, via: 'api' }]]",
      );
    });

    test('each lookup is audited before the answer, with the count and the channel — never the name or the birth date', async () => {
      const before = (await lookups(world.tenant.tenantId)).length;
      const response = await post({ familyName: 'verhaegen test', birthDate: BIRTH_DATE }, dpo.token);
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      const added = (await lookups(world.tenant.tenantId)).slice(before);
      assert.equal(added.length, 1, 'added holds 1 entry');
      const row = added[0]!;
      assert.equal(row.actor_user_id, dpo.id, 'row.actor_user_id is dpo.id');
      assert.equal(row.resource_type, 'access_report', 'row.resource_type is "access_report"');
      assert.equal(row.resource_id, null, 'row.resource_id is null');
      assert.equal(row.case_id, null, 'row.case_id is null');
      assert.equal(row.person_pseudonym, null, 'row.person_pseudonym is null');
      assert.equal(row.decision, 'permit', 'row.decision is "permit"');
      assert.ok(row.request_id, 'row.request_id is set');
      assert.deepEqual(JSON.parse(row.details!), { cases: 2, via: 'api' }, "JSON.parse(row.details) is { cases: 2, via: 'api' }");
      // No column of any event of either network holds the name or the birth date, in any spelling.
      for (const event of await allEvents()) {
        const text = JSON.stringify(event).toLowerCase();
        for (const secret of ['verhaegen', BIRTH_DATE, '14/05/2010']) assert.ok(!text.includes(secret), `${event.action} holds ${secret}`);
      }
    });

    test('bad input: 400 with localised issues, nothing recorded', async () => {
      const before = (await allEvents()).length;
      const cases: [unknown, string, string][] = [
        [{ birthDate: BIRTH_DATE }, 'familyName', 'validation.required'],
        [{ familyName: '   ', birthDate: BIRTH_DATE }, 'familyName', 'validation.required'],
        [{ familyName: ' - ', birthDate: BIRTH_DATE }, 'familyName', 'validation.invalid'],
        [{ familyName: 'x'.repeat(101), birthDate: BIRTH_DATE }, 'familyName', 'validation.too_long'],
        [{ familyName: FAMILY_NAME }, 'birthDate', 'validation.required'],
        [{ familyName: FAMILY_NAME, birthDate: '2010-02-30' }, 'birthDate', 'validation.date'],
        [{ familyName: FAMILY_NAME, birthDate: '14/05/2010' }, 'birthDate', 'validation.date'],
        [{ familyName: FAMILY_NAME, birthDate: BIRTH_DATE, tenantId: otherWorld.tenant.tenantId }, 'tenantId', 'validation.unknown_field'],
      ];
      for (const locale of ['nl', 'fr', 'en'] as const) {
        for (const [body, path, key] of cases) {
          const response = await post(body, dpo.token, { 'accept-language': locale });
          assert.equal(response.statusCode, 400, JSON.stringify(body));
          const { error } = response.json();
          assert.equal(error.code, 'validation_failed', 'error.code is "validation_failed"');
          assert.equal(error.message, catalogues[locale]['errors.validation_failed'], 'error.message is the "errors.validation_failed" text');
          const issue = error.issues.find((entry: { path: string }) => entry.path === path);
          assert.ok(issue, `${JSON.stringify(body)}: ${JSON.stringify(error.issues)}`);
          assert.equal(issue.message, catalogues[locale][key]!.replace('{maximum}', '100'), JSON.stringify(body));
        }
      }
      assert.equal((await allEvents()).length, before, 'the number of allEvents() is unchanged (before)');
    });

    test('the route is described in the OpenAPI document as a list with a body', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const lookup = document.paths[URL]?.post;
      assert.deepEqual(lookup?.tags, ['audit'], "lookup?.tags is ['audit']");
      assert.equal(lookup.parameters, undefined, 'nothing in the query string');
      const body = lookup.requestBody.content['application/json'].schema;
      assert.deepEqual(
        Object.keys(body.properties).sort(),
        ['birthDate', 'familyName'],
        "Object.keys(body.properties).sort() is ['birthDate', 'familyName']",
      );
      assert.deepEqual([...body.required].sort(), ['birthDate', 'familyName'], "[...body.required].sort() is ['birthDate', 'familyName']");
      const answer = lookup.responses['200'].content['application/json'].schema;
      assert.deepEqual(
        Object.keys(answer.properties).sort(),
        ['data', 'nextCursor'],
        "Object.keys(answer.properties).sort() is ['data', 'nextCursor']",
      );
      assert.deepEqual(
        Object.keys(answer.properties.data.items.properties).sort(),
        ['caseId', 'reference', 'role'],
        "Object.keys(answer.properties.data.items.properties).sort() is ['caseId', 'reference', 'role']",
      );
    });

    test('page: the report page has a labelled POST form for a person, with the hints; showing it records nothing', async () => {
      const t = translator('nl');
      const before = (await lookups(world.tenant.tenantId)).length;
      const page = await client.get('/audit/access-report');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.ok(
        page.body.includes(`<h2 id="person-heading">${html(t('audit.report.person.heading'))}</h2>`),
        'page.body contains `<h2 id="person-heading">${html(t(\'audit.report.person.head…',
      );
      assert.ok(
        page.body.includes(`<p>${html(t('audit.report.person.intro'))}</p>`),
        "page.body contains `<p>${html(t('audit.report.person.intro'))}</p>`",
      );
      const form =
        page.body.split(`<form method="post" action="${PAGE}#person-heading" novalidate="" hx-swap="innerHTML show:none">`)[1]?.split('</form>')[0] ??
        '';
      assert.match(form, /<input type="hidden" name="_csrf" value="[^"]+"\/>/, 'form matches /<input type="hidden" name="_csrf" value="[^"]+"\\/>/');
      assert.match(
        form,
        new RegExp(`<label for="field-familyName">${html(t('audit.report.person.family_name'))}`),
        'form matches new RegExp(`<label for="field-familyName">${html(t(\'audit.report.person.family_…',
      );
      assert.match(
        form,
        new RegExp(`<label for="field-birthDate">${html(t('audit.report.person.birth_date'))}`),
        'form matches new RegExp(`<label for="field-birthDate">${html(t(\'audit.report.person.birth_da…',
      );
      assert.equal(
        textOf(form, 'field-familyName-hint'),
        t('audit.report.person.family_name_hint'),
        'textOf(form, \'field-familyName-hint\') is the "audit.report.person.family_name_hint" text',
      );
      assert.equal(
        textOf(form, 'field-birthDate-hint'),
        t('audit.report.person.birth_date_hint'),
        'textOf(form, \'field-birthDate-hint\') is the "audit.report.person.birth_date_hint" text',
      );
      assert.match(
        form,
        /<input id="field-birthDate" name="birthDate" type="date" required="" autocomplete="off"/,
        'form matches /<input id="field-birthDate" name="birthDate" type="date" required="" autocompl…',
      );
      assert.ok(form.includes(html(t('audit.report.person.submit'))), "form contains html(t('audit.report.person.submit'))");
      assert.doesNotMatch(page.body, /id="person-cases"/, 'page.body does not match /id="person-cases"/');
      assert.equal((await lookups(world.tenant.tenantId)).length, before, 'the number of lookups(world.tenant.tenantId) is unchanged (before)');
    });

    test('page: a lookup lists the cases with the role and a link to each report, and is recorded', async () => {
      const t = translator('nl');
      const before = (await lookups(world.tenant.tenantId)).length;
      const response = await client.post(PAGE, { familyName: 'verhaegen test', birthDate: BIRTH_DATE });
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      const table = response.body.split('<table id="person-cases">')[1]?.split('</table>')[0] ?? '';
      assert.ok(table.includes(`<caption>${html(t('audit.report.person.caption', { count: 2 }))}</caption>`), table);
      const rows = table.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1);
      assert.deepEqual(
        rows.map((row) => row.replace(/\s+/g, ' ')),
        [
          [SIBLING_CASE_REFERENCE, 'audit.report.person_role.sibling'],
          [world.caseA.reference, 'audit.report.person_role.subject'],
        ].map(
          ([reference, role]) =>
            `<th scope="row"><a href="/audit/access-report?reference=${reference}">${reference}</a></th><td>${html(t(role!))}</td></tr>`,
        ),
        "rows.map((row) => row.replace(/\\s+/g, ' ')) is [ [SIBLING_CASE_REFERENCE, 'audit.report.person_role.siblin…",
      );
      assert.equal(inputValue(response.body, 'familyName'), 'verhaegen test', 'the search stays in the form');
      assert.equal(inputValue(response.body, 'birthDate'), BIRTH_DATE, "inputValue(response.body, 'birthDate') is BIRTH_DATE");
      assert.deepEqual(
        (await lookups(world.tenant.tenantId)).slice(before).map((row) => JSON.parse(row.details!)),
        [{ cases: 2, via: 'page' }],
        "lookups(world.tenant.tenantId).slice(before).map((row) => JSON.parse(… is [{ cases: 2, via: 'page' }]",
      );
      // The link opens the case's own report.
      const report = await client.get(`/audit/access-report?reference=${world.caseA.reference}`);
      assert.equal(report.statusCode, 200, 'the report request answers 200 OK');
      assert.ok(
        report.body.includes(`<h2 id="report-heading">${html(t('audit.report.heading', { reference: world.caseA.reference }))}</h2>`),
        'report.body contains `<h2 id="report-heading">${html(t(\'audit.report.heading\', {…',
      );
      assert.ok(!report.body.includes(html(t('audit.action.audit.person_looked_up'))), 'the lookup is not part of a case’s trail');
    });

    test('page: no match says so, without a table', async () => {
      const response = await client.post(PAGE, { familyName: FAMILY_NAME, birthDate: '2011-03-27' });
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      assert.equal(
        textOf(response.body, 'person-cases'),
        translator('nl')('audit.report.person.none'),
        "textOf(response.body, 'person-cases') is translator('nl')('audit.report.person.none')",
      );
      assert.doesNotMatch(response.body, /<table/, 'response.body does not match /<table/');
    });

    test('page: a bad birth date is shown next to the field, both values kept, nothing recorded', async () => {
      const before = (await allEvents()).length;
      const response = await client.post(PAGE, { familyName: FAMILY_NAME, birthDate: '2010-02-30' });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(
        textOf(response.body, 'field-birthDate-error'),
        catalogues.nl['validation.date'],
        'textOf(response.body, \'field-birthDate-error\') is the "validation.date" text',
      );
      assert.match(response.body, /<a href="#field-birthDate">/, 'the error summary links to the field');
      const lookupSection = response.body.split('id="person-heading"')[1] ?? '';
      assert.ok(
        lookupSection.includes(
          `<a href="#field-birthDate">${translator('nl')('form.error_line', { field: translator('nl')('audit.report.person.birth_date'), message: catalogues.nl['validation.date']! })}</a>`,
        ),
        'the error summary stands in the person lookup section, naming the birth date field',
      );
      assert.match(
        response.body,
        /<input id="field-birthDate" name="birthDate" type="date" value="2010-02-30" required="" autocomplete="off" aria-invalid="true"/,
        'response.body matches /<input id="field-birthDate" name="birthDate" type="date" value="2010-02-30" re…',
      );
      assert.equal(inputValue(response.body, 'familyName'), FAMILY_NAME, "inputValue(response.body, 'familyName') is FAMILY_NAME");
      assert.equal(textOf(response.body, 'field-familyName-error'), null, "textOf(response.body, 'field-familyName-error') is null");
      assert.doesNotMatch(response.body, /id="person-cases"/, 'response.body does not match /id="person-cases"/');
      const empty = await client.post(PAGE, { familyName: '', birthDate: BIRTH_DATE });
      assert.equal(empty.statusCode, 400, 'the empty request answers 400 Bad Request');
      assert.equal(
        textOf(empty.body, 'field-familyName-error'),
        catalogues.nl['validation.required'],
        'textOf(empty.body, \'field-familyName-error\') is the "validation.required" text',
      );
      assert.equal(inputValue(empty.body, 'birthDate'), BIRTH_DATE, "inputValue(empty.body, 'birthDate') is BIRTH_DATE");
      assert.equal((await allEvents()).length, before, 'the number of allEvents() is unchanged (before)');
    });

    test('page: labels follow the user’s language in fr and en', async () => {
      const setLocale = (locale: 'nl' | 'fr' | 'en') =>
        env.database.handle.db.updateTable('users').set({ locale }).where('tenant_id', '=', world.tenant.tenantId).where('id', '=', dpo.id).execute();
      try {
        for (const locale of ['fr', 'en'] as const) {
          await setLocale(locale);
          const t = translator(locale);
          const response = await client.post(PAGE, { familyName: FAMILY_NAME, birthDate: BIRTH_DATE });
          assert.equal(response.statusCode, 200, 'the request answers 200 OK');
          assert.ok(
            response.body.includes(`<h2 id="person-heading">${html(t('audit.report.person.heading'))}</h2>`),
            'response.body contains `<h2 id="person-heading">${html(t(\'audit.report.person.head…',
          );
          assert.ok(
            response.body.includes(`<td>${html(t('audit.report.person_role.subject'))}</td>`),
            "response.body contains `<td>${html(t('audit.report.person_role.subject'))}</td>`",
          );
          assert.ok(
            response.body.includes(`<th scope="col">${html(t('audit.report.person.column.role'))}</th>`),
            'response.body contains `<th scope="col">${html(t(\'audit.report.person.column.role\'…',
          );
        }
      } finally {
        await setLocale('nl');
      }
    });

    test('page: a signed-in administrator gets the 403 page, the denial is audited and nothing is looked up', async () => {
      const admin = new PageClient(app);
      await signInWithPages(admin, {
        email: world.tenant.adminEmail,
        password: world.tenant.adminPassword,
        code: () => nextTotpCode(world.tenant.adminTotpSecret, env.clock),
      });
      assert.equal((await admin.get('/audit/access-report')).statusCode, 403, "admin.get('/audit/access-report') answers 403 Forbidden");
      const before = (await lookups(world.tenant.tenantId)).length;
      const response = await admin.post(PAGE, { familyName: FAMILY_NAME, birthDate: BIRTH_DATE });
      assert.equal(response.statusCode, 403, 'the request answers 403 Forbidden');
      assert.ok(
        response.body.includes(html(translator('nl')('errors.forbidden'))),
        "response.body contains html(translator('nl')('errors.forbidden'))",
      );
      assert.ok(!response.body.includes(world.caseA.reference), 'response.body does not contain world.caseA.reference');
      const denied = await env.ctx.db
        .selectFrom('audit_events')
        .select(['resource_id', 'details'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.tenant.admin.userId)
        .where('resource_id', '=', `POST ${PAGE}`)
        .execute();
      assert.deepEqual(
        denied,
        [{ resource_id: `POST ${PAGE}`, details: JSON.stringify({ deniedAction: 'audit.accessReport' }) }],
        'denied is exactly the 1 expected entries',
      );
      assert.equal((await lookups(world.tenant.tenantId)).length, before, 'the number of lookups(world.tenant.tenantId) is unchanged (before)');
    });
  });

  describe(`person lookup fails closed on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let dpo: Seeded;
    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      dpo = await seedUser(env.ctx, await seedTenant(env.ctx), ['dpo']);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('when the audit write fails the lookup answers 500 and lists nothing', async () => {
      const ask = () =>
        app.inject({ method: 'POST', url: URL, payload: { familyName: FAMILY_NAME, birthDate: BIRTH_DATE }, headers: bearer(dpo.token) });
      assert.equal((await ask()).statusCode, 200, 'ask(…) answers 200 OK');
      await env.database.handle.db.schema.dropTable('audit_segments').execute();
      const response = await ask();
      assert.equal(response.statusCode, 500, 'the request answers 500 Internal Server Error');
      assert.deepEqual(Object.keys(response.json()), ['error'], "Object.keys(response.json()) is ['error']");
      assert.equal(response.json().error.code, 'internal', 'the error code is "internal"');
    });
  });
}
