import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, WORLD_ACTORS, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { worldPages } from '../../test/world-pages.ts';
import { translator } from '../../ui/i18n.ts';
import { createService } from './create-service.ts';
import { getService } from './get-service.ts';

/** The edit form's plain fields of the test entry, as a browser sends them. */
const PLAIN = {
  name: 'Jeugdpunt De Brug',
  description: 'Fictief onthaal voor jongeren.',
  status: 'active',
  themes: ['school_dropout'],
  languages: 'nl',
};

/** Rows of the repeated parts: two contact people, three opening-hours lines, one step-free place. */
const ROWS = {
  contactsRows: '3',
  'contacts.0.name': 'An Fictief',
  'contacts.0.title': 'Onthaal',
  'contacts.0.phone': '+32 50 00 00 20',
  'contacts.0.email': 'an@example.org',
  'contacts.1.name': 'Bram Fictief',
  'contacts.1.email': 'bram@example.org',
  hoursRows: '7',
  'hours.0.day': 'MO',
  'hours.0.opens': '09:00',
  'hours.0.closes': '12:00',
  'hours.1.day': 'MO',
  'hours.1.opens': '13:00',
  'hours.1.closes': '17:00',
  'hours.2.day': 'WE',
  'hours.2.opens': '09:00',
  'hours.2.closes': '12:00',
  'hours.3.day': 'TH',
  locationsRows: '2',
  'locations.0.name': 'Fictief jongerenhuis',
  'locations.0.address': 'Fictieve straat 1',
  'locations.0.postalCode': '8000',
  'locations.0.city': 'Rivierstede',
  'locations.0.accessible': 'true',
};

for (const target of databaseTargets()) {
  describe(`social map forms (contacts, opening hours, locations) and gaps from a case on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let service: string;
    const db = () => env.database.handle.db;
    const { client, setLocale } = worldPages(() => ({ env, app, world }));
    const row = (id: string) => db().selectFrom('directory_services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const read = (id: string) => getService({ id }, world.users.coordinator.actor, env.ctx);
    const editUrl = () => `/directory/services/${service}/edit`;
    const count = async (action: string) => (await db().selectFrom('audit_events').select('id').where('action', '=', action).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      // Curated by the police's key figure's own organisation.
      service = (
        await createService(
          {
            input: {
              name: PLAIN.name,
              description: PLAIN.description,
              themes: ['school_dropout'],
              languages: [{ code: 'nl' }],
              organisation: { name: 'Fictieve vzw De Brug' },
            },
          },
          world.users.keyFigureThisTable.actor,
          env.ctx,
        )
      ).id;
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('round trip: the edit form saves contacts, opening hours (as weekly schedules) and a step-free location; the entry page shows them with tel:/mailto: links and a table of weekdays', async () => {
      const curator = await client('keyFigureThisTable');
      const form = await curator.get(editUrl());
      assert.equal(form.statusCode, 200, 'the edit form opens for the curator');
      assert.match(form.body, /name="version" value="1"/, 'the form carries the version it was drawn from');
      assert.match(form.body, /<label for="field-service-contacts-0-email"/, 'a contact row has labelled fields');
      assert.match(form.body, /name="hoursRows" value="7"/, 'an entry without opening hours offers a line for every weekday');
      assert.match(form.body, /<option value="SU" selected[^>]*>zondag<\/option>/, 'the seventh line is Sunday, named in Dutch');
      assert.match(form.body, /name="addRow" value="locations"/, 'an "add another" button for addresses');
      const changedBefore = await count('directory.service_changed');
      const saved = await curator.post(editUrl(), { ...PLAIN, ...ROWS, version: '1' });
      assert.equal(saved.statusCode, 303, `the form is saved: ${saved.body.slice(0, 400)}`);
      assert.equal(saved.headers.location, `/directory/services/${service}`, 'back to the entry');
      assert.equal(await count('directory.service_changed'), changedBefore + 1, 'the change is audited once');
      const entry = await read(service);
      assert.equal(entry.version, 2, 'the version went up once');
      assert.deepEqual(
        entry.contacts,
        [
          { name: 'An Fictief', title: 'Onthaal', email: 'an@example.org', phone: '+32 50 00 00 20' },
          { name: 'Bram Fictief', email: 'bram@example.org' },
        ],
        'both contact people are stored, the blank third row is ignored',
      );
      assert.deepEqual(
        entry.openingHours,
        [
          { days: ['MO', 'WE'], opensAt: '09:00', closesAt: '12:00' },
          { days: ['MO'], opensAt: '13:00', closesAt: '17:00' },
        ],
        'lines with the same hours become one weekly schedule over their days; Thursday without hours is closed',
      );
      assert.equal(entry.locations.length, 1, 'one location, the blank row ignored');
      assert.deepEqual(
        { ...entry.locations[0], id: undefined, hsdsId: undefined },
        {
          id: undefined,
          hsdsId: undefined,
          name: 'Fictief jongerenhuis',
          address: 'Fictieve straat 1',
          postalCode: '8000',
          city: 'Rivierstede',
          country: 'BE',
          accessible: true,
        },
        'the location is stored with its step-free access',
      );
      const exported = await curator.get('/api/v1/directory/export/hsds');
      assert.ok(exported.body.includes('x_partnertafel:step_free'), 'the export carries the step-free access as an HSDS accessibility entry');

      const page = await curator.get(`/directory/services/${service}`);
      assert.equal(page.statusCode, 200, 'the entry page opens');
      assert.ok(page.body.includes('href="tel:+3250000020"'), 'a phone number is a tel: link');
      assert.ok(page.body.includes('href="mailto:an@example.org"'), 'an email address is a mailto: link');
      assert.match(
        page.body,
        /<th scope="row" data-label="Dag">maandag<\/th>\s*<td data-label="Uren">09:00–12:00, 13:00–17:00<\/td>/,
        'Monday shows both slots',
      );
      assert.match(page.body, /<th scope="row" data-label="Dag">donderdag<\/th>\s*<td data-label="Uren">Gesloten<\/td>/, 'Thursday is closed');
      assert.ok(page.body.includes('Rolstoeltoegankelijk (drempelvrij)'), 'the location says it is step-free');
      assert.ok(page.body.includes(`href="/directory/services/${service}/edit"`), 'the curator gets a link to the edit form');

      // The form drawn again from the stored entry and sent back unchanged changes nothing.
      const again = await curator.get(editUrl());
      assert.match(
        again.body,
        /name="contacts.1.email"[^>]*value="bram@example.org"|value="bram@example.org"[^>]*name="contacts.1.email"/,
        'the stored contacts fill the rows',
      );
      assert.match(again.body, /name="hoursRows" value="4"/, 'three stored lines and a blank one');
      const unchanged = await curator.post(editUrl(), {
        ...PLAIN,
        ...ROWS,
        'hours.0.day': 'MO',
        'hours.1.day': 'MO',
        'hours.2.day': 'WE',
        version: '2',
      });
      assert.equal(unchanged.statusCode, 303, 'the unchanged form is accepted');
      assert.equal((await read(service)).version, 2, 'an unchanged form writes nothing');
    });

    test('"add another" draws one more row and saves nothing; a ticked "remove" takes a row out', async () => {
      const curator = await client('keyFigureThisTable');
      const before = await row(service);
      const added = await curator.post(editUrl(), {
        ...PLAIN,
        ...ROWS,
        'contacts.0.name': 'Niet bewaard',
        version: String(before.version),
        addRow: 'contacts',
      });
      assert.equal(added.statusCode, 200, 'the form is drawn again');
      assert.match(added.body, /name="contactsRows" value="4"/, 'with one more contact row');
      assert.match(added.body, /id="field-service-contacts-3-name"/, 'the new row has its fields');
      assert.ok(added.body.includes('value="Niet bewaard"'), 'what was typed stays in the form');
      assert.equal(Number((await row(service)).version), Number(before.version), 'nothing was saved');
      const removed = await curator.post(editUrl(), { ...PLAIN, ...ROWS, 'contacts.1.remove': 'true', version: String(before.version) });
      assert.equal(removed.statusCode, 303, 'the form with a removed row is saved');
      assert.deepEqual(
        (await read(service)).contacts.map((contact) => contact.name),
        ['An Fictief'],
        'the removed contact person is gone, the other stays',
      );
    });

    test('bad input — closing before opening, a bad email, a bad phone — is refused with the error next to its field, in nl, fr and en, and changes nothing', async () => {
      const curator = await client('keyFigureThisTable');
      const before = await row(service);
      const version = String(before.version);
      const cases: { fields: Record<string, string>; field: string; key: string }[] = [
        { fields: { 'hours.2.opens': '14:00', 'hours.2.closes': '12:00' }, field: 'hours-2-closes', key: 'validation.closes_before_opens' },
        { fields: { 'hours.1.closes': '25:00' }, field: 'hours-1-closes', key: 'validation.time' },
        { fields: { 'contacts.1.email': 'bram-at-example' }, field: 'contacts-1-email', key: 'validation.email' },
        { fields: { 'contacts.0.phone': 'bel ons' }, field: 'contacts-0-phone', key: 'validation.phone' },
        { fields: { 'locations.0.city': '' }, field: 'locations-0-city', key: 'validation.required' },
      ];
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await setLocale('keyFigureThisTable', locale);
        const t = translator(locale);
        for (const bad of cases) {
          const refused = await curator.post(editUrl(), { ...PLAIN, ...ROWS, ...bad.fields, version });
          assert.equal(refused.statusCode, 400, `${locale} ${bad.field}: the form is refused`);
          assert.match(
            refused.body,
            new RegExp(`href="#field-service-${bad.field}"`),
            `${locale} ${bad.field}: the error summary links to the field`,
          );
          const message = t(bad.key)
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replaceAll("'", "(?:&#39;|&#x27;|')");
          assert.match(
            refused.body,
            new RegExp(`id="field-service-${bad.field}-error"[^>]*>[^<]*${message}`),
            `${locale} ${bad.field}: the message in ${locale} stands next to the field`,
          );
          assert.match(
            refused.body,
            new RegExp(`name="version" value="${version}"`),
            `${locale} ${bad.field}: the form keeps the version it was drawn from`,
          );
        }
      }
      await setLocale('keyFigureThisTable', 'nl');
      const after = await row(service);
      assert.equal(after.version, before.version, 'no bad form changed the version');
      assert.equal(after.details, before.details, 'no bad form changed the contacts or opening hours');
      assert.equal(after.updated_at, before.updated_at, 'nothing was written');
    });

    test('a stale form is refused with the conflict message, not written over the newer version', async () => {
      const curator = await client('keyFigureThisTable');
      const seen = String((await row(service)).version);
      // Someone else saves in between (the coordinator, through the same form).
      const coordinator = await client('coordinator');
      assert.equal((await coordinator.get(editUrl())).statusCode, 200, 'the coordinator opens the edit form');
      const other = await coordinator.post(editUrl(), { ...PLAIN, ...ROWS, description: 'Fictief: door de coördinator herschreven.', version: seen });
      assert.equal(other.statusCode, 303, 'the first save goes through');
      const newer = await row(service);
      const stale = await curator.post(editUrl(), { ...PLAIN, ...ROWS, 'contacts.0.name': 'Overschreven', version: seen });
      assert.equal(stale.statusCode, 409, 'the stale form is refused');
      assert.ok(stale.body.includes(translator('nl')('directory.stale').slice(0, 40)), 'the page says someone else changed the entry');
      assert.ok(stale.body.includes('value="Overschreven"'), 'what the user typed stays in the form');
      assert.match(stale.body, new RegExp(`name="version" value="${newer.version}"`), 'the form now carries the current version');
      const current = await read(service);
      assert.equal(current.version, Number(newer.version), 'nothing was written');
      assert.equal(current.description, 'Fictief: door de coördinator herschreven.', 'the newer text stays');
      assert.ok(!current.contacts.some((contact) => contact.name === 'Overschreven'), 'the stale contact was not stored');
    });

    test("another organisation's user gets no edit form (403, audited) and cannot save the rows; the coordinator can", async () => {
      const school = await client('keyFigureOtherTable');
      const before = await row(service);
      const denials = await count('access.denied');
      const page = await school.get(`/directory/services/${service}`);
      assert.ok(!page.body.includes(`/directory/services/${service}/edit`), 'no edit link for another organisation');
      const form = await school.get(editUrl());
      assert.equal(form.statusCode, 403, 'the edit form is forbidden');
      const refused = await school.post(editUrl(), { ...PLAIN, ...ROWS, 'contacts.0.name': 'Overgenomen', version: String(before.version) });
      assert.equal(refused.statusCode, 403, 'saving is forbidden');
      const added = await school.post(editUrl(), { ...PLAIN, ...ROWS, version: String(before.version), addRow: 'contacts' });
      assert.equal(added.statusCode, 403, 'so is drawing the form with another row');
      assert.equal(await count('access.denied'), denials + 3, 'each denial is audited');
      assert.equal(Number((await row(service)).version), Number(before.version), 'nothing changed');
      const coordinator = await client('coordinator');
      assert.equal((await coordinator.get(editUrl())).statusCode, 200, 'the coordinator curates every entry');
    });

    test('a new entry with its rows: a bad row creates nothing; a good form creates the entry with contacts, hours and location', async () => {
      const curator = await client('keyFigureThisTable');
      const blank = await curator.get('/directory/services/new');
      assert.equal(blank.statusCode, 200, 'the new-entry form opens');
      assert.match(blank.body, /name="contactsRows" value="1"/, 'with one blank contact row');
      const servicesBefore = (await db().selectFrom('directory_services').select('id').execute()).length;
      const fields = { ...PLAIN, ...ROWS, name: 'Fictief huiswerkcafé', organisationName: 'Fictieve vzw Huiswerk' };
      const bad = await curator.post('/directory/services/new', { ...fields, 'hours.0.closes': '08:00' });
      assert.equal(bad.statusCode, 400, 'closing before opening is refused');
      assert.match(bad.body, /id="field-service-hours-0-closes-error"/, 'the error is next to the closing time');
      assert.equal((await db().selectFrom('directory_services').select('id').execute()).length, servicesBefore, 'nothing was created');
      const created = await curator.post('/directory/services/new', fields);
      assert.equal(created.statusCode, 303, `the entry is created: ${created.body.slice(0, 300)}`);
      const id = String(created.headers.location).split('/').pop()!;
      const entry = await read(id);
      assert.equal(entry.contacts.length, 2, 'with its two contact people');
      assert.equal(entry.openingHours.length, 2, 'its opening hours as two weekly schedules');
      assert.equal(entry.locations[0]?.accessible, true, 'and its step-free location');
      assert.equal(entry.curatorOrganisationId, world.users.keyFigureThisTable.organisationId, 'curated by the creator’s organisation');
    });

    test('the plan tab shows "record a gap" exactly to those who may record gaps and see the case', async () => {
      // Who records gaps (directory.policy.ts): the coordinator and the working roles (professional, minute taker).
      const RECORDS = new Set<WorldActor>([
        'coordinator',
        'keyFigureThisTable',
        'keyFigureOtherTable',
        'guestThisCase',
        'guestOtherCase',
        'careNetwork',
        'caseOwnerMember',
        'referrer',
        'outsider',
      ]);
      const link = `href="/directory/gaps/new?caseId=${world.caseA.id}"`;
      let shown = 0;
      for (const who of WORLD_ACTORS.filter((actor) => actor !== 'otherTenant')) {
        const tab = await (await client(who)).get(`/cases/${world.caseA.id}/plan`);
        if (tab.statusCode === 200) {
          assert.equal(tab.body.includes(link), RECORDS.has(who), `${who}: the link is shown exactly when the user may record gaps`);
          if (RECORDS.has(who)) shown += 1;
        } else {
          assert.equal(tab.statusCode, 404, `${who}: a plan tab the user may not see is 404`);
          assert.ok(!tab.body.includes(link), `${who}: and holds no link`);
        }
      }
      assert.ok(shown >= 3, `the coordinator and the case's professionals see the link (${shown})`);
    });

    test('the gap form with a caseId: 404 for a case the user cannot see (nothing stored); from a visible case the gap is recorded and the user returns to the plan tab with a confirmation', async () => {
      const outsider = await client('outsider');
      const hidden = await outsider.get(`/directory/gaps/new?caseId=${world.caseA.id}`);
      assert.equal(hidden.statusCode, 404, 'a case the user cannot see: 404 on the gap form');
      const unknown = await outsider.get('/directory/gaps/new?caseId=00000000-0000-4000-8000-000000000000');
      assert.equal(unknown.statusCode, 404, 'the same as a case that does not exist');
      const gapsBefore = (await db().selectFrom('directory_gaps').select('id').execute()).length;
      const posted = await outsider.post('/directory/gaps/new', {
        theme: 'drugs',
        ageGroup: '12-17',
        reason: 'waiting_list',
        caseId: world.caseA.id,
      });
      assert.equal(posted.statusCode, 404, 'posting with that caseId is 404 too');
      assert.equal((await db().selectFrom('directory_gaps').select('id').execute()).length, gapsBefore, 'nothing was stored');

      const professional = await client('keyFigureThisTable');
      const form = await professional.get(`/directory/gaps/new?caseId=${world.caseA.id}`);
      assert.equal(form.statusCode, 200, 'a case the user sees: the gap form opens');
      assert.ok(form.body.includes(`name="caseId" value="${world.caseA.id}"`), 'it carries the case');
      const recorded = await professional.post('/directory/gaps/new', {
        theme: 'drugs',
        ageGroup: '12-17',
        reason: 'waiting_list',
        caseId: world.caseA.id,
      });
      assert.equal(recorded.statusCode, 303, `the gap is recorded: ${recorded.body.slice(0, 300)}`);
      assert.equal(recorded.headers.location, `/cases/${world.caseA.id}/plan`, 'back to the case’s plan tab');
      const gaps = await db().selectFrom('directory_gaps').selectAll().execute();
      assert.equal(gaps.length, gapsBefore + 1, 'one gap stored');
      const tab = await professional.get(`/cases/${world.caseA.id}/plan`);
      assert.ok(tab.body.includes(translator('nl')('flash.directory_gap_recorded_from_case')), 'the plan tab confirms the gap');
      const direct = await professional.post('/directory/gaps/new', { theme: 'drugs', ageGroup: '12-17', reason: 'cost' });
      assert.equal(direct.headers.location, '/directory/gaps/new', 'a gap recorded directly stays on the gap form');
    });
  });
}
