import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, type CaseWorld, type WorldUser } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { newId } from '../../platform/ids.ts';
import { PUBLIC_ORGANIZATION_FIELDS, PUBLIC_PROFILE_FIELDS, PUBLIC_SERVICE_FIELDS } from './directory-public.ts';
import { gapReportPdfContent } from './gap-report-export.ts';
import type { GapReport } from './gap-report.ts';
import { auditEvents } from '../../test/audit-events.ts';

const GAP = { theme: 'drugs', ageGroup: '12-17', language: 'fr', reason: 'waiting_list' };

/** Every count the report answer holds, shown or not. */
function countsIn(report: GapReport): { count: number | null; suppressed: boolean }[] {
  return [
    ...report.themeReason.rows.flatMap((row) => [...Object.values(row.cells), row.total]),
    ...Object.values(report.themeReason.totals),
    ...report.ageGroups.map((row) => row.count),
    ...report.languages.map((row) => row.count),
    report.total,
  ];
}

for (const target of databaseTargets()) {
  describe(`social map gaps, report and publishing on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let minuteTaker: Awaited<ReturnType<typeof seedUser>>;

    const db = () => env.database.handle.db;
    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
    const post = (url: string, payload: unknown, token: string) =>
      app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as Record<string, unknown> });
    const put = (url: string, payload: unknown, token: string) =>
      app.inject({ method: 'PUT', url, headers: bearer(token), payload: payload as Record<string, unknown> });
    const gapCount = async () =>
      (await db().selectFrom('directory_gaps').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;
    const denials = async () =>
      (await auditEvents(db()).select(['details', 'actor_user_id']).where('action', '=', 'access.denied').execute()).map((row) => ({
        actor: row.actor_user_id,
        deniedAction: row.details ? JSON.parse(row.details).deniedAction : null,
      }));
    const signedIn = async (user: WorldUser) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    const insertGaps = async (
      times: number,
      gap: { theme: string; reason: string; ageGroup: string; language: string | null; at: string },
      tenantId = world.tenant.tenantId,
    ) => {
      for (let index = 0; index < times; index += 1)
        await db()
          .insertInto('directory_gaps')
          .values({
            id: newId(),
            tenant_id: tenantId,
            theme: gap.theme,
            age_group: gap.ageGroup,
            language: gap.language,
            reason: gap.reason,
            case_id: null,
            recorded_at: gap.at,
            recorded_by_organisation_id: tenantId === world.tenant.tenantId ? world.organisations.police : world.users.otherTenant.organisationId,
          })
          .execute();
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      minuteTaker = await seedUser(env.ctx, world.tenant, ['minute_taker']);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('recording a gap: fixed words only; a case must be one the recorder sees; audited; analysts and the DPO may not', async () => {
      const { keyFigureThisTable: keyFigure, outsider, analyst, dpo } = world.users;
      const before = await gapCount();
      const freeText = await post('/api/v1/directory/gaps', { ...GAP, note: 'Jonas (15) vindt geen plek' }, keyFigure.token);
      assert.equal(freeText.statusCode, 400, `a free-text field is refused: ${freeText.body}`);
      assert.equal(freeText.json().error.code, 'validation_failed', 'as validation_failed');
      const badReason = await post('/api/v1/directory/gaps', { ...GAP, reason: 'no_interest' }, keyFigure.token);
      assert.equal(badReason.statusCode, 400, 'an unknown reason is refused');
      assert.deepEqual(
        badReason.json().error.issues.map((issue: { path: string }) => issue.path),
        ['reason'],
        'the issue names the reason field',
      );
      const badAge = await post('/api/v1/directory/gaps', { ...GAP, ageGroup: '15' }, keyFigure.token);
      assert.equal(badAge.statusCode, 400, 'an exact age instead of an age group is refused');
      const invisible = await post('/api/v1/directory/gaps', { ...GAP, caseId: world.caseA.id }, outsider.token);
      const missing = await post('/api/v1/directory/gaps', { ...GAP, caseId: newId() }, outsider.token);
      assert.equal(invisible.statusCode, 404, 'a case the recorder cannot see is 404');
      assert.equal(invisible.body, missing.body, 'the same answer as a case that does not exist');
      const denialsBefore = (await denials()).length;
      for (const user of [analyst, dpo]) {
        const refused = await post('/api/v1/directory/gaps', GAP, user.token);
        assert.equal(refused.statusCode, 403, `${user.email} may not record gaps`);
      }
      assert.deepEqual(
        (await denials()).slice(denialsBefore).map((denial) => denial.deniedAction),
        ['directory.recordGap', 'directory.recordGap'],
        'both refusals are audited',
      );
      assert.equal(await gapCount(), before, 'nothing was stored by any refused request');

      const fromCase = await post('/api/v1/directory/gaps', { ...GAP, caseId: world.caseA.id }, keyFigure.token);
      assert.equal(fromCase.statusCode, 201, `a key figure records a gap from a case they see: ${fromCase.body}`);
      assert.deepEqual(
        Object.keys(fromCase.json().data).sort(),
        ['ageGroup', 'id', 'language', 'reason', 'recordedAt', 'theme'],
        'the answer holds no case',
      );
      const stored = await db().selectFrom('directory_gaps').selectAll().where('id', '=', fromCase.json().data.id).executeTakeFirstOrThrow();
      assert.equal(stored.case_id, world.caseA.id, 'the gap keeps its case link');
      const audited = await db()
        .selectFrom('audit_events')
        .select(['actor_user_id', 'case_id', 'resource_id'])
        .where('action', '=', 'directory.gap_recorded')
        .execute();
      assert.deepEqual(
        audited.map((event) => ({ ...event })),
        [{ actor_user_id: keyFigure.id, case_id: world.caseA.id, resource_id: fromCase.json().data.id }],
        'the recording is audited with its case',
      );
      const direct = await post('/api/v1/directory/gaps', { theme: 'gangs', ageGroup: '18-25', reason: 'does_not_exist' }, minuteTaker.token);
      assert.equal(direct.statusCode, 201, `a minute taker records a gap directly, without language: ${direct.body}`);
      assert.equal(direct.json().data.language, null, 'no language');
      const byCoordinator = await post('/api/v1/directory/gaps', { ...GAP, reason: 'cost' }, world.users.coordinator.token);
      assert.equal(byCoordinator.statusCode, 201, 'the coordinator records gaps');
      assert.equal(await gapCount(), before + 3, 'three gaps stored');
    });

    test('gap report: counts under 5 suppressed, totals never betray a suppressed cell; only analysts and the coordinator', async () => {
      await insertGaps(7, { theme: 'drugs', reason: 'waiting_list', ageGroup: '12-17', language: 'fr', at: '2026-03-03T10:00:00.000Z' });
      await insertGaps(2, { theme: 'drugs', reason: 'cost', ageGroup: '12-17', language: 'fr', at: '2026-03-10T10:00:00.000Z' });
      await insertGaps(6, { theme: 'gangs', reason: 'does_not_exist', ageGroup: '18-25', language: null, at: '2026-03-31T23:59:00.000Z' });
      await insertGaps(3, { theme: 'drugs', reason: 'cost', ageGroup: '12-17', language: 'fr', at: '2026-04-01T00:00:00.000Z' });
      await insertGaps(
        9,
        { theme: 'drugs', reason: 'cost', ageGroup: '12-17', language: 'fr', at: '2026-03-05T00:00:00.000Z' },
        world.users.otherTenant.actor.tenantId,
      );

      const answer = await get('/api/v1/directory/gaps/report?from=2026-03-01&to=2026-03-31', world.users.analyst.token);
      assert.equal(answer.statusCode, 200, `an analyst reads the report: ${answer.body}`);
      const report = answer.json().data as GapReport;
      const drugs = report.themeReason.rows.find((row) => row.theme === 'drugs')!;
      const gangs = report.themeReason.rows.find((row) => row.theme === 'gangs')!;
      assert.deepEqual(drugs.cells.waiting_list, { count: 7, suppressed: false }, '7 is shown');
      assert.deepEqual(drugs.cells.cost, { count: null, suppressed: true }, '2 is suppressed, not sent');
      assert.deepEqual(gangs.cells.does_not_exist, { count: null, suppressed: true }, 'the smallest other cell is suppressed too (secondary)');
      assert.deepEqual(drugs.total, { count: null, suppressed: true }, 'the row total (9) is suppressed: 9 − 7 would give the 2 away');
      assert.deepEqual(report.themeReason.totals.cost, { count: null, suppressed: true }, 'the column total is suppressed');
      assert.deepEqual(report.total, { count: null, suppressed: true }, 'the grand total is suppressed');
      assert.deepEqual(
        report.ageGroups.map((row) => [row.ageGroup, row.count.count]),
        [
          ['0-11', 0],
          ['12-17', 9],
          ['18-25', 6],
          ['26+', 0],
        ],
        'age groups of 5 or more are shown; the next month and the other network are not counted',
      );
      assert.deepEqual(
        report.languages.map((row) => [row.language, row.count.count]),
        [
          [null, 6],
          ['fr', 9],
        ],
        'languages are counted likewise',
      );
      for (const count of countsIn(report))
        assert.ok(
          count.suppressed ? count.count === null : count.count === 0 || count.count! >= 5,
          `no figure from 1 to 4 leaves: ${JSON.stringify(count)}`,
        );
      const shownSum = Object.values(drugs.cells).reduce((sum, cell) => sum + (cell.count ?? 0), 0);
      assert.equal(shownSum, 7, 'what is shown of the drugs row adds up to the shown cell only; no total to subtract from');
      assert.ok(!answer.body.includes(world.organisations.police), 'the recorder organisation never appears');
      assert.ok(!answer.body.includes(world.caseA.id), 'no case appears');

      const clear = await get('/api/v1/directory/gaps/report?from=2026-03-01&to=2026-03-09', world.users.coordinator.token);
      assert.equal(clear.statusCode, 200, 'the coordinator reads the report');
      assert.deepEqual(clear.json().data.total, { count: 7, suppressed: false }, 'with nothing suppressed, the total is shown');

      const denialsBefore = (await denials()).length;
      for (const user of [world.users.keyFigureThisTable, world.users.dpo, world.users.admin]) {
        const refused = await get('/api/v1/directory/gaps/report?from=2026-03-01&to=2026-03-31', user.token);
        assert.equal(refused.statusCode, 403, `${user.email} does not read the report`);
      }
      assert.equal((await denials()).length - denialsBefore, 3, 'each refusal is audited');
      const upsideDown = await get('/api/v1/directory/gaps/report?from=2026-03-31&to=2026-03-01', world.users.analyst.token);
      assert.equal(upsideDown.statusCode, 400, 'a period upside down is refused');
      assert.equal(upsideDown.json().error.issues[0].path, 'to', 'on the end date');

      const analystPages = await signedIn(world.users.analyst);
      const page = await analystPages.get('/directory/gaps/report?from=2026-03-01&to=2026-03-31');
      assert.equal(page.statusCode, 200, 'the report page answers 200');
      assert.ok(page.body.includes('<svg') && page.body.includes('role="img"'), 'with an SVG chart as an image');
      assert.ok(page.body.includes('&lt; 5'), 'suppressed figures read "< 5"');
      assert.ok(page.body.includes('<caption'), 'the table alternative has a caption');
      const csv = await analystPages.get('/directory/gaps/report.csv?from=2026-03-01&to=2026-03-31');
      assert.equal(csv.statusCode, 200, 'the CSV answers 200');
      assert.match(String(csv.headers['content-type']), /^text\/csv/, 'as text/csv');
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.ok(
        lines.some((line) => line.endsWith(',7')),
        'the shown 7 is in the CSV',
      );
      assert.ok(!lines.some((line) => /,[1-4]$/.test(line)), 'no figure from 1 to 4 is in the CSV');
      assert.ok(
        lines.some((line) => line.endsWith(',< 5')),
        'suppressed figures read "< 5"',
      );
      assert.ok(!lines.some((line) => line.endsWith(',9') && line.includes('Drug')), 'the drugs row total is not in the CSV');
      const pdf = await analystPages.get('/directory/gaps/report.pdf?from=2026-03-01&to=2026-03-31');
      assert.equal(pdf.statusCode, 200, 'the PDF answers 200');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-', 'a PDF document');
      const content = JSON.stringify(gapReportPdfContent(report, 'en'));
      assert.ok(content.includes('< 5') && content.includes('"7"'), 'the PDF holds the shown 7 and "< 5"');
      assert.ok(!/"[1-4]"/.test(content), 'the PDF holds no figure from 1 to 4');
      const form = await analystPages.get('/directory/gaps/new');
      assert.equal(form.statusCode, 403, 'an analyst has no gap form');
    });

    test('gap form page: drawn with its fields, a bad choice drawn again with 400, a good one recorded', async () => {
      const client = await signedIn(world.users.keyFigureThisTable);
      const form = await client.get(`/directory/gaps/new?caseId=${world.caseA.id}`);
      assert.equal(form.statusCode, 200, 'the form answers 200');
      for (const name of ['theme', 'ageGroup', 'language', 'reason', 'caseId'])
        assert.ok(form.body.includes(`name="${name}"`), `the form has the field ${name}`);
      const before = await gapCount();
      const bad = await client.post('/directory/gaps/new', { theme: 'drugs', ageGroup: '12-17', reason: 'boredom', caseId: world.caseA.id });
      assert.equal(bad.statusCode, 400, 'an unknown reason draws the form again');
      assert.ok(bad.body.includes('error-summary') || bad.body.includes('role="alert"'), 'with the errors at the top');
      assert.equal(await gapCount(), before, 'nothing stored');
      const good = await client.post('/directory/gaps/new', { theme: 'drugs', ageGroup: '12-17', reason: 'distance', caseId: world.caseA.id });
      assert.equal(good.statusCode, 303, `a good form is recorded and redirected: ${good.body}`);
      assert.equal(await gapCount(), before + 1, 'one gap stored');
    });

    test('publishing: off by default; the public routes are 404 until published, show public fields only, and close again', async () => {
      const { coordinator, keyFigureThisTable: keyFigure } = world.users;
      const created = await post(
        '/api/v1/directory/services',
        {
          name: 'Jongerenpunt De Brug',
          description: 'Fictief inloophuis voor jongeren.',
          organisation: { name: 'vzw De Brug' },
          themes: ['school_dropout'],
          curatorOrganisationId: world.organisations.welfare,
        },
        coordinator.token,
      );
      assert.equal(created.statusCode, 201, `a service is added: ${created.body}`);
      const serviceId = created.json().data.id as string;
      await post(`/api/v1/directory/services/${serviceId}/verification`, {}, coordinator.token);
      const slug = world.tenant.slug;

      const settings = await get('/api/v1/directory/settings', coordinator.token);
      assert.equal(settings.json().data.published, false, 'the map is not published by default');
      const unknown = await get('/api/hsds/no-such-network/services');
      const closed = await get(`/api/hsds/${slug}/services`);
      assert.equal(closed.statusCode, 404, 'the public list is 404 while not published');
      assert.equal(closed.body, unknown.body, 'byte-identical with an unknown network');
      assert.equal((await get(`/api/hsds/${slug}/services/${serviceId}`)).statusCode, 404, 'one service too');
      assert.equal((await get(`/map/${slug}`)).statusCode, 404, 'the public page too');

      const denialsBefore = (await denials()).length;
      const refused = await put('/api/v1/directory/settings', { published: true }, keyFigure.token);
      assert.equal(refused.statusCode, 403, 'a professional may not publish');
      assert.deepEqual(
        (await denials()).slice(denialsBefore).map((denial) => denial.deniedAction),
        ['directory.publish'],
        'the refusal is audited',
      );
      assert.equal((await get(`/api/hsds/${slug}/services`)).statusCode, 404, 'still closed after the refusal');
      const invalid = await put('/api/v1/directory/settings', { published: 'yes' }, coordinator.token);
      assert.equal(invalid.statusCode, 400, 'published must be a boolean');

      const published = await put('/api/v1/directory/settings', { published: true }, coordinator.token);
      assert.equal(published.statusCode, 200, `the coordinator publishes: ${published.body}`);
      assert.deepEqual(published.json().data, { published: true, publicPath: `/map/${slug}` }, 'the answer says where');
      const events = await db()
        .selectFrom('audit_events')
        .select(['actor_user_id', 'details'])
        .where('action', '=', 'directory.publishing_changed')
        .execute();
      assert.deepEqual(
        events.map((event) => ({ actor: event.actor_user_id, details: JSON.parse(event.details!) })),
        [{ actor: coordinator.id, details: { published: true } }],
        'publishing is audited',
      );

      const list = await get(`/api/hsds/${slug}/services`);
      assert.equal(list.statusCode, 200, `the public list answers without sign-in: ${list.body}`);
      const contents = list.json().contents as Record<string, unknown>[];
      assert.deepEqual(
        contents.map((service) => service.name),
        ['Jongerenpunt De Brug'],
        'the published map lists the service',
      );
      const one = await get(`/api/hsds/${slug}/services/${serviceId}`);
      assert.equal(one.statusCode, 200, 'one service answers');
      for (const service of [...contents, one.json() as Record<string, unknown>]) {
        for (const key of Object.keys(service))
          assert.ok((PUBLIC_SERVICE_FIELDS as readonly string[]).includes(key), `service field ${key} is public`);
        for (const key of Object.keys(service.organization as object))
          assert.ok((PUBLIC_ORGANIZATION_FIELDS as readonly string[]).includes(key), `organisation field ${key} is public`);
        assert.deepEqual(
          Object.keys(service.x_partnertafel as object).sort(),
          [...PUBLIC_PROFILE_FIELDS].filter((key) => key in (service.x_partnertafel as object)).sort(),
          'only public profile fields',
        );
      }
      for (const secret of [world.organisations.welfare, coordinator.id, 'last_verified', 'takes_part_in_partner_table', 'curator', 'metadata'])
        assert.ok(!list.body.includes(secret) && !one.body.includes(secret), `the public answers never hold ${secret}`);
      const searched = await get(`/api/hsds/${slug}/services?q=brug`);
      assert.equal(searched.json().contents.length, 1, 'the public list searches');
      const page = await get(`/map/${slug}?q=inloophuis`);
      assert.equal(page.statusCode, 200, 'the public page answers signed out');
      assert.ok(page.body.includes('Jongerenpunt De Brug'), 'and shows the service');
      assert.ok(!page.body.includes(world.caseA.reference), 'nothing about cases');
      const french = await get(`/map/${slug}`, undefined);
      assert.equal(french.statusCode, 200, 'the page answers without a query');

      const withdrawn = await put('/api/v1/directory/settings', { published: false }, coordinator.token);
      assert.equal(withdrawn.json().data.published, false, 'the coordinator withdraws the map');
      assert.equal((await get(`/api/hsds/${slug}/services`)).statusCode, 404, 'the public list is closed again at once');
      assert.equal((await get(`/map/${slug}`)).statusCode, 404, 'the public page too');
      const coordinatorPages = await signedIn(coordinator);
      const settingsPage = await coordinatorPages.get('/directory/settings');
      assert.equal(settingsPage.statusCode, 200, 'the settings page answers');
      const toggled = await coordinatorPages.post('/directory/settings', { published: 'true' });
      assert.equal(toggled.statusCode, 303, 'the page form publishes');
      assert.equal((await get(`/map/${slug}`)).statusCode, 200, 'published again through the page');
      const professionalPages = await signedIn(keyFigure);
      assert.equal((await professionalPages.get('/directory/settings')).statusCode, 403, 'a professional has no settings page');
    });
  });
}
