import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PDFParse } from 'pdf-parse';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { worldPages } from '../../test/world-pages.ts';
import { createService } from './create-service.ts';

const SAMPLE = readFileSync(new URL('./hsds-sample.json', import.meta.url), 'utf8');

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** A page without its per-request values (CSRF token), to compare two answers. */
const stable = (body: string) => body.replace(/(name="_csrf" value="|name="csrf-token" content=")[^"]*"/g, '$1"');

for (const target of databaseTargets()) {
  describe(`social map pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let creche: string;
    const db = () => env.database.handle.db;
    const { client, setLocale } = worldPages(() => ({ env, app, world }));
    const row = (id: string) => db().selectFrom('directory_services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const count = async (action: string) => (await db().selectFrom('audit_events').select('id').where('action', '=', action).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      creche = (
        await createService(
          {
            input: {
              name: 'Crèche De Vlinder',
              description: 'Fictieve opvang en huiswerkbegeleiding voor jongeren.',
              organisation: { name: 'Fictieve vzw Vlinder' },
              themes: ['school_dropout'],
              ageMin: 12,
              ageMax: 18,
              languages: [{ code: 'nl' }, { code: 'fr' }, { code: 'ar', interpreter: true }],
              noWaitingList: true,
              cost: 'Gratis',
              applicationProcess: 'Bel of kom langs.',
              phones: [{ number: '050 00 00 01' }],
            },
          },
          world.users.keyFigureThisTable.actor,
          env.ctx,
        )
      ).id;
      await createService(
        {
          input: {
            name: 'Drugpunt Rivierstede',
            description: 'Fictief drugpreventieaanbod voor volwassenen.',
            organisation: { name: 'Fictief CAW' },
            themes: ['drugs'],
            ageMin: 18,
            languages: [{ code: 'nl' }],
            waitingDays: 30,
            curatorOrganisationId: world.organisations.city,
          },
        },
        world.users.coordinator.actor,
        env.ctx,
      );
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('menu: analysts and the coordinator get the gap report; the map page links to recording a gap, the report and the settings as the policy allows', async () => {
      const navOf = (body: string) => body.split('class="main-nav"')[1]?.split('</nav>')[0] ?? '';
      const gapReportLink = /<a href="\/directory\/gaps\/report"[^>]*>Lacunerapport<\/a>/;
      const analyst = await client('analyst');
      const analystHome = await analyst.get('/');
      assert.match(navOf(analystHome.body), gapReportLink, "the analyst's menu holds the gap report");
      const report = await analyst.get('/directory/gaps/report');
      assert.equal(report.statusCode, 200, 'the analyst opens the gap report');
      const current = navOf(report.body).match(/aria-current="page"/g) ?? [];
      assert.equal(current.length, 1, 'one menu entry is the current page');
      assert.match(
        navOf(report.body),
        /<a href="\/directory\/gaps\/report" aria-current="page"/,
        'and it is the gap report, not also the social map',
      );
      const analystMap = await analyst.get('/directory');
      assert.ok(analystMap.body.includes('href="/directory/gaps/report"'), 'the map page links the analyst to the report');
      assert.ok(!analystMap.body.includes('href="/directory/settings"'), 'but not to the publishing settings');
      assert.ok(!analystMap.body.includes('href="/directory/gaps/new"'), 'nor to recording a gap (analysts oversee)');

      const coordinator = await client('coordinator');
      const coordinatorMap = await coordinator.get('/directory');
      assert.match(navOf(coordinatorMap.body), gapReportLink, "the coordinator's menu holds the gap report");
      assert.ok(
        !navOf(coordinatorMap.body).includes('/directory/settings'),
        'the settings are not in the menu (a rare setting: reached from the map page)',
      );
      for (const href of ['/directory/gaps/new', '/directory/gaps/report', '/directory/settings'])
        assert.ok(coordinatorMap.body.includes(`href="${href}"`), `the map page links the coordinator to ${href}`);

      const professional = await client('keyFigureThisTable');
      const professionalMap = await professional.get('/directory');
      assert.ok(!navOf(professionalMap.body).includes('/directory/gaps/report'), "a professional's menu has no gap report");
      assert.ok(professionalMap.body.includes('href="/directory/gaps/new"'), 'a professional records gaps from the map page');
      assert.ok(!professionalMap.body.includes('href="/directory/gaps/report"'), 'and sees no link to the report');
      assert.ok(!professionalMap.body.includes('href="/directory/settings"'), 'nor to the settings');
    });

    test('search with filters, in Dutch and in French: the menu links to it, cards show the facts, the filters narrow', async () => {
      const professional = await client('keyFigureThisTable');
      const all = await professional.get('/directory');
      assert.equal(all.statusCode, 200, 'the map opens for a professional');
      assert.match(all.body, /<a href="\/directory"[^>]*>Sociale kaart<\/a>/, 'the menu holds the social map in Dutch');
      assert.ok(all.body.includes('Crèche De Vlinder') && all.body.includes('Drugpunt Rivierstede'), 'without filters both services are listed');
      assert.match(all.body, /<label for="field-search-q"/, 'the words field has a label');
      const filtered = await professional.get('/directory?q=creche&theme=school_dropout&age=15&language=fr&noWaitingList=true');
      assert.equal(filtered.statusCode, 200, 'the filtered search answers');
      assert.ok(filtered.body.includes('Crèche De Vlinder'), 'the French-speaking service for a 15-year-old is found, "creche" finds "Crèche"');
      assert.ok(!filtered.body.includes('Drugpunt Rivierstede'), 'the adult drug service is filtered out');
      assert.ok(filtered.body.includes('Geen wachtlijst'), 'the card says there is no waiting list');
      assert.ok(filtered.body.includes('12 tot 18 jaar'), 'the card shows the ages');
      assert.ok(filtered.body.includes('Arabisch (met tolk)'), 'the card names the languages in Dutch, with the interpreter');
      assert.ok(filtered.body.includes('050 00 00 01'), 'the card shows the contact');
      assert.ok(filtered.body.includes('Al meer dan een jaar niet nagekeken'), 'a never verified entry is flagged');
      assert.ok(filtered.body.includes('/directory/print?q=creche'), 'the print link keeps the filters');
      const bad = await professional.get('/directory?age=abc');
      assert.equal(bad.statusCode, 400, 'a bad age is refused');
      assert.match(bad.body, /href="#field-search-age"/, 'the error summary links to the age field');
      await setLocale('guestThisCase', 'fr');
      const french = await (await client('guestThisCase')).get('/directory?language=ar');
      assert.equal(french.statusCode, 200, 'the map opens in French');
      assert.ok(french.body.includes('arabe (avec interprète)'), `the languages are named in French: ${french.body.slice(0, 0)}`);
      assert.ok(french.body.includes('Carte sociale'), 'the title is French');
      assert.ok(!french.body.includes('Drugpunt Rivierstede'), 'the language filter holds in French too');
    });

    test('the printable page has no navigation and the PDF holds the results', async () => {
      const professional = await client('keyFigureThisTable');
      const printed = await professional.get('/directory/print?theme=drugs');
      assert.equal(printed.statusCode, 200, 'the print page opens');
      assert.ok(!printed.body.includes('class="main-nav"'), 'the print page has no navigation');
      assert.ok(printed.body.includes('Drugpunt Rivierstede') && !printed.body.includes('Crèche De Vlinder'), 'only the filtered results');
      assert.ok(printed.body.includes('Thema: Drugs'), 'the filters are written out');
      const pdf = await professional.get('/directory/results.pdf?theme=drugs');
      assert.equal(pdf.statusCode, 200, 'the PDF is served');
      assert.equal(pdf.headers['content-type'], 'application/pdf', 'as a PDF');
      const text = await pdfText(pdf.rawPayload);
      assert.ok(text.includes('Drugpunt Rivierstede'), 'the PDF names the service');
      assert.ok(text.includes('30 dagen'), 'the PDF gives the waiting time in Dutch');
      assert.ok(!text.includes('Crèche De Vlinder'), 'the PDF holds only the filtered results');
    });

    test('the service page, an edit with a stale version (409, nothing changed), a good edit and "mark verified"', async () => {
      const professional = await client('keyFigureThisTable');
      const page = await professional.get(`/directory/services/${creche}`);
      assert.equal(page.statusCode, 200, 'the service page opens');
      assert.ok(page.body.includes('Fictieve opvang en huiswerkbegeleiding'), 'with the description');
      const editForm = await professional.get(`/directory/services/${creche}/edit`);
      assert.match(editForm.body, /name="version" value="1"/, 'the edit form carries the version');
      const form = {
        name: 'Crèche De Vlinder',
        description: 'Fictieve opvang, nieuw beschreven.',
        status: 'active',
        themes: ['school_dropout'],
        ageMin: '12',
        ageMax: '18',
        languages: 'nl, fr',
        interpreterLanguages: 'ar',
        noWaitingList: 'true',
        cost: 'Gratis',
        applicationProcess: 'Bel of kom langs.',
        phones: '050 00 00 01',
      };
      const stale = await professional.post(`/directory/services/${creche}`, { ...form, version: '7' });
      assert.equal(stale.statusCode, 409, 'a stale version is refused');
      assert.ok(stale.body.includes('Iemand anders heeft dit aanbod intussen gewijzigd'), 'the page says why, at the top');
      assert.equal(Number((await row(creche)).version), 1, 'nothing changed');
      const invalid = await professional.post(`/directory/services/${creche}`, { ...form, ageMin: '20', version: '1' });
      assert.equal(invalid.statusCode, 400, 'an age range upside down is refused');
      assert.match(invalid.body, /href="#field-service-ageMax"/, 'the error summary links to the field');
      assert.match(invalid.body, /id="field-service-ageMax-error"|field-service-ageMax[^>]*aria-invalid/, 'the error is next to the field');
      const changedBefore = await count('directory.service_changed');
      const saved = await professional.post(`/directory/services/${creche}`, { ...form, version: '1' });
      assert.equal(saved.statusCode, 303, `the edit is saved: ${saved.body.slice(0, 300)}`);
      assert.equal(Number((await row(creche)).version), 2, 'the version went up');
      assert.equal(await count('directory.service_changed'), changedBefore + 1, 'the change is audited');
      const verified = await professional.post(`/directory/services/${creche}/verification`, {});
      assert.equal(verified.statusCode, 303, 'mark verified answers with a redirect');
      assert.notEqual((await row(creche)).last_verified_at, null, 'the entry is verified now');
      const after = await professional.get(`/directory/services/${creche}`);
      assert.ok(!after.body.includes('Al meer dan een jaar niet nagekeken'), 'the flag is gone once verified');
    });

    test('denials: another organisation may read but not change (403 audited, nothing changed); another network gets 404 as for a missing entry', async () => {
      const school = await client('keyFigureOtherTable');
      const page = await school.get(`/directory/services/${creche}`);
      assert.equal(page.statusCode, 200, 'another organisation reads the entry');
      assert.ok(!page.body.includes('name="version"'), 'but gets no edit form');
      const before = await row(creche);
      const denialsBefore = await count('access.denied');
      const refused = await school.post(`/directory/services/${creche}`, { name: 'Overgenomen', description: 'x', version: String(before.version) });
      assert.equal(refused.statusCode, 403, 'a change by another organisation is forbidden');
      const verify = await school.post(`/directory/services/${creche}/verification`, {});
      assert.equal(verify.statusCode, 403, 'so is marking it verified');
      assert.equal(await count('access.denied'), denialsBefore + 2, 'both denials are audited');
      assert.equal(Number((await row(creche)).version), Number(before.version), 'nothing changed');
      // Another network (by its API token: its sign-in page is on its own host): 404, the same answer as a missing entry.
      const outsider = { authorization: `Bearer ${world.users.otherTenant.token}` };
      const invisible = await app.inject({ method: 'GET', url: `/api/v1/directory/services/${creche}`, headers: outsider });
      const missing = await app.inject({ method: 'GET', url: '/api/v1/directory/services/00000000000000000000000000', headers: outsider });
      assert.equal(invisible.statusCode, 404, 'another network does not see the entry');
      assert.equal(
        stable(invisible.body.replace(/"requestId":"[^"]*"/, '')),
        stable(missing.body.replace(/"requestId":"[^"]*"/, '')),
        'the answer is the same as for a missing entry',
      );
      const notCoordinator = await school.get('/directory/import');
      assert.equal(notCoordinator.statusCode, 403, 'only the coordinator imports');
      const outsiderList = await app.inject({ method: 'GET', url: '/api/v1/directory/services', headers: outsider });
      assert.ok(!outsiderList.body.includes('Crèche De Vlinder'), "another network's map does not hold this network's services");
    });

    test('import: a bad document lists its problems and stores nothing; a good one says created N, updated M', async () => {
      const coordinator = await client('coordinator');
      const form = await coordinator.get('/directory/import');
      assert.equal(form.statusCode, 200, 'the import page opens for the coordinator');
      assert.ok(form.body.includes('/api/v1/directory/export/hsds'), 'with the export link');
      const servicesBefore = (await db().selectFrom('directory_services').select('id').execute()).length;
      const sample = JSON.parse(SAMPLE) as Record<string, unknown>[];
      const broken = [...sample, { ...sample[0], id: 'fictief-kapot', name: '' }];
      const refused = await coordinator.post('/directory/import', { document: JSON.stringify(broken) });
      assert.equal(refused.statusCode, 400, 'a document with one invalid service is refused');
      assert.ok(refused.body.includes(`Dienst ${broken.length} — name`), 'the problem names the service and its field');
      assert.match(refused.body, /href="#field-import-document"/, 'the error summary links to the document field');
      const notJson = await coordinator.post('/directory/import', { document: '{ not json' });
      assert.equal(notJson.statusCode, 400, 'text that is not JSON is refused');
      assert.ok(notJson.body.includes('Dit is geen geldige JSON.'), 'with a clear message');
      assert.equal((await db().selectFrom('directory_services').select('id').execute()).length, servicesBefore, 'nothing was stored');
      const imported = await coordinator.post('/directory/import', { document: SAMPLE });
      assert.equal(imported.statusCode, 200, 'a good document is imported');
      assert.ok(
        imported.body.includes(`Geïmporteerd: ${sample.length} nieuw, 0 bijgewerkt.`),
        `the result gives the counts: ${imported.body.match(/Geïmporteerd[^<]*/)?.[0]}`,
      );
      const again = await coordinator.post('/directory/import', { document: SAMPLE });
      assert.ok(again.body.includes('Geïmporteerd: 0 nieuw, 0 bijgewerkt.'), 'a second import changes nothing (idempotent)');
    });

    test('import a file: multipart upload with the same all-or-nothing rule; a bad, empty or too-big file changes nothing', async () => {
      const coordinator = await client('coordinator');
      const form = await coordinator.get('/directory/import');
      assert.match(form.body, /enctype="multipart\/form-data"/, 'the import form posts multipart/form-data');
      assert.match(form.body, /<input type="file"[^>]*name="file"[^>]*accept="\.json,application\/json"/, 'with a file chooser for JSON files');
      const sample = JSON.parse(SAMPLE) as Record<string, unknown>[];
      const fileDocument = sample.map((service, index) => ({ ...service, id: `fictief-bestand-${index}`, name: `Bestand ${String(service.name)}` }));
      const servicesNow = async () => (await db().selectFrom('directory_services').select('id').execute()).length;
      const before = await servicesNow();
      const auditBefore = await count('directory.imported');

      const notJson = await coordinator.postMultipart(
        '/directory/import',
        {},
        { file: { filename: 'kaart.json', content: 'PK\u0003\u0004 geen json' } },
      );
      assert.equal(notJson.statusCode, 400, 'a file that is not JSON is refused');
      assert.ok(notJson.body.includes('Dit bestand is geen JSON-document; er is niets bewaard.'), 'with a clear localised message');
      assert.match(notJson.body, /href="#field-import-file"/, 'the error summary links to the file chooser');

      const broken = [...fileDocument, { ...fileDocument[0], id: 'fictief-bestand-kapot', name: '' }];
      const invalid = await coordinator.postMultipart('/directory/import', {}, { file: { filename: 'kaart.json', content: JSON.stringify(broken) } });
      assert.equal(invalid.statusCode, 400, 'a file with one invalid service is refused whole');
      assert.ok(invalid.body.includes(`Dienst ${broken.length} — name`), 'the problem names the service and its field');

      const empty = await coordinator.postMultipart(
        '/directory/import',
        {},
        { file: { filename: '', content: '', type: 'application/octet-stream' } },
      );
      assert.equal(empty.statusCode, 400, 'no file and no text is refused');
      assert.ok(empty.body.includes('Kies een bestand of plak een document.'), 'with a message saying what to do');

      const tooBig = Buffer.alloc(16 * 1024 * 1024 + 10, ' ');
      const huge = await coordinator.postMultipart('/directory/import', {}, { file: { filename: 'groot.json', content: tooBig } });
      assert.equal(huge.statusCode, 400, 'a file over the limit is refused (400: htmx shows the page with its message)');
      assert.ok(huge.body.includes('Dit bestand is groter dan 16 MiB; er is niets bewaard.'), 'with the limit in the message');

      assert.equal(await servicesNow(), before, 'no refused file stored anything');
      assert.equal(await count('directory.imported'), auditBefore, 'and no import was audited');

      const imported = await coordinator.postMultipart(
        '/directory/import',
        {},
        { file: { filename: 'kaart.json', content: `\uFEFF${JSON.stringify(fileDocument)}` } },
      );
      assert.equal(imported.statusCode, 200, 'a good file is imported (a byte-order mark is tolerated)');
      assert.ok(imported.body.includes(`Geïmporteerd: ${fileDocument.length} nieuw, 0 bijgewerkt.`), 'the result gives the counts');
      assert.equal(await servicesNow(), before + fileDocument.length, 'the services of the file are on the map');
      const pasted = await coordinator.postMultipart(
        '/directory/import',
        { document: JSON.stringify(fileDocument) },
        { file: { filename: '', content: '' } },
      );
      assert.ok(
        pasted.body.includes(`Geïmporteerd: 0 nieuw, 0 bijgewerkt.`),
        'the pasted text in the multipart form still works (and is idempotent)',
      );
      const forged = await coordinator.postMultipart('/directory/import', { _csrf: 'forged' }, { file: { filename: 'kaart.json', content: SAMPLE } });
      assert.equal(forged.statusCode, 403, 'a multipart post without a valid CSRF token is refused');
    });
  });
}
