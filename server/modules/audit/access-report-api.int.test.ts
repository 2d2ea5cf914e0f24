import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { catalogues } from '../../ui/i18n.ts';
import { recordCaseEvent, seedReportCase } from './access-report-fixtures.ts';
import { auditEvents } from '../../test/audit-events.ts';

type ReportEvent = {
  id: string;
  occurredAt: string;
  organisation: { id: string; name: string } | null;
  roles: string[];
  action: string;
  purpose: string | null;
  legalBasis: string | null;
  decision: string;
  staffName?: string | null;
};
type Report = {
  case: { id: string; reference: string };
  staffNamesShown: boolean;
  events: ReportEvent[];
  summary: { organisations: { organisation: { id: string; name: string } | null; events: number }[]; actions: { action: string; events: number }[] };
};

const URL = '/api/v1/audit/access-report';
const NAMES_URL = '/api/v1/audit/access-report/staff-names';
const REFERENCE = 'VIL-2026-014';
const EVENT_KEYS = ['action', 'decision', 'id', 'legalBasis', 'occurredAt', 'organisation', 'purpose', 'roles'];

type Seeded = Awaited<ReturnType<typeof seedUser>>;

for (const target of databaseTargets()) {
  describe(`access report API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let dpo: Seeded;
    let otherDpo: Seeded;
    let coordinator: Seeded;
    let youthWorker: Seeded;
    let officer: Seeded;
    let analyst: Seeded;
    let youthWorkId: string;
    let policeId: string;
    let caseId: string;
    let quietCaseId: string;
    let foreignCaseId: string;
    /** The events of the case, in the order they were recorded. */
    const recorded: string[] = [];

    const get = (url: string, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { ...bearer(token), ...headers } });
    const post = (body: unknown, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: NAMES_URL, payload: body as Record<string, unknown>, headers: { ...bearer(token), ...headers } });

    const eventRows = (tenantId: string) =>
      auditEvents(env.ctx.db)
        .select(['id', 'action', 'actor_user_id', 'resource_type', 'resource_id', 'case_id', 'person_pseudonym', 'request_id', 'decision', 'details'])
        .where('tenant_id', '=', tenantId)
        .execute();
    const reportEvents = async (tenantId: string) =>
      (await eventRows(tenantId)).filter((row) => row.action === 'audit.access_report_viewed' || row.action === 'audit.staff_names_revealed');

    const rename = (tenantId: string, userId: string, name: string) =>
      env.database.handle.db.updateTable('users').set({ name }).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      youthWorkId = (
        await createOrganisation({ input: { name: 'Jeugdhuis De Brug', sector: 'youth_work', secrecyRegime: 'discretion' } }, tenant.admin, env.ctx)
      ).id;
      policeId = (
        await createOrganisation(
          { input: { name: 'Politiezone Rivierstede', sector: 'police', secrecyRegime: 'investigation_secrecy' } },
          tenant.admin,
          env.ctx,
        )
      ).id;
      dpo = await seedUser(env.ctx, tenant, ['dpo']);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      youthWorker = await seedUser(env.ctx, tenant, ['professional'], { organisationId: youthWorkId });
      officer = await seedUser(env.ctx, tenant, ['professional'], { organisationId: policeId });
      analyst = await seedUser(env.ctx, tenant, ['analyst']);
      otherDpo = await seedUser(env.ctx, other, ['dpo']);
      const otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
      await rename(tenant.tenantId, dpo.id, 'Dana Privacy');
      await rename(tenant.tenantId, coordinator.id, 'Chris Coördinator');
      await rename(tenant.tenantId, youthWorker.id, 'Pat Jeugdwerker');
      await rename(tenant.tenantId, officer.id, 'Sam Wijkagent');
      await rename(other.tenantId, otherCoordinator.id, 'Kim Elders');

      caseId = await seedReportCase(env, { tenantId: tenant.tenantId, reference: REFERENCE, createdBy: coordinator.id });
      quietCaseId = await seedReportCase(env, { tenantId: tenant.tenantId, reference: 'VIL-2026-015', createdBy: coordinator.id });
      // The other network has a case with the same reference: it must never mix in.
      foreignCaseId = await seedReportCase(env, { tenantId: other.tenantId, reference: REFERENCE, createdBy: otherCoordinator.id });

      const about = { caseId, reference: REFERENCE };
      const step = async (actor: Seeded['actor'], event: Omit<Parameters<typeof recordCaseEvent>[2], 'caseId' | 'reference'>, advance = 60_000) => {
        env.clock.advance(advance);
        recorded.push(await recordCaseEvent(env, actor, { ...about, ...event }));
      };
      await step(coordinator.actor, { action: 'case.created', purpose: 'coordination' });
      await step(coordinator.actor, { action: 'case.viewed', purpose: 'coordination' });
      await step(youthWorker.actor, { action: 'case.participant_added', purpose: 'coordination' }, 0); // a change, same millisecond
      await step(youthWorker.actor, { action: 'case.viewed', purpose: 'care_network' });
      await step(youthWorker.actor, { action: 'case.items_viewed', purpose: 'care_network', legalBasis: 'art_458ter' });
      await step(officer.actor, { action: 'case.viewed', purpose: 'key_figure' });
      await step(officer.actor, { action: 'case.items_viewed', decision: 'deny' });
      // Noise: another case of the network, and the other network's case with the same reference.
      await recordCaseEvent(env, youthWorker.actor, { action: 'case.viewed', caseId: quietCaseId, reference: 'VIL-2026-015', purpose: 'guest' });
      await recordCaseEvent(env, otherCoordinator.actor, {
        action: 'case.viewed',
        caseId: foreignCaseId,
        reference: REFERENCE,
        purpose: 'coordination',
      });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('without credentials: 401, nothing recorded', async () => {
      const before = (await eventRows(tenant.tenantId)).length;
      assert.equal(
        (await app.inject({ method: 'GET', url: `${URL}?reference=${REFERENCE}` })).statusCode,
        401,
        'GET ${URL}?reference=${REFERENCE} answers 401 Unauthorized',
      );
      assert.equal(
        (await app.inject({ method: 'POST', url: NAMES_URL, payload: { caseId, reason: 'Klacht van de betrokkene' } })).statusCode,
        401,
        'POST NAMES_URL answers 401 Unauthorized',
      );
      assert.equal((await eventRows(tenant.tenantId)).length, before, 'the number of eventRows(tenant.tenantId) is unchanged (before)');
    });

    test('admin, coordinator, professional and analyst get 403 on the report and on staff names; each denial is audited, no view', async () => {
      for (const [who, token, userId] of [
        ['admin', tenant.adminToken, tenant.admin.userId],
        ['coordinator', coordinator.token, coordinator.id],
        ['professional', youthWorker.token, youthWorker.id],
        ['analyst', analyst.token, analyst.id],
      ] as const) {
        const report = await get(`${URL}?caseId=${caseId}`, token);
        assert.equal(report.statusCode, 403, who);
        assert.deepEqual(Object.keys(report.json()), ['error'], "Object.keys(report.json()) is ['error']");
        assert.equal(report.json().error.code, 'forbidden', 'the error code is "forbidden"');
        const names = await post({ caseId, reason: 'Ik wil weten wie er keek' }, token);
        assert.equal(names.statusCode, 403, who);
        assert.equal(names.json().error.code, 'forbidden', 'the error code is "forbidden"');
        const mine = (await eventRows(tenant.tenantId)).filter((row) => row.actor_user_id === userId);
        assert.deepEqual(
          mine
            .filter((row) => row.action === 'access.denied')
            .map((row) => JSON.parse(row.details!).deniedAction)
            .sort(),
          ['audit.accessReport', 'audit.revealStaff'],
          who,
        );
        assert.ok(!mine.some((row) => row.action.startsWith('audit.access_report') || row.action === 'audit.staff_names_revealed'), who);
      }
      assert.deepEqual(await reportEvents(tenant.tenantId), [], 'reportEvents(tenant.tenantId) is empty');
    });

    test('the DPO gets every event of the case, oldest first: organisations, roles, actions, purposes, decisions — no staff', async () => {
      const response = await get(`${URL}?reference=${REFERENCE}`, dpo.token);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { data: Report; abilities: Record<string, boolean> };
      assert.deepEqual(body.abilities, { revealStaff: true }, 'body.abilities is { revealStaff: true }');
      const report = body.data;
      assert.deepEqual(report.case, { id: caseId, reference: REFERENCE }, 'report.case is { id: caseId, reference: REFERENCE }');
      assert.equal(report.staffNamesShown, false, 'report.staffNamesShown is false');
      assert.deepEqual(
        report.events.map((event) => event.id),
        recorded,
        'exactly the events of this case in this network, in the order they happened',
      );
      for (const event of report.events) assert.deepEqual(Object.keys(event).sort(), EVENT_KEYS, 'Object.keys(event).sort() is EVENT_KEYS');
      const city = { id: tenant.organisationId, name: 'City of Rivierstede' };
      const youth = { id: youthWorkId, name: 'Jeugdhuis De Brug' };
      const police = { id: policeId, name: 'Politiezone Rivierstede' };
      assert.deepEqual(
        report.events.map((event) => [event.organisation, event.roles, event.action, event.purpose, event.decision]),
        [
          [city, ['coordinator'], 'case.created', 'coordination', 'permit'],
          [city, ['coordinator'], 'case.viewed', 'coordination', 'permit'],
          [youth, ['professional'], 'case.participant_added', 'coordination', 'permit'],
          [youth, ['professional'], 'case.viewed', 'care_network', 'permit'],
          [youth, ['professional'], 'case.items_viewed', 'care_network', 'permit'],
          [police, ['professional'], 'case.viewed', 'key_figure', 'permit'],
          [police, ['professional'], 'case.items_viewed', null, 'deny'],
        ],
        'report.events.map((event) => [event.organisation, event.roles, event.… is exactly the 7 expected entries',
      );
      assert.equal(report.events[4]!.legalBasis, 'art_458ter', 'report.events[4].legalBasis is "art_458ter"');
      assert.ok(
        report.events.every((event, index) => index === 0 || report.events[index - 1]!.occurredAt <= event.occurredAt),
        'every entry of report.events matches (event, index) => index === 0 || report.events[index - 1].o…',
      );
      assert.deepEqual(
        report.summary.organisations,
        [
          { organisation: youth, events: 3 },
          { organisation: city, events: 2 },
          { organisation: police, events: 2 },
        ],
        'report.summary.organisations is exactly the 3 expected entries',
      );
      assert.deepEqual(
        report.summary.actions,
        [
          { action: 'case.viewed', events: 3 },
          { action: 'case.items_viewed', events: 2 },
          { action: 'case.created', events: 1 },
          { action: 'case.participant_added', events: 1 },
        ],
        'report.summary.actions is exactly the 4 expected entries',
      );
      // No one is named or identified: no names, no user ids.
      for (const secret of ['Chris', 'Pat Jeugdwerker', 'Sam Wijkagent', coordinator.id, youthWorker.id, officer.id, '"staffName"', '"userId"']) {
        assert.ok(!response.body.includes(secret), secret);
      }
    });

    test('a reference is found in any case of letters, and by id the answer is the same', async () => {
      const byReference = (await get(`${URL}?reference=${REFERENCE.toLowerCase()}`, dpo.token)).json().data as Report;
      const byId = (await get(`${URL}?caseId=${caseId}`, dpo.token)).json().data as Report;
      assert.deepEqual(byReference.case, { id: caseId, reference: REFERENCE }, 'byReference.case is { id: caseId, reference: REFERENCE }');
      // The earlier views of the report are part of the case's trail now; the rest is the same.
      const caseEvents = (report: Report) => report.events.filter((event) => event.action.startsWith('case.'));
      assert.deepEqual(caseEvents(byId), caseEvents(byReference), 'caseEvents(byId) is caseEvents(byReference)');
      assert.ok(
        byId.events.some((event) => event.action === 'audit.access_report_viewed' && event.roles.includes('dpo')),
        "some entry of byId.events matches (event) => event.action === 'audit.access_report_viewed' &&…",
      );
    });

    test('each view is audited with the case, before the answer, without content', async () => {
      const known = new Set((await reportEvents(tenant.tenantId)).map((row) => row.id));
      const response = await get(`${URL}?caseId=${caseId}`, dpo.token);
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      const added = (await reportEvents(tenant.tenantId)).filter((row) => !known.has(row.id));
      assert.equal(added.length, 1, 'added holds 1 entry');
      const view = added[0]!;
      assert.equal(view.action, 'audit.access_report_viewed', 'view.action is "audit.access_report_viewed"');
      assert.equal(view.actor_user_id, dpo.id, 'view.actor_user_id is dpo.id');
      assert.equal(view.resource_type, 'access_report', 'view.resource_type is "access_report"');
      assert.equal(view.resource_id, caseId, 'view.resource_id is caseId');
      assert.equal(view.case_id, caseId, 'view.case_id is caseId');
      assert.equal(view.person_pseudonym, REFERENCE, 'view.person_pseudonym is REFERENCE');
      assert.equal(view.decision, 'permit', 'view.decision is "permit"');
      assert.ok(view.request_id, 'view.request_id is set');
      const shown = (response.json().data as Report).events.length;
      assert.deepEqual(
        JSON.parse(view.details!),
        { staffNames: false, via: 'api', events: shown },
        "JSON.parse(view.details) is { staffNames: false, via: 'api', events: shown }",
      );
    });

    test('another network’s case (by id or by its reference) and a missing one give identical 404 bodies, and nothing is recorded', async () => {
      const before = (await reportEvents(tenant.tenantId)).length;
      const answers = [
        await get(`${URL}?caseId=${foreignCaseId}`, dpo.token),
        await get(`${URL}?caseId=no-such-case`, dpo.token),
        await get(`${URL}?reference=RIV-2026-999`, dpo.token),
        await post({ caseId: foreignCaseId, reason: 'Klacht van de betrokkene' }, dpo.token),
        await post({ caseId: 'no-such-case', reason: 'Klacht van de betrokkene' }, dpo.token),
      ];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 404, 'the request answers 404 Not Found');
        assert.equal(answer.body, answers[0]!.body, 'answer.body is answers[0].body');
      }
      assert.equal(answers[0]!.json().error.code, 'not_found', 'the error code is "not_found"');
      assert.equal((await reportEvents(tenant.tenantId)).length, before, 'the number of reportEvents(tenant.tenantId) is unchanged (before)');
      assert.deepEqual(await reportEvents(other.tenantId), [], 'reportEvents(other.tenantId) is empty');
      // The other network's DPO sees only the own case under the shared reference.
      const theirs = (await get(`${URL}?reference=${REFERENCE}`, otherDpo.token)).json().data as Report;
      assert.equal(theirs.case.id, foreignCaseId, 'theirs.case.id is foreignCaseId');
      assert.deepEqual(
        theirs.events.map((event) => event.action),
        ['case.viewed'],
        "theirs.events.map((event) => event.action) is ['case.viewed']",
      );
    });

    test('bad report queries: 400 with localised issues, nothing recorded', async () => {
      const before = (await eventRows(tenant.tenantId)).length;
      const cases: [string, string, string][] = [
        ['', 'reference', 'validation.required'],
        [`caseId=${caseId}&reference=${REFERENCE}`, 'reference', 'validation.invalid'],
        ['colour=red', 'colour', 'validation.unknown_field'],
        [`reference=${'X'.repeat(41)}`, 'reference', 'validation.too_long'],
        [`reference=${REFERENCE}&reference=VIL-2026-015`, 'reference', 'validation.invalid'],
      ];
      for (const locale of ['nl', 'fr', 'en'] as const) {
        for (const [query, path, key] of cases) {
          const response = await get(`${URL}?${query}`, dpo.token, { 'accept-language': locale });
          assert.equal(response.statusCode, 400, query);
          const { error } = response.json();
          assert.equal(error.code, 'validation_failed', 'error.code is "validation_failed"');
          assert.equal(error.message, catalogues[locale]['errors.validation_failed'], 'error.message is the "errors.validation_failed" text');
          const issue = error.issues.find((entry: { path: string }) => entry.path === path);
          assert.ok(issue, `${query}: ${JSON.stringify(error.issues)}`);
          assert.equal(issue.message, catalogues[locale][key]!.replace('{maximum}', '40'), query);
        }
      }
      assert.equal((await eventRows(tenant.tenantId)).length, before, 'the number of eventRows(tenant.tenantId) is unchanged (before)');
    });

    test('staff names need a reason: 400 localised and nothing recorded', async () => {
      const before = (await eventRows(tenant.tenantId)).length;
      const cases: [unknown, string, string][] = [
        [{ caseId }, 'reason', 'validation.required'],
        [{ caseId, reason: 'curious' }, 'reason', 'validation.too_short'],
        [{ caseId, reason: '            ' }, 'reason', 'validation.too_short'],
        [{ caseId, reason: 'x'.repeat(1001) }, 'reason', 'validation.too_long'],
        [{ reason: 'Klacht van de betrokkene' }, 'caseId', 'validation.required'],
        [{ caseId, reason: 'Klacht van de betrokkene', tenantId: other.tenantId }, 'tenantId', 'validation.unknown_field'],
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
          assert.equal(
            issue.message,
            catalogues[locale][key]!.replace('{minimum}', '10').replace('{maximum}', '1000'),
            "issue.message is catalogues[locale][key].replace('{minimum}', '10').replace(…",
          );
          assert.equal(response.body.includes('Chris'), false, "response.body.includes('Chris') is false");
        }
      }
      assert.equal((await eventRows(tenant.tenantId)).length, before, 'the number of eventRows(tenant.tenantId) is unchanged (before)');
    });

    test('with a reason the names appear for each event; the decision (with its reason) and the view are both audited', async () => {
      const reason = `Klacht van de betrokkene over inzage door de politie. ${'Toelichting. '.repeat(60)}`;
      const response = await post({ caseId, reason }, dpo.token);
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json().data as Report;
      assert.equal(report.staffNamesShown, true, 'report.staffNamesShown is true');
      assert.deepEqual(
        report.events.filter((event) => event.action.startsWith('case.')).map((event) => event.staffName),
        ['Chris Coördinator', 'Chris Coördinator', 'Pat Jeugdwerker', 'Pat Jeugdwerker', 'Pat Jeugdwerker', 'Sam Wijkagent', 'Sam Wijkagent'],
        "report.events.filter((event) => event.action.startsWith('case.')).map… is exactly the 7 expected entries",
      );
      assert.ok(
        report.events.filter((event) => event.action.startsWith('audit.')).every((event) => event.staffName === 'Dana Privacy'),
        "every entry of report.events.filter((event) => event.action.startsWith('au… matches (event) => event.staffName === 'Dana Privacy'",
      );
      for (const event of report.events)
        assert.deepEqual(
          Object.keys(event).sort(),
          [...EVENT_KEYS, 'staffName'].sort(),
          "Object.keys(event).sort() is [...EVENT_KEYS, 'staffName'].sort()",
        );
      const rows = await reportEvents(tenant.tenantId);
      const decision = rows.filter((row) => row.action === 'audit.staff_names_revealed');
      assert.equal(decision.length, 1, 'decision holds 1 entry');
      assert.equal(decision[0]!.actor_user_id, dpo.id, 'decision[0].actor_user_id is dpo.id');
      assert.equal(decision[0]!.case_id, caseId, 'decision[0].case_id is caseId');
      assert.equal(decision[0]!.person_pseudonym, REFERENCE, 'decision[0].person_pseudonym is REFERENCE');
      assert.equal(decision[0]!.resource_id, caseId, 'decision[0].resource_id is caseId');
      assert.ok(decision[0]!.request_id, 'decision[0].request_id is set');
      const details = JSON.parse(decision[0]!.details!);
      assert.deepEqual(Object.keys(details).sort(), ['reason', 'via'], "Object.keys(details).sort() is ['reason', 'via']");
      assert.equal(details.via, 'api', 'details.via is "api"');
      assert.equal(details.reason, reason.trim().slice(0, 500), 'the reason, trimmed and cut at 500 characters');
      const views = rows.filter((row) => row.action === 'audit.access_report_viewed' && row.request_id === decision[0]!.request_id);
      assert.deepEqual(
        views.map((row) => JSON.parse(row.details!)),
        [{ staffNames: true, via: 'api', events: report.events.length }],
        'views.map((row) => JSON.parse(row.details)) is exactly the 1 expected entries',
      );
      // The decision is part of the case's trail from now on, and a new plain report names nobody again.
      const plain = (await get(`${URL}?caseId=${caseId}`, dpo.token)).json().data as Report;
      assert.equal(plain.staffNamesShown, false, 'plain.staffNamesShown is false');
      assert.ok(
        plain.events.some((event) => event.action === 'audit.staff_names_revealed'),
        "some entry of plain.events matches (event) => event.action === 'audit.staff_names_revealed'",
      );
      assert.ok(
        plain.events.every((event) => !('staffName' in event)),
        "every entry of plain.events matches (event) => !('staffName' in event)",
      );
    });

    test('another case of the network has its own report', async () => {
      const report = (await get(`${URL}?reference=VIL-2026-015`, dpo.token)).json().data as Report;
      assert.equal(report.case.id, quietCaseId, 'report.case.id is quietCaseId');
      assert.deepEqual(
        report.events.map((event) => [event.action, event.purpose]),
        [['case.viewed', 'guest']],
        "report.events.map((event) => [event.action, event.purpose]) is [['case.viewed', 'guest']]",
      );
    });

    test('both routes are described in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const read = document.paths['/api/v1/audit/access-report']?.get;
      const reveal = document.paths['/api/v1/audit/access-report/staff-names']?.post;
      assert.deepEqual(read?.tags, ['audit'], "read?.tags is ['audit']");
      assert.deepEqual(reveal?.tags, ['audit'], "reveal?.tags is ['audit']");
      assert.deepEqual(
        read.parameters.map((parameter: { name: string }) => parameter.name).sort(),
        ['caseId', 'reference'],
        "read.parameters.map((parameter: { name: string }) => parameter.name).… is ['caseId', 'reference']",
      );
      const data = read.responses['200'].content['application/json'].schema.properties.data;
      assert.deepEqual(
        Object.keys(data.properties).sort(),
        ['case', 'events', 'staffNamesShown', 'summary'],
        "Object.keys(data.properties).sort() is ['case', 'events', 'staffNamesShown', 'summary']",
      );
    });
  });

  describe(`access report fails closed on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let dpo: Seeded;
    let caseId: string;
    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      const tenant = await seedTenant(env.ctx);
      dpo = await seedUser(env.ctx, tenant, ['dpo']);
      caseId = await seedReportCase(env, { tenantId: tenant.tenantId, reference: REFERENCE, createdBy: tenant.admin.userId });
      await recordCaseEvent(env, tenant.admin, { action: 'case.viewed', caseId, reference: REFERENCE, purpose: 'coordination' });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('when the audit write fails the report and the names fail with 500 and show nothing', async () => {
      assert.equal(
        (await app.inject({ method: 'GET', url: `${URL}?caseId=${caseId}`, headers: bearer(dpo.token) })).statusCode,
        200,
        'GET ${URL}?caseId=${caseId} answers 200 OK',
      );
      await env.database.handle.db.schema.dropTable('audit_segments').execute();
      const report = await app.inject({ method: 'GET', url: `${URL}?caseId=${caseId}`, headers: bearer(dpo.token) });
      assert.equal(report.statusCode, 500, 'the report request answers 500 Internal Server Error');
      assert.deepEqual(Object.keys(report.json()), ['error'], "Object.keys(report.json()) is ['error']");
      assert.equal(report.json().error.code, 'internal', 'the error code is "internal"');
      const names = await app.inject({
        method: 'POST',
        url: NAMES_URL,
        payload: { caseId, reason: 'Klacht van de betrokkene' },
        headers: bearer(dpo.token),
      });
      assert.equal(names.statusCode, 500, 'the names request answers 500 Internal Server Error');
      assert.deepEqual(Object.keys(names.json()), ['error'], "Object.keys(names.json()) is ['error']");
      const page = await app.inject({ method: 'GET', url: `/audit/access-report?reference=${REFERENCE}`, headers: bearer(dpo.token) });
      assert.equal(page.statusCode, 500, 'the request answers 500 Internal Server Error');
      assert.doesNotMatch(page.body, /<time datetime=/, 'page.body does not match /<time datetime=/');
    });
  });
}
