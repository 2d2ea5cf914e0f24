import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { inputValue, PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { catalogues, translator } from '../../ui/i18n.ts';
import { recordCaseEvent, seedReportCase } from './access-report-fixtures.ts';
import { formatLocalClock, formatLocalDayOf, networkDay } from '../../ui/local-time.ts';
import { formatAuditTime, startOfZonedDay } from './audit-time.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The body rows of the table with this caption. */
function rowsOf(body: string, caption: string): string[] {
  const table = body.split(`<caption>${html(caption)}</caption>`)[1]?.split('</table>')[0];
  return (
    table
      ?.split('<tbody>')[1]
      ?.split('</tbody>')[0]
      ?.replace(/ data-label="[^"]*"/g, '')
      .split('<tr>')
      .slice(1) ?? []
  );
}

const REFERENCE = 'VIL-2026-014';

for (const target of databaseTargets()) {
  describe(`access report page on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let dpo: Awaited<ReturnType<typeof seedUser>>;
    let client: PageClient;
    let caseId: string;
    let firstEventAt: string;

    const setLocale = (userId: string, locale: 'nl' | 'fr' | 'en') =>
      env.database.handle.db.updateTable('users').set({ locale }).where('tenant_id', '=', tenant.tenantId).where('id', '=', userId).execute();
    const rename = (userId: string, name: string) =>
      env.database.handle.db.updateTable('users').set({ name }).where('tenant_id', '=', tenant.tenantId).where('id', '=', userId).execute();
    const reportEvents = async () =>
      auditEvents(env.ctx.db)
        .select(['action', 'details', 'actor_user_id', 'case_id'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', 'in', ['audit.access_report_viewed', 'audit.staff_names_revealed'])
        .execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      const youthWorkId = (
        await createOrganisation({ input: { name: 'Jeugdhuis De Brug', sector: 'youth_work', secrecyRegime: 'discretion' } }, tenant.admin, env.ctx)
      ).id;
      dpo = await seedUser(env.ctx, tenant, ['dpo'], { password: TEST_PASSWORD });
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      const youthWorker = await seedUser(env.ctx, tenant, ['professional'], { organisationId: youthWorkId });
      await rename(coordinator.id, 'Chris Coördinator');
      await rename(youthWorker.id, 'Pat Jeugdwerker');
      caseId = await seedReportCase(env, { tenantId: tenant.tenantId, reference: REFERENCE, createdBy: coordinator.id });
      await seedReportCase(env, { tenantId: tenant.tenantId, reference: 'VIL-2026-015', createdBy: coordinator.id });
      await seedReportCase(env, { tenantId: other.tenantId, reference: 'RIV-2026-001', createdBy: other.admin.userId });
      const about = { caseId, reference: REFERENCE };
      firstEventAt = env.clock.now().toISOString();
      await recordCaseEvent(env, coordinator.actor, { ...about, action: 'case.created', purpose: 'coordination' });
      env.clock.advance(3_600_000);
      await recordCaseEvent(env, youthWorker.actor, { ...about, action: 'case.viewed', purpose: 'care_network' });
      env.clock.advance(60_000);
      await recordCaseEvent(env, youthWorker.actor, { ...about, action: 'case.items_viewed', purpose: 'care_network' });
      client = new PageClient(app);
      await signInWithPages(client, { email: dpo.email, password: TEST_PASSWORD, code: () => nextTotpCode(dpo.totpSecret, env.clock) });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a visitor is sent to the sign-in page', async () => {
      const response = await new PageClient(app).get('/audit/access-report');
      assert.equal(response.statusCode, 303, 'the request answers 303 See Other');
      assert.equal(
        response.headers.location,
        '/login?next=%2Faudit%2Faccess-report',
        'response.headers.location is "/login?next=%2Faudit%2Faccess-report"',
      );
    });

    test('the audit trail links to the report; the report page starts with a labelled search form and no table', async () => {
      const t = translator('nl');
      const trail = await client.get('/audit');
      assert.ok(
        trail.body.includes(`<a href="/audit/access-report">${html(t('audit.report.link'))}</a>`),
        'trail.body contains `<a href="/audit/access-report">${html(t(\'audit.report.link…',
      );
      const page = await client.get('/audit/access-report');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.match(
        page.body,
        new RegExp(`<h1>${html(t('audit.report.title'))}</h1>`),
        "page.body matches new RegExp(`<h1>${html(t('audit.report.title'))}</h1>`)",
      );
      assert.match(
        page.body,
        /<form method="get" action="\/audit\/access-report" role="search"/,
        'page.body matches /<form method="get" action="\\/audit\\/access-report" role="search"/',
      );
      assert.match(
        page.body,
        new RegExp(`<label for="field-reference">${html(t('audit.report.reference'))}`),
        'page.body matches new RegExp(`<label for="field-reference">${html(t(\'audit.report.reference\'))}`)',
      );
      assert.equal(
        textOf(page.body, 'field-reference-hint'),
        t('audit.report.reference_hint'),
        'textOf(page.body, \'field-reference-hint\') is the "audit.report.reference_hint" text',
      );
      assert.doesNotMatch(page.body, /<table>/, 'page.body does not match /<table>/');
      assert.deepEqual(await reportEvents(), [], 'an empty form is not a view of a report');
    });

    test('the report: summary and events with captions and scoped headers, Brussels times, labels — and no staff column', async () => {
      const t = translator('nl');
      const page = await client.get(`/audit/access-report?reference=${REFERENCE}`);
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.equal(inputValue(page.body, 'reference'), REFERENCE, "inputValue(page.body, 'reference') is REFERENCE");
      assert.match(
        page.body,
        new RegExp(`<h2 id="report-heading">${html(t('audit.report.heading', { reference: REFERENCE }))}</h2>`),
        'page.body matches new RegExp(`<h2 id="report-heading">${html(t(\'audit.report.heading\', { referenc…',
      );
      assert.deepEqual(
        rowsOf(page.body, t('audit.report.by_organisation')).map((row) => row.replace(/\s+/g, '')),
        ['<thscope="row">JeugdhuisDeBrug</th><td>2</td></tr>', '<thscope="row">CityofRivierstede</th><td>1</td></tr>'],
        "rowsOf(page.body, t('audit.report.by_organisation')).map((row) => row… is exactly the 2 expected entries",
      );
      const byAction = rowsOf(page.body, t('audit.report.by_action'));
      assert.equal(byAction.length, 3, 'byAction holds 3 entries');
      assert.ok(
        byAction[0]!.includes(html(t('audit.action.case.created'))) || byAction[0]!.includes(html(t('audit.action.case.viewed'))),
        "either byAction[0] contains html(t('audit.action.case.created')), or byAction[0] contains html(t('audit.action.case.viewed'))",
      );
      const caption = t('audit.report.caption', { count: 3, reference: REFERENCE });
      const events = rowsOf(page.body, caption);
      assert.equal(events.length, 3, 'events holds 3 entries');
      const eventTable = page.body.split(`<caption>${html(caption)}</caption>`)[1]!.split('</thead>')[0]!;
      assert.equal((eventTable.match(/<th scope="col">/g) ?? []).length, 6, '(eventTable.match(/<th scope="col">/g) ?? []) holds 6 entries');
      assert.ok(!eventTable.includes(html(t('audit.report.column.staff'))), 'no staff column');
      assert.ok(
        events[0]!.includes(`<th scope="row"><time datetime="${firstEventAt}">${formatAuditTime(firstEventAt, 'nl')}</time></th>`),
        'events[0] contains `<th scope="row"><time datetime="${firstEventAt}">${formatA…',
      );
      assert.match(
        events[0]!,
        /<time datetime="2026-01-05T\d\d:\d\d:\d\d\.\d{3}Z">5 jan 2026, \d\d:\d\d:\d\d<\/time>/,
        'events[0] matches /<time datetime="2026-01-05T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z">05\\/01\\/2026, \\d\\d:\\d\\d:\\d\\…',
      );
      assert.ok(events[0]!.includes('<td>City of Rivierstede</td>'), 'events[0] contains "<td>City of Rivierstede</td>"');
      assert.ok(events[0]!.includes(`<td>${html(t('role.coordinator'))}</td>`), "events[0] contains `<td>${html(t('role.coordinator'))}</td>`");
      assert.ok(
        events[0]!.includes(`<td>${html(t('audit.action.case.created'))}</td>`),
        "events[0] contains `<td>${html(t('audit.action.case.created'))}</td>`",
      );
      assert.ok(
        events[0]!.includes(`<td>${html(t('audit.report.purpose.coordination'))}</td>`),
        "events[0] contains `<td>${html(t('audit.report.purpose.coordination'))}</td>`",
      );
      assert.ok(
        events[0]!.includes(`<td>${html(t('audit.decision.permit'))}</td>`),
        "events[0] contains `<td>${html(t('audit.decision.permit'))}</td>`",
      );
      assert.ok(
        events[2]!.includes(`<td>${html(t('audit.report.purpose.care_network'))}</td>`),
        "events[2] contains `<td>${html(t('audit.report.purpose.care_network'))}</td>`",
      );
      assert.ok(!page.body.includes('Chris') && !page.body.includes('Pat Jeugdwerker'), 'no staff names');
      // The justified decision: a POST form with the case and a required, labelled reason.
      const form = page.body.split('action="/audit/access-report/staff-names#staff-names-heading"')[1]?.split('</form>')[0] ?? '';
      assert.ok(form.includes(`<input type="hidden" name="caseId" value="${caseId}"/>`), form);
      assert.match(form, /<input type="hidden" name="_csrf" value="[^"]+"\/>/, 'form matches /<input type="hidden" name="_csrf" value="[^"]+"\\/>/');
      assert.match(
        form,
        new RegExp(`<label for="field-reason">${html(t('audit.report.staff.reason'))}`),
        'form matches new RegExp(`<label for="field-reason">${html(t(\'audit.report.staff.reason\'))}`)',
      );
      assert.match(
        form,
        /<textarea id="field-reason" name="reason" rows="4" required="" maxlength="1000" aria-describedby="field-reason-hint">/,
        'form matches /<textarea id="field-reason" name="reason" rows="4" required="" maxlength="1000…',
      );
      assert.ok(
        form.includes(`<button type="submit" class="primary">${html(t('audit.report.staff.submit'))}</button>`),
        'form contains `<button type="submit" class="primary">${html(t(\'audit.repo…',
      );
      const views = await reportEvents();
      assert.deepEqual(
        views.map((row) => [row.action, row.case_id, row.actor_user_id, JSON.parse(row.details!)]),
        [['audit.access_report_viewed', caseId, dpo.id, { staffNames: false, via: 'page', events: 3 }]],
        'views.map((row) => [row.action, row.case_id, row.actor_user_id, JSON.… is exactly the 1 expected entries',
      );
    });

    test('an unknown reference and another network’s reference read the same: the form again with the message next to the field (404)', async () => {
      const before = (await reportEvents()).length;
      const t = translator('nl');
      const answers = [
        await client.get('/audit/access-report?reference=VIL-2099-999'),
        await client.get('/audit/access-report?reference=RIV-2026-001'),
      ];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 404, 'the request answers 404 Not Found');
        assert.equal(
          textOf(answer.body, 'field-reference-error'),
          t('audit.report.not_found'),
          'textOf(answer.body, \'field-reference-error\') is the "audit.report.not_found" text',
        );
        assert.match(answer.body, /class="error-summary"/, 'answer.body matches /class="error-summary"/');
        assert.match(answer.body, /aria-invalid="true"/, 'answer.body matches /aria-invalid="true"/');
        assert.doesNotMatch(answer.body, /<table>/, 'answer.body does not match /<table>/');
      }
      // The person lookup's POST form carries a CSRF token that is masked anew on every page.
      const main = (body: string) =>
        body
          .split('<main')[1]!
          .split('</main>')[0]!
          .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf"');
      assert.equal(
        main(answers[0]!.body).replaceAll('VIL-2099-999', 'X'),
        main(answers[1]!.body).replaceAll('RIV-2026-001', 'X'),
        "main(answers[0].body).replaceAll('VIL-2099-999', 'X') is main(answers[1].body).replaceAll('RIV-2026-001', 'X')",
      );
      const empty = await client.get('/audit/access-report?reference=');
      assert.equal(empty.statusCode, 400, 'the empty request answers 400 Bad Request');
      assert.equal(
        textOf(empty.body, 'field-reference-error'),
        catalogues.nl['validation.required'],
        'textOf(empty.body, \'field-reference-error\') is the "validation.required" text',
      );
      assert.equal((await reportEvents()).length, before, 'the number of reportEvents() is unchanged (before)');
    });

    test('a case without events says so (reference in any case of letters), without tables or a staff-names form', async () => {
      const page = await client.get('/audit/access-report?reference=vil-2026-015');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.equal(inputValue(page.body, 'reference'), 'VIL-2026-015', 'inputValue(page.body, \'reference\') is "VIL-2026-015"');
      assert.ok(
        page.body.includes(`<p>${html(translator('nl')('audit.report.empty'))}</p>`),
        "page.body contains `<p>${html(translator('nl')('audit.report.empty'))}</p>`",
      );
      assert.doesNotMatch(page.body, /<table>/, 'page.body does not match /<table>/');
      assert.doesNotMatch(page.body, /staff-names/, 'page.body does not match /staff-names/');
    });

    test('the grouped report: consecutive reads of one day in one row with first and last time and a count; every event behind a disclosure', async () => {
      const t = translator('nl');
      const reference = 'VIL-2026-016';
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      const worker = await seedUser(env.ctx, tenant, ['professional']);
      const grouped = await seedReportCase(env, { tenantId: tenant.tenantId, reference, createdBy: coordinator.id });
      const about = { caseId: grouped, reference };
      // Whole days in Brussels time, whatever the clock says now: 08:00 the next morning.
      const moveTo = (iso: string) => env.clock.advance(Date.parse(iso) - env.clock.now().getTime());
      const nextMorning = () => new Date(Date.parse(startOfZonedDay(networkDay(env.clock.now().toISOString()), 1)) + 8 * 3_600_000).toISOString();
      moveTo(nextMorning());
      await recordCaseEvent(env, coordinator.actor, { ...about, action: 'case.created', purpose: 'coordination' });
      env.clock.advance(3_600_000);
      const readsStartAt = env.clock.now().toISOString();
      for (let read = 0; read < 30; read += 1) {
        await recordCaseEvent(env, worker.actor, { ...about, action: read % 2 === 0 ? 'case.viewed' : 'case.items_viewed', purpose: 'guest' });
        env.clock.advance(60_000);
      }
      const readsEndAt = new Date(Date.parse(readsStartAt) + 29 * 60_000).toISOString();
      await recordCaseEvent(env, coordinator.actor, { ...about, action: 'case.updated', purpose: 'coordination' });
      moveTo(nextMorning());
      await recordCaseEvent(env, worker.actor, { ...about, action: 'case.viewed', purpose: 'guest' });
      await recordCaseEvent(env, worker.actor, { ...about, action: 'case.viewed', purpose: 'guest' });
      // A day later the DPO signs in afresh (the tests after this one use the new session).
      client = new PageClient(app);
      await signInWithPages(client, { email: dpo.email, password: TEST_PASSWORD, code: () => nextTotpCode(dpo.totpSecret, env.clock) });

      const page = await client.get(`/audit/access-report?reference=${reference}`);
      assert.equal(page.statusCode, 200, 'the report answers 200');
      const rows = rowsOf(page.body, t('audit.report.grouped_caption', { rows: 4, count: 34, reference }));
      assert.equal(rows.length, 4, '34 events read as 4 rows: the creation, 30 reads, the change, and the next day’s 2 reads');
      assert.ok(rows[0]!.includes(html(t('audit.action.case.created'))) && rows[0]!.includes('<td>1</td>'), 'the creation alone');
      assert.ok(
        rows[1]!.includes(
          `${formatLocalDayOf(readsStartAt, 'nl')}, <time datetime="${readsStartAt}">${formatLocalClock(readsStartAt, 'nl', 'second')}</time>`,
        ),
        'the reads start on their day at their first time',
      );
      assert.ok(
        rows[1]!.includes(`<time datetime="${readsEndAt}">${formatLocalClock(readsEndAt, 'nl', 'second')}</time>`),
        'and end at their last time',
      );
      assert.ok(
        rows[1]!.includes(`${html(t('audit.action.case.viewed'))}, ${html(t('audit.action.case.items_viewed'))}`),
        'the row names both kinds of read',
      );
      assert.ok(rows[1]!.includes('<td>30</td>'), 'the row counts 30 reads');
      assert.ok(rows[2]!.includes(html(t('audit.action.case.updated'))), 'the change splits the reads');
      assert.ok(rows[3]!.includes('<td>2</td>'), 'the next day starts a new row');
      const all = page.body.split('<details class="disclosure" id="all-events">')[1]?.split('</details>')[0] ?? '';
      assert.ok(all.includes(html(t('audit.report.all_events', { count: 34 }))), 'the disclosure says how many events it holds');
      assert.equal(rowsOf(all, t('audit.report.caption', { count: 34, reference })).length, 34, 'every event has its own row in the disclosure');
      assert.ok(!page.body.includes(worker.id), 'no user id on the page');
    });

    test('staff names: a short reason redraws the report with the message next to the field and records no decision', async () => {
      await client.get(`/audit/access-report?reference=${REFERENCE}`);
      const before = await reportEvents();
      const response = await client.post('/audit/access-report/staff-names', { caseId, reason: 'curious' });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      const message = catalogues.nl['validation.too_short']!.replace('{minimum}', '10');
      assert.equal(textOf(response.body, 'field-reason-error'), message, "textOf(response.body, 'field-reason-error') is message");
      assert.match(response.body, /<a href="#field-reason">/, 'the error summary links to the field');
      assert.match(
        response.body,
        /<textarea id="field-reason" name="reason" rows="4" required="" maxlength="1000" aria-invalid="true" aria-describedby="field-reason-hint field-reason-error">curious<\/textarea>/,
        'response.body matches /<textarea id="field-reason" name="reason" rows="4" required="" maxlength="1000…',
      );
      assert.ok(!response.body.includes('Chris'), 'response.body does not contain "Chris"');
      const added = (await reportEvents()).slice(before.length);
      assert.deepEqual(
        added.map((row) => [row.action, JSON.parse(row.details!).staffNames]),
        [['audit.access_report_viewed', false]],
        'the redrawn report is a view without names; no decision',
      );
    });

    test('staff names with a reason: the names column appears, and the decision and the view are recorded', async () => {
      const t = translator('nl');
      const before = (await reportEvents()).length;
      const response = await client.post('/audit/access-report/staff-names', { caseId, reason: 'Klacht van de ouders over wie de casus inkeek.' });
      assert.equal(response.statusCode, 200, 'the request answers 200 OK');
      // Three case events and the DPO's three earlier views (two plain views and the redrawn one).
      const caption = html(t('audit.report.caption', { count: 6, reference: REFERENCE }));
      const eventTable = response.body.split(`<caption>${caption}</caption>`)[1]?.split('</table>')[0] ?? '';
      assert.ok(eventTable.includes(`<th scope="col">${html(t('audit.report.column.staff'))}</th>`), 'names column');
      const rows = eventTable.split('<tbody>')[1]!.split('<tr>').slice(1);
      assert.deepEqual(
        rows.map((row) => /<td>([^<]*)<\/td><\/tr>/.exec(row)?.[1]),
        ['Chris Coördinator', 'Pat Jeugdwerker', 'Pat Jeugdwerker', 'Robin Tester', 'Robin Tester', 'Robin Tester'],
        'rows.map((row) => /<td>([^<]*)<\\/td><\\/tr>/.exec(row)?.[1]) is exactly the 6 expected entries',
      );
      assert.ok(response.body.includes(html(t('audit.report.staff.shown'))), "response.body contains html(t('audit.report.staff.shown'))");
      assert.ok(response.body.includes(`href="/audit/access-report?reference=${REFERENCE}"`), 'a way back to the report without names');
      assert.doesNotMatch(response.body, /name="reason"/, 'response.body does not match /name="reason"/');
      const added = (await reportEvents()).slice(before);
      assert.deepEqual(
        added.map((row) => [row.action, JSON.parse(row.details!)]),
        [
          ['audit.staff_names_revealed', { reason: 'Klacht van de ouders over wie de casus inkeek.', via: 'page' }],
          ['audit.access_report_viewed', { staffNames: true, via: 'page', events: 6 }],
        ],
        'added.map((row) => [row.action, JSON.parse(row.details)]) is exactly the 2 expected entries',
      );
    });

    test('a POST without the CSRF token is refused and reveals nothing', async () => {
      const before = (await reportEvents()).length;
      const response = await client.post('/audit/access-report/staff-names', { _csrf: null, caseId, reason: 'Klacht van de ouders over de casus.' });
      assert.equal(response.statusCode, 403, 'the request answers 403 Forbidden');
      assert.ok(!response.body.includes('Chris'), 'response.body does not contain "Chris"');
      assert.equal((await reportEvents()).length, before, 'the number of reportEvents() is unchanged (before)');
    });

    test('labels follow the user’s language in fr and en', async () => {
      try {
        for (const locale of ['fr', 'en'] as const) {
          await setLocale(dpo.id, locale);
          const t = translator(locale);
          const page = await client.get(`/audit/access-report?caseId=${caseId}`);
          assert.equal(page.statusCode, 200, 'the request answers 200 OK');
          assert.match(page.body, new RegExp(`<html lang="${locale}">`), 'page.body matches new RegExp(`<html lang="${locale}">`)');
          assert.match(
            page.body,
            new RegExp(`<h1>${html(t('audit.report.title'))}</h1>`),
            "page.body matches new RegExp(`<h1>${html(t('audit.report.title'))}</h1>`)",
          );
          assert.ok(
            page.body.includes(`<caption>${html(t('audit.report.by_organisation'))}</caption>`),
            "page.body contains `<caption>${html(t('audit.report.by_organisation'))}</capti…",
          );
          assert.ok(
            page.body.includes(`<th scope="col">${html(t('audit.report.column.purpose'))}</th>`),
            'page.body contains `<th scope="col">${html(t(\'audit.report.column.purpose\'))}<…',
          );
          assert.ok(
            page.body.includes(`<td>${html(t('audit.report.purpose.care_network'))}</td>`),
            "page.body contains `<td>${html(t('audit.report.purpose.care_network'))}</td>`",
          );
          assert.ok(page.body.includes(formatAuditTime(firstEventAt, locale)), 'page.body contains formatAuditTime(firstEventAt, locale)');
          assert.ok(page.body.includes(html(t('audit.report.staff.submit'))), "page.body contains html(t('audit.report.staff.submit'))");
        }
      } finally {
        await setLocale(dpo.id, 'nl');
      }
    });

    test('a signed-in administrator gets the localised 403 page, and the denial is audited', async () => {
      const admin = new PageClient(app);
      await signInWithPages(admin, {
        email: tenant.adminEmail,
        password: tenant.adminPassword,
        code: () => nextTotpCode(tenant.adminTotpSecret, env.clock),
      });
      const page = await admin.get(`/audit/access-report?reference=${REFERENCE}`);
      assert.equal(page.statusCode, 403, 'the request answers 403 Forbidden');
      assert.ok(page.body.includes(html(translator('nl')('errors.forbidden'))), "page.body contains html(translator('nl')('errors.forbidden'))");
      assert.doesNotMatch(page.body, /<table>/, 'page.body does not match /<table>/');
      const posted = await admin.post('/audit/access-report/staff-names', { caseId, reason: 'Ik wil de namen zien.' });
      assert.equal(posted.statusCode, 403, 'the posted request answers 403 Forbidden');
      const denied = await auditEvents(env.ctx.db)
        .select(['resource_id', 'details'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', tenant.admin.userId)
        .execute();
      assert.deepEqual(
        denied,
        [
          { resource_id: 'GET /audit/access-report', details: JSON.stringify({ deniedAction: 'audit.accessReport' }) },
          { resource_id: 'POST /audit/access-report/staff-names', details: JSON.stringify({ deniedAction: 'audit.revealStaff' }) },
        ],
        'denied is exactly the 2 expected entries',
      );
    });
  });
}
