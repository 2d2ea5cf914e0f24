import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * Issue 10, parts 2, 3 and 6 on both databases, through the API and the pages: dates that make sense
 * (birth dates, the subject's age against the table, protocol dates), the same person opened twice,
 * and the legal bases that follow the author's organisation. The world's clock stands on 2026-01-05.
 */

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

for (const target of databaseTargets()) {
  describe(`case rules on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const t = translator('nl');
    const en = translator('en');
    const clients = new Map<WorldActor, PageClient>();
    const db = () => env.ctx.db;
    const as = (who: WorldActor) => bearer(world.users[who].token);
    const count = async (table: 'cases' | 'case_items' | 'organisations' | 'case_persons') =>
      (await db().selectFrom(table).select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;
    const eventsOf = async (action: string) =>
      auditEvents(db()).selectAll().where('tenant_id', '=', world.tenant.tenantId).where('action', '=', action).execute();
    const api = (method: 'POST' | 'PATCH', url: string, who: WorldActor, payload: object) =>
      app.inject({ method, url, headers: { ...as(who), 'accept-language': 'en' }, payload });
    const issuesOf = (body: string) => (JSON.parse(body) as { error: { issues?: { path: string; message: string }[] } }).error.issues ?? [];
    const page = async (who: WorldActor): Promise<PageClient> => {
      const known = clients.get(who);
      if (known) return known;
      const client = new PageClient(app);
      const user = world.users[who];
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      await client.get('/');
      clients.set(who, client);
      return client;
    };
    const newCase = (overrides: object = {}) => ({
      tableId: world.tables.minors,
      theme: 'school_dropout',
      summary: 'Fictional concern for the rules.',
      identityDisclosure: 'restricted',
      subject: { givenName: 'Mila', familyName: 'Regeltest', birthDate: '2011-09-01' },
      contextPersons: [],
      ...overrides,
    });

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('API: a birth date in the future or more than 120 years ago is refused on its field, and nothing is written', async () => {
      const [cases, persons] = [await count('cases'), await count('case_persons')];
      const future = await api(
        'POST',
        '/api/v1/cases',
        'coordinator',
        newCase({ subject: { familyName: 'Toekomst', birthDate: '2031-04-01', ageBand: '0-11' } }),
      );
      assert.equal(future.statusCode, 400, 'a birth date in 2031 answers 400');
      assert.deepEqual(
        issuesOf(future.body),
        [{ path: 'subject.birthDate', message: en('validation.date.birth_in_future') }],
        'the issue names subject.birthDate and says a birth date cannot be in the future',
      );
      const old = await api(
        'POST',
        '/api/v1/cases',
        'coordinator',
        newCase({ contextPersons: [{ role: 'parent', familyName: 'Oud', birthDate: '1899-12-31' }] }),
      );
      assert.equal(old.statusCode, 400, 'a parent born in 1899 answers 400');
      assert.deepEqual(
        issuesOf(old.body),
        [{ path: 'contextPersons.0.birthDate', message: en('validation.date.birth_too_old', { years: 120 }) }],
        'the issue names the context person’s birth date',
      );
      const tomorrow = await api('POST', '/api/v1/cases', 'coordinator', newCase({ subject: { familyName: 'Morgen', birthDate: '2026-01-06' } }));
      assert.equal(tomorrow.statusCode, 400, 'tomorrow (in Brussels) is still the future');
      assert.deepEqual([await count('cases'), await count('case_persons')], [cases, persons], 'no case and no person was written');
    });

    test('API: an adult on the minors table needs a reason; with it the case is opened, the reason sealed, shown and its mention audited without it', async () => {
      const before = await count('cases');
      const adult = newCase({ subject: { familyName: 'Volwassen-Test', birthDate: '1990-02-01' } });
      const refused = await api('POST', '/api/v1/cases', 'coordinator', adult);
      assert.equal(refused.statusCode, 400, 'a person born in 1990 on the minors table answers 400');
      assert.deepEqual(
        issuesOf(refused.body),
        [{ path: 'subject.birthDate', message: en('validation.case.age_outside_table_minors') }],
        'the issue names the birth date and says a reason can be given',
      );
      const band = await api(
        'POST',
        '/api/v1/cases',
        'coordinator',
        newCase({ identityDisclosure: 'anonymous', subject: { ageBand: '12-15' }, tableId: world.tables.adults }),
      );
      assert.equal(band.statusCode, 400, 'an age band of a minor on the adults table answers 400');
      assert.deepEqual(
        issuesOf(band.body).map((issue) => issue.path),
        ['subject.ageBand'],
        'without a birth date the issue names the age band',
      );
      assert.equal(await count('cases'), before, 'nothing was written');

      const reason = 'Fictional: older brother of a young person at this table.';
      const created = await api('POST', '/api/v1/cases', 'coordinator', { ...adult, ageExceptionReason: reason });
      assert.equal(created.statusCode, 201, 'with a reason the case is opened');
      const data = (JSON.parse(created.body) as { data: { id: string; ageExceptionReason: string | null } }).data;
      assert.equal(data.ageExceptionReason, reason, 'the answer shows the reason');
      const row = await db()
        .selectFrom('cases')
        .select('age_exception_reason_sealed')
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('id', '=', data.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.age_exception_reason_sealed && !row.age_exception_reason_sealed.includes('brother'), 'the reason is stored sealed, not in clear');
      const audit = (await eventsOf('case.created')).find((event) => event.case_id === data.id)!;
      assert.equal(JSON.parse(audit.details ?? '{}').ageException, true, 'the creation’s audit event says an age exception was made');
      assert.ok(!(audit.details ?? '').includes('brother'), 'but not the reason');
      const timeline = await app.inject({ method: 'GET', url: `/api/v1/cases/${data.id}/timeline`, headers: as('coordinator') });
      const steps = (JSON.parse(timeline.body) as { data: { kind: string; text: string | null }[] }).data;
      assert.deepEqual(
        steps.map((step) => [step.kind, step.text]),
        [
          ['created', null],
          ['age_exception', null],
        ],
        'the timeline mentions the exception, without its text',
      );

      const fitting = await api(
        'POST',
        '/api/v1/cases',
        'coordinator',
        newCase({ subject: { ageBand: '12-15' }, identityDisclosure: 'anonymous', ageExceptionReason: 'not needed' }),
      );
      assert.equal(fitting.statusCode, 201, 'a reason for an age that fits does no harm');
      assert.equal((JSON.parse(fitting.body) as { data: { ageExceptionReason: unknown } }).data.ageExceptionReason, null, 'and is not stored');
    });

    test('API: opening a case for a known person answers 409 possible_duplicate with the matches, audited as a person lookup; confirmDuplicate opens it', async () => {
      const before = await count('cases');
      const searchesBefore = (await eventsOf('case.searched')).length;
      const same = newCase({ subject: { givenName: 'Noor', familyName: 'Verhaegen-Test', birthDate: '2010-05-14' } });
      const refused = await api('POST', '/api/v1/cases', 'coordinator', same);
      assert.equal(refused.statusCode, 409, 'the same family name and birth date answers 409');
      const error = (
        JSON.parse(refused.body) as {
          error: { code: string; message: string; matches: { id: string; reference: string; tableName: string; status: string }[] };
        }
      ).error;
      assert.equal(error.code, 'possible_duplicate', 'with the code possible_duplicate');
      assert.equal(error.message, en('errors.possible_duplicate'), 'and its message');
      assert.deepEqual(
        error.matches.map((match) => [match.id, match.reference, match.status]),
        [[world.caseA.id, world.caseA.reference, 'open']],
        'the body names the existing case',
      );
      assert.equal(await count('cases'), before, 'nothing was written');
      const searches = (await eventsOf('case.searched')).slice(searchesBefore);
      assert.equal(searches.length, 1, 'the lookup is audited once, like the person search');
      assert.deepEqual(
        JSON.parse(searches[0]!.details ?? '{}'),
        { count: 1, reason: 'duplicate_check' },
        'with the count and the reason, not the name',
      );
      assert.equal(searches[0]!.actor_user_id, world.users.coordinator.id, 'by the coordinator');

      const confirmed = await api('POST', '/api/v1/cases', 'coordinator', { ...same, confirmDuplicate: true });
      assert.equal(confirmed.statusCode, 201, 'confirmDuplicate: true opens the case');
      const id = (JSON.parse(confirmed.body) as { data: { id: string } }).data.id;
      const created = (await eventsOf('case.created')).find((event) => event.case_id === id)!;
      assert.equal(JSON.parse(created.details ?? '{}').duplicateConfirmed, true, 'the creation records that a duplicate was confirmed');

      const other = await api(
        'POST',
        '/api/v1/cases',
        'coordinator',
        newCase({ subject: { familyName: 'Verhaegen-Test', birthDate: '2010-05-15' } }),
      );
      assert.equal(other.statusCode, 201, 'another birth date is another person');
      const openApi = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.ok(
        openApi.body.includes('possible_duplicate') && openApi.body.includes('confirmDuplicate'),
        'the OpenAPI description documents the code and the field',
      );
      const professional = await api('POST', '/api/v1/cases', 'keyFigureThisTable', same);
      assert.equal(professional.statusCode, 403, 'only the coordinator opens cases (and looks up persons this way)');
    });

    test('API: an organisation’s protocol is never signed in the future', async () => {
      const before = await count('organisations');
      const created = await api('POST', '/api/v1/organisations', 'admin', {
        name: 'Fictieve Dienst',
        sector: 'welfare',
        secrecyRegime: 'none',
        protocolSignedOn: '2026-01-06',
      });
      assert.equal(created.statusCode, 400, 'a protocol signed tomorrow answers 400');
      assert.deepEqual(
        issuesOf(created.body),
        [{ path: 'protocolSignedOn', message: en('validation.date.protocol_in_future') }],
        'on protocolSignedOn',
      );
      assert.equal(await count('organisations'), before, 'nothing was written');
      const changed = await api('PATCH', `/api/v1/organisations/${world.organisations.welfare}`, 'admin', { protocolSignedOn: '2031-01-01' });
      assert.equal(changed.statusCode, 400, 'changing the date to 2031 answers 400');
      const row = await db()
        .selectFrom('organisations')
        .select('protocol_signed_on')
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('id', '=', world.organisations.welfare)
        .executeTakeFirstOrThrow();
      assert.equal(row.protocol_signed_on, '2025-06-02', 'the stored date is unchanged');
      const today = await api('PATCH', `/api/v1/organisations/${world.organisations.welfare}`, 'admin', { protocolSignedOn: '2026-01-05' });
      assert.equal(today.statusCode, 200, 'signed today is accepted');
    });

    test('API: a legal basis that does not hold for the author’s organisation and audience is refused with the reason; the valid ones pass', async () => {
      const items = await count('case_items');
      const url = `/api/v1/cases/${world.caseA.id}/items`;
      const police75 = await api('POST', url, 'keyFigureThisTable', { body: 'Fictief.', audience: 'table', legalBasis: 'decree_ijh_75_1' });
      assert.equal(police75.statusCode, 400, 'the police may not choose 75/1');
      assert.deepEqual(
        issuesOf(police75.body),
        [{ path: 'legalBasis', message: en('validation.legal_basis.decree_ijh_75_1_sector') }],
        'the reason names the sector',
      );
      const protocol = await api('POST', url, 'caseOwnerMember', { body: 'Fictief.', audience: 'care_network', legalBasis: 'cooperation_protocol' });
      assert.equal(protocol.statusCode, 400, 'professional secrecy may not reach the care network on the protocol alone');
      assert.deepEqual(
        issuesOf(protocol.body),
        [{ path: 'legalBasis', message: en('validation.legal_basis.protocol_secrecy_own_organisation_only') }],
        'and says why',
      );
      const ter = await api('POST', url, 'caseOwnerMember', { body: 'Fictief.', audience: 'care_network', legalBasis: 'art_458ter' });
      assert.deepEqual(
        issuesOf(ter.body).map((issue) => issue.path),
        ['legalBasis'],
        '458ter does not reach the care network',
      );
      const welfare75 = await api('POST', url, 'caseOwnerMember', {
        body: 'Fictief.',
        audience: 'organisations',
        organisationIds: [world.organisations.welfare],
        legalBasis: 'decree_ijh_75_1',
      });
      assert.deepEqual(
        issuesOf(welfare75.body),
        [{ path: 'legalBasis', message: en('validation.legal_basis.decree_ijh_75_1_recipients') }],
        '75/1 may not name an organisation outside youth care and justice',
      );
      assert.equal(await count('case_items'), items, 'nothing was written');

      const valid = [
        ['caseOwnerMember', { audience: 'organisations', organisationIds: [world.organisations.youthCare], legalBasis: 'decree_ijh_75_1' }],
        ['caseOwnerMember', { audience: 'own_organisation', legalBasis: 'cooperation_protocol' }],
        ['keyFigureThisTable', { audience: 'table', legalBasis: 'art_458bis' }],
        ['keyFigureThisTable', { audience: 'table', legalBasis: 'art_458ter' }],
      ] as const;
      for (const [who, input] of valid) {
        const response = await api('POST', url, who, { body: 'Fictief, geldig.', ...input });
        assert.equal(response.statusCode, 201, `${who}: ${input.legalBasis} for ${input.audience} is accepted (${response.body})`);
      }
      assert.equal(await count('case_items'), items + valid.length, 'each valid item was written');
    });

    test('pages: a future birth date is refused on its field; an adult on the minors table asks for a reason, then opens the case and shows it', async () => {
      const coordinator = await page('coordinator');
      const before = await count('cases');
      const base = {
        tableId: world.tables.minors,
        theme: 'gangs',
        summary: 'Fictieve zorg (pagina).',
        identityDisclosure: 'restricted',
        'subject.familyName': 'Paginatest',
      };
      const future = await coordinator.post('/cases/new', { ...base, 'subject.birthDate': '2031-01-01' });
      assert.equal(future.statusCode, 400, 'the form comes back with 400');
      assert.equal(
        textOf(future.body, 'field-case-subject-birthDate-error'),
        html(t('validation.date.birth_in_future')),
        'the error stands at the birth date',
      );
      assert.ok(
        future.body.includes(
          `href="#field-case-subject-birthDate">${html(t('form.error_line', { field: t('cases.field.birth_date'), message: t('validation.date.birth_in_future') }))}`,
        ),
        'and the summary links to it',
      );
      assert.ok(!future.body.includes('id="field-case-ageExceptionReason"'), 'no reason field for a date error');

      const adult = await coordinator.post('/cases/new', { ...base, 'subject.birthDate': '1990-02-01' });
      assert.equal(adult.statusCode, 400, 'an adult on the minors table comes back with 400');
      assert.equal(
        textOf(adult.body, 'field-case-subject-birthDate-error'),
        html(t('validation.case.age_outside_table_minors')),
        'the error says the age does not fit',
      );
      assert.ok(adult.body.includes('id="field-case-ageExceptionReason"'), 'and the form now shows the reason field');
      assert.equal(await count('cases'), before, 'nothing was written');

      const reason = 'Fictief: oudere zus van een jongere aan deze tafel.';
      const opened = await coordinator.post('/cases/new', { ...base, 'subject.birthDate': '1990-02-01', ageExceptionReason: reason });
      assert.equal(opened.statusCode, 303, 'with a reason the case is opened');
      const casePage = await coordinator.get(String(opened.headers.location));
      assert.ok(casePage.body.includes(`<dt>${html(t('cases.field.age_exception_reason'))}</dt>`), 'the case page names the exception');
      assert.ok(casePage.body.includes(html(reason)), 'and shows its reason');
      const history = await coordinator.get(`${String(opened.headers.location)}/history`);
      assert.ok(history.body.includes(html(t('cases.event.age_exception'))), 'the timeline on the History tab mentions it');
    });

    test('pages: a known person shows the existing case and asks; continuing opens the case', async () => {
      const coordinator = await page('coordinator');
      const before = await count('cases');
      const fields = {
        tableId: world.tables.minors,
        theme: 'radicalisation',
        summary: 'Fictieve tweede aanmelding.',
        identityDisclosure: 'restricted',
        'subject.familyName': 'Verhaegen-Test',
        'subject.birthDate': '2010-05-14',
      };
      const prompt = await coordinator.post('/cases/new', fields);
      assert.equal(prompt.statusCode, 409, 'the prompt answers 409');
      assert.ok(prompt.body.includes(`<h2 id="duplicate-heading">${html(t('cases.duplicate.title'))}</h2>`), 'it says the person may be known');
      assert.ok(prompt.body.includes(`<a href="/cases/${world.caseA.id}">${world.caseA.reference}</a>`), 'with a link to the existing case');
      assert.ok(prompt.body.includes('Partnertafel minderjarigen'), 'its table');
      assert.ok(prompt.body.includes('name="confirmDuplicate" value="yes"'), 'and a way to continue with the same values');
      assert.equal(await count('cases'), before, 'nothing was written');

      const continued = await coordinator.post('/cases/new', { ...fields, confirmDuplicate: 'yes' });
      assert.equal(continued.statusCode, 303, 'continuing opens the case');
      assert.equal(await count('cases'), before + 1, 'one case was written');
    });

    test('pages: the item form offers only the bases that hold, says why the others do not, and refuses one sent anyway', async () => {
      const police = await page('keyFigureThisTable');
      const casePage = await police.get(`/cases/${world.caseA.id}/information`);
      assert.equal(casePage.statusCode, 200, 'the key figure opens the case');
      assert.ok(casePage.body.includes('id="field-item-legalBasis-art_458ter"'), '458ter is offered');
      assert.ok(!casePage.body.includes('id="field-item-legalBasis-decree_ijh_75_1"'), '75/1 is not offered to the police');
      assert.ok(casePage.body.includes(html(t('validation.legal_basis.decree_ijh_75_1_sector'))), 'and the form says why');

      const youthCare = await page('caseOwnerMember');
      const ownPage = await youthCare.get(`/cases/${world.caseA.id}/information`);
      assert.ok(ownPage.body.includes('id="field-item-legalBasis-decree_ijh_75_1"'), '75/1 is offered to youth care');
      assert.ok(
        ownPage.body.includes(html(t('cases.item.legal_basis_only_for', { audiences: t('cases.audience.own_organisation') }))),
        'the protocol’s hint says it holds only within the own organisation',
      );

      const items = await count('case_items');
      const refused = await police.post(`/cases/${world.caseA.id}/items`, {
        body: 'Fictief (pagina).',
        audience: 'table',
        legalBasis: 'decree_ijh_75_1',
      });
      assert.equal(refused.statusCode, 400, 'a basis that does not hold comes back with 400');
      assert.equal(
        textOf(refused.body, 'field-item-legalBasis-error'),
        html(t('validation.legal_basis.decree_ijh_75_1_sector')),
        'the reason stands at the field',
      );
      assert.equal(await count('case_items'), items, 'nothing was written');
    });

    test('pages: the administrator’s organisation form refuses a protocol date in the future', async () => {
      const admin = await page('admin');
      const before = await count('organisations');
      const refused = await admin.post('/admin/organisations/new', {
        name: 'Fictieve Toekomstdienst',
        sector: 'community',
        secrecyRegime: 'none',
        protocolSignedOn: '2027-01-01',
      });
      assert.equal(refused.statusCode, 400, 'the form comes back with 400');
      assert.equal(
        textOf(refused.body, 'field-protocolSignedOn-error'),
        html(t('validation.date.protocol_in_future')),
        'the error stands at the protocol date',
      );
      assert.equal(await count('organisations'), before, 'nothing was written');
    });
  });
}
