import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../accounts/index.ts';
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
import { PageClient, inputValue, signInWithPages, textOf } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { formatLocalTime } from '../../ui/local-time.ts';
import { updateTable } from './update-table.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const rowsOf = (body: string) => body.split('<tbody>')[1]?.split('</tbody>')[0]?.split('<tr>').slice(1) ?? [];

const table = {
  name: 'Jeugdtafel Rivierstede',
  audience: 'minors',
  purpose: 'Zorgen over jongeren uit verschillende diensten samen bekijken en één plan afspreken.',
  legalFramework: 'art_458ter',
};

for (const target of databaseTargets()) {
  describe(`partner table pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let client: PageClient;
    let professionalId: string;
    let minuteTakerId: string;
    let tableId: string;

    const t = translator('nl');
    const db = () => env.database.handle.db;
    const countTables = async () => (await db().selectFrom('partner_tables').select('id').where('tenant_id', '=', tenant.tenantId).execute()).length;
    const members = async () =>
      (await db().selectFrom('table_members').select(['user_id', 'role']).where('table_id', '=', tableId).orderBy('role').execute()).map(
        (row) => `${row.user_id}:${row.role}`,
      );
    const seat = async (name: string, roles: ('professional' | 'minute_taker' | 'analyst')[]) =>
      (
        await createUser(
          {
            input: { email: `${name.toLowerCase().replace(/ /g, '.')}@rivierstede.example`, name, organisationId: tenant.organisationId, roles },
          },
          tenant.admin,
          env.ctx,
        )
      ).user.id;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      professionalId = await seat('Nora Jacobs', ['professional']);
      minuteTakerId = await seat('Tijs Mertens', ['minute_taker']);
      await seat('Ann Analist', ['analyst']);
      const disabled = await seat('Bart Buiten', ['professional']);
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled).execute();
      client = new PageClient(app);
      await signInWithPages(
        client,
        { email: coordinator.email, password: TEST_PASSWORD, code: () => nextTotpCode(coordinator.totpSecret, env.clock) },
        '/tables',
      );
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a visitor is sent to the sign-in page; a professional is refused', async () => {
      const visitor = await new PageClient(app).get('/tables');
      assert.equal(visitor.statusCode, 303, 'the visitor request answers 303 See Other');
      assert.equal(visitor.headers.location, '/login?next=%2Ftables', 'visitor.headers.location is "/login?next=%2Ftables"');

      const professional = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const other = new PageClient(app);
      await signInWithPages(other, {
        email: professional.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(professional.totpSecret, env.clock),
      });
      const refused = await other.get('/tables');
      assert.equal(refused.statusCode, 403, 'the refused request answers 403 Forbidden');
      assert.ok(refused.body.includes(html(t('errors.forbidden'))), "refused.body contains html(t('errors.forbidden'))");
      const post = await other.post('/tables', table);
      assert.equal(post.statusCode, 403, 'the post request answers 403 Forbidden');
      assert.equal(await countTables(), 0, 'countTables() is 0');
    });

    test('the list page explains audience and legal framework next to labelled, described fields', async () => {
      const page = await client.get('/tables');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.match(
        page.body,
        new RegExp(`<h1>${html(t('tables.title'))}</h1>`),
        "page.body matches new RegExp(`<h1>${html(t('tables.title'))}</h1>`)",
      );
      assert.ok(page.body.includes(html(t('tables.empty'))), "page.body contains html(t('tables.empty'))");
      assert.match(page.body, /<label for="field-name">/, 'page.body matches /<label for="field-name">/');
      assert.match(
        page.body,
        /<textarea id="field-purpose" name="purpose"[^>]*aria-describedby="field-purpose-hint"/,
        'page.body matches /<textarea id="field-purpose" name="purpose"[^>]*aria-describedby="field-purpos…',
      );
      for (const [name, legend, hint] of [
        ['audience', 'tables.field.audience', 'tables.audience_hint'],
        ['legalFramework', 'tables.field.legal_framework', 'tables.legal_framework_hint'],
      ] as const) {
        assert.match(
          page.body,
          new RegExp(`<fieldset id="field-${name}" class="field" aria-describedby="field-${name}-hint"><legend>${html(t(legend))}`),
          'page.body matches new RegExp(`<fieldset id="field-${name}" class="field" aria-describedby="field-…',
        );
        assert.equal(textOf(page.body, `field-${name}-hint`), html(t(hint)), 'textOf(page.body, `field-${name}-hint`) is html(t(hint))');
      }
      assert.ok(
        page.body.includes(`<label for="field-legalFramework-livc_r_law_2018">${html(t('tables.legal_framework.livc_r_law_2018'))}</label>`),
        'page.body contains `<label for="field-legalFramework-livc_r_law_2018">${html(t…',
      );
    });

    test('a bad form is drawn again with the errors and the typed values, and creates nothing', async () => {
      const response = await client.post('/tables', { name: '', audience: 'children', purpose: 'Alleen een doel.', legalFramework: '' });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.match(response.body, /<div class="error-summary" role="alert"/, 'response.body matches /<div class="error-summary" role="alert"/');
      assert.equal(
        textOf(response.body, 'field-name-error'),
        html(t('validation.required')),
        "textOf(response.body, 'field-name-error') is html(t('validation.required'))",
      );
      assert.equal(
        textOf(response.body, 'field-audience-error'),
        html(t('validation.choice')),
        "textOf(response.body, 'field-audience-error') is html(t('validation.choice'))",
      );
      assert.equal(
        textOf(response.body, 'field-legalFramework-error'),
        html(t('validation.required')),
        "textOf(response.body, 'field-legalFramework-error') is html(t('validation.required'))",
      );
      assert.match(
        response.body,
        /<fieldset id="field-audience" class="field has-error" aria-invalid="true" aria-describedby="field-audience-hint field-audience-error">/,
        'response.body matches /<fieldset id="field-audience" class="field has-error" aria-invalid="true" aria…',
      );
      assert.match(response.body, /<textarea[^>]*>Alleen een doel.<\/textarea>/, 'the purpose is kept');
      assert.equal(await countTables(), 0, 'countTables() is 0');
    });

    test('the coordinator sets up a table and lands on it with a message', async () => {
      const created = await client.post('/tables', table);
      assert.equal(created.statusCode, 303, 'the created request answers 303 See Other');
      const location = String(created.headers.location);
      assert.match(location, /^\/tables\/[0-9a-f-]{36}$/, 'location matches /^\\/tables\\/[0-9a-f-]{36}$/');
      tableId = location.split('/')[2]!;
      const page = await client.get(location);
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      assert.ok(page.body.includes(html(t('flash.table_created'))), "page.body contains html(t('flash.table_created'))");
      assert.match(page.body, new RegExp(`<h1>${html(table.name)}</h1>`), 'page.body matches new RegExp(`<h1>${html(table.name)}</h1>`)');
      assert.equal(inputValue(page.body, 'name'), table.name, "inputValue(page.body, 'name') is table.name");
      assert.match(
        page.body,
        /<input type="radio" id="field-audience-minors" name="audience" value="minors" checked=""/,
        'page.body matches /<input type="radio" id="field-audience-minors" name="audience" value="minors" …',
      );
      assert.ok(page.body.includes(html(t('tables.members_empty'))), "page.body contains html(t('tables.members_empty'))");

      const again = await client.post('/tables', table);
      assert.equal(again.statusCode, 400, 'the repeated request answers 400 Bad Request');
      assert.equal(
        textOf(again.body, 'field-name-error'),
        html(t('validation.table_name_taken')),
        "textOf(again.body, 'field-name-error') is html(t('validation.table_name_taken'))",
      );
      assert.equal(await countTables(), 1, 'countTables() is 1');
    });

    test('the member form offers eligible active users by name and organisation; a wrong role is a field error', async () => {
      const page = await client.get(`/tables/${tableId}`);
      const select = page.body.split('<select id="field-userId"')[1]!.split('</select>')[0]!;
      const options = [...select.matchAll(/<option value="([^"]*)">([^<]*)<\/option>/g)].map((match) => match[2]);
      // The coordinator and the professional of the first test (both "Robin Tester"); not the analyst, not the disabled user.
      assert.deepEqual(
        options,
        [
          html(t('form.choose')),
          'Nora Jacobs — City of Rivierstede',
          'Robin Tester — City of Rivierstede',
          'Robin Tester — City of Rivierstede',
          'Tijs Mertens — City of Rivierstede',
        ],
        'options is exactly the 5 expected entries',
      );

      const wrong = await client.post(`/tables/${tableId}/members`, { userId: minuteTakerId, role: 'key_figure' });
      assert.equal(wrong.statusCode, 400, 'the wrong request answers 400 Bad Request');
      assert.equal(
        textOf(wrong.body, 'field-userId-error'),
        html(t('validation.table_member_not_key_figure')),
        "textOf(wrong.body, 'field-userId-error') is html(t('validation.table_member_not_key_figure'))",
      );
      assert.match(wrong.body, new RegExp(`<option value="${minuteTakerId}" selected="">`), 'the choice is kept');
      assert.deepEqual(await members(), [], 'members() is empty');
    });

    test('members are added, shown with a remove button, refused twice, and removed at once', async () => {
      const added = await client.post(`/tables/${tableId}/members`, { userId: professionalId, role: 'key_figure' });
      assert.equal(added.statusCode, 303, 'the added request answers 303 See Other');
      assert.equal(added.headers.location, `/tables/${tableId}`, 'added.headers.location is `/tables/${tableId}`');
      assert.equal(
        (await client.post(`/tables/${tableId}/members`, { userId: minuteTakerId, role: 'minute_taker' })).statusCode,
        303,
        'client.post(`/tables/${tableId}/members`) answers 303 See Other',
      );
      const page = await client.get(`/tables/${tableId}`);
      assert.ok(page.body.includes(html(t('flash.table_member_added'))), "page.body contains html(t('flash.table_member_added'))");
      const rows = rowsOf(page.body.split('id="members-heading"')[1]!);
      assert.equal(rows.length, 2, 'rows holds 2 entries');
      assert.match(
        rows[0]!,
        new RegExp(`<th scope="row">Nora Jacobs</th><td>City of Rivierstede</td><td>${html(t('tables.member_role.key_figure'))}</td>`),
        'rows[0] matches new RegExp(`<th scope="row">Nora Jacobs</th><td>City of Rivierstede</td><td>${h…',
      );
      assert.ok(
        rows[0]!.includes(`aria-label="${html(t('tables.remove_member_named', { name: 'Nora Jacobs', role: t('tables.member_role.key_figure') }))}"`),
        "rows[0] contains `aria-label=\"${html(t('tables.remove_member_named', { name:…",
      );

      const twice = await client.post(`/tables/${tableId}/members`, { userId: professionalId, role: 'key_figure' });
      assert.equal(twice.statusCode, 409, 'the twice request answers 409 Conflict');
      assert.equal(
        textOf(twice.body, 'field-userId-error'),
        html(t('validation.table_member_exists')),
        "textOf(twice.body, 'field-userId-error') is html(t('validation.table_member_exists'))",
      );
      assert.deepEqual(
        await members(),
        [`${professionalId}:key_figure`, `${minuteTakerId}:minute_taker`],
        'members() is exactly the 2 expected entries',
      );

      const withoutToken = await client.post(`/tables/${tableId}/members/remove`, { _csrf: null, userId: professionalId, role: 'key_figure' });
      assert.equal(withoutToken.statusCode, 403, 'the without token request answers 403 Forbidden');
      assert.equal((await members()).length, 2, 'members() holds 2 entries');

      const removed = await client.post(`/tables/${tableId}/members/remove`, { userId: professionalId, role: 'key_figure' });
      assert.equal(removed.statusCode, 303, 'the removed request answers 303 See Other');
      assert.deepEqual(await members(), [`${minuteTakerId}:minute_taker`], 'members() is [`${minuteTakerId}:minute_taker`]');
      const after = await client.get(`/tables/${tableId}`);
      assert.ok(after.body.includes(html(t('flash.table_member_removed'))), "after.body contains html(t('flash.table_member_removed'))");
      const events = await auditEvents(db()).select('action').where('resource_id', '=', tableId).execute();
      assert.deepEqual(
        events.map((event) => event.action),
        ['table.created', 'table.member_added', 'table.member_added', 'table.member_removed'],
        'events.map((event) => event.action) is exactly the 4 expected entries',
      );
    });

    test('the table is edited through its page; an emptied purpose is refused', async () => {
      const version = inputValue((await client.get(`/tables/${tableId}`)).body, 'version')!;
      const bad = await client.post(`/tables/${tableId}`, { ...table, version, purpose: '' });
      assert.equal(bad.statusCode, 400, 'a form with an empty purpose answers 400');
      assert.equal(textOf(bad.body, 'field-purpose-error'), html(t('validation.required')), 'the purpose field says it is required');
      const unchanged = await db().selectFrom('partner_tables').select('purpose').where('id', '=', tableId).executeTakeFirstOrThrow();
      assert.equal(unchanged.purpose, table.purpose, 'an emptied field is refused, not skipped');
      assert.equal(inputValue(bad.body, 'version'), version, 'the redrawn form keeps the version the edit started from');
      const saved = await client.post(`/tables/${tableId}`, { ...table, version, audience: 'adults', legalFramework: 'cooperation_protocol' });
      assert.equal(saved.statusCode, 303, 'a valid form redirects after saving');
      const row = await db().selectFrom('partner_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
      assert.equal(row.audience, 'adults', 'row.audience is "adults"');
      assert.equal(row.legal_framework, 'cooperation_protocol', 'row.legal_framework is "cooperation_protocol"');
      const list = await client.get('/tables');
      const [entry] = rowsOf(list.body);
      assert.match(
        entry!,
        new RegExp(`<a href="/tables/${tableId}">${html(table.name)}</a>`),
        'entry matches new RegExp(`<a href="/tables/${tableId}">${html(table.name)}</a>`)',
      );
      assert.ok(entry!.includes(html(t('tables.audience.adults'))), "entry contains html(t('tables.audience.adults'))");
      assert.ok(entry!.includes(`<td>1</td>`), 'one member left');
    });

    test('the edit form carries the version and a described modalities field; the new-table form has it too', async () => {
      const page = await client.get(`/tables/${tableId}`);
      const row = await db().selectFrom('partner_tables').select('version').where('id', '=', tableId).executeTakeFirstOrThrow();
      assert.match(page.body, /<input type="hidden" name="version" value="\d+"/, 'the version travels as a hidden field');
      assert.equal(inputValue(page.body, 'version'), String(row.version), 'the hidden field holds the current version');
      assert.match(
        page.body,
        /<textarea id="field-modalities" name="modalities" rows="6" maxlength="4000" aria-describedby="field-modalities-hint">/,
        'a labelled textarea described by its hint, not required',
      );
      assert.match(page.body, /<label for="field-modalities">/, 'the modalities field has a label');
      assert.equal(textOf(page.body, 'field-modalities-hint'), html(t('tables.modalities_hint')), 'the hint explains the rules of play');
      const list = await client.get('/tables');
      assert.match(list.body, /<textarea id="field-modalities"/, 'a new table can get its modalities at once');
    });

    test('modalities are saved from the page and shown again', async () => {
      const version = inputValue((await client.get(`/tables/${tableId}`)).body, 'version')!;
      const saved = await client.post(`/tables/${tableId}`, { ...table, version, modalities: 'Elke eerste dinsdag; agenda een week vooraf.' });
      assert.equal(saved.statusCode, 303, 'saved, back to the table');
      const page = await client.get(`/tables/${tableId}`);
      assert.match(
        page.body,
        /<textarea id="field-modalities"[^>]*>Elke eerste dinsdag; agenda een week vooraf.<\/textarea>/,
        'the saved text is shown',
      );
    });

    test('a stale edit shows the current values next to the typed ones, keeps the input and changes nothing (409)', async () => {
      const stale = inputValue((await client.get(`/tables/${tableId}`)).body, 'version')!;
      const current = await db().selectFrom('partner_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
      // Another coordinator saves first.
      const other = await seedUser(env.ctx, tenant, ['coordinator']);
      await updateTable(
        { id: tableId, expectedVersion: Number(current.version), input: { legalFramework: 'livc_r_law_2018' } },
        other.actor,
        env.ctx,
      );
      const eventsBefore = (await db().selectFrom('audit_events').select('id').execute()).length;
      const typed = { ...table, audience: current.audience, version: stale, purpose: 'Mijn nieuwe doel.', legalFramework: 'art_458ter' };
      const response = await client.post(`/tables/${tableId}`, typed);
      assert.equal(response.statusCode, 409, 'a stale version is a conflict');
      assert.match(response.body, /<div class="error-summary conflict" role="alert"/, 'the conflict is announced');
      assert.ok(response.body.includes(html(t('tables.conflict.title'))), 'with its title');
      const rows = rowsOf(response.body.split('id="conflict-title"')[1]!);
      const frameworkRow = rows.find((row) => row.includes(html(t('tables.field.legal_framework'))));
      assert.ok(frameworkRow, 'a row for the legal framework');
      assert.ok(
        frameworkRow.includes(
          `<td class="text-block">${html(t('tables.legal_framework.livc_r_law_2018'))}</td><td class="text-block">${html(t('tables.legal_framework.art_458ter'))}</td>`,
        ),
        'the current legal framework next to the typed one, as labels',
      );
      assert.match(response.body, /<textarea id="field-purpose"[^>]*>Mijn nieuwe doel.<\/textarea>/, 'the typed purpose is kept in the form');
      assert.match(
        response.body,
        /id="field-legalFramework-art_458ter" name="legalFramework" value="art_458ter" checked=""/,
        'the typed choice is kept',
      );
      assert.equal(inputValue(response.body, 'version'), String(Number(current.version) + 1), 'saving again replaces the current version, knowingly');
      const after = await db().selectFrom('partner_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
      assert.equal(after.purpose, current.purpose, 'the stale edit changed nothing');
      assert.equal(after.legal_framework, 'livc_r_law_2018', 'the other edit stands');
      assert.equal((await db().selectFrom('audit_events').select('id').execute()).length, eventsBefore, 'nothing was audited as a change');

      const again = await client.post(`/tables/${tableId}`, { ...typed, version: inputValue(response.body, 'version')! });
      assert.equal(again.statusCode, 303, 'saving the kept input against the current version works');
    });

    test('an edit without its version is a form error and changes nothing', async () => {
      const before = await db().selectFrom('partner_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
      const response = await client.post(`/tables/${tableId}`, { ...table, purpose: 'Zonder versie.' });
      assert.equal(response.statusCode, 400, 'no version, no change');
      assert.ok(response.body.includes(html(t('validation.invalid'))), 'the error summary says the form is not valid');
      const after = await db().selectFrom('partner_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
      assert.deepEqual(after, before, 'the table is untouched');
    });

    test('the history section lists each change with date, who and the old → new legal framework label', async () => {
      const page = await client.get(`/tables/${tableId}`);
      const section = page.body.split('id="history-heading"')[1]!;
      assert.ok(page.body.includes(`<h2 id="history-heading">${html(t('tables.history_title'))}</h2>`), 'a history section with a heading');
      const revisions = await db()
        .selectFrom('partner_table_revisions')
        .select(['version', 'changed_at'])
        .where('table_id', '=', tableId)
        .orderBy('version', 'desc')
        .execute();
      const entries = section.split('<li id="revision-').slice(1);
      assert.equal(entries.length, revisions.length, 'one entry per revision');
      assert.ok(entries[0]!.startsWith(`${revisions[0]!.version}"`), 'newest first');
      assert.ok(entries.at(-1)!.includes(html(t('tables.history_created'))), 'the oldest entry is the setting up');
      const when = formatLocalTime(revisions[0]!.changed_at, 'nl', 'second');
      assert.ok(
        entries[0]!.includes(html(t('tables.history_entry_title', { version: revisions[0]!.version, when }))),
        'each entry has its version and Brussels time',
      );
      assert.ok(entries[0]!.includes(html(t('tables.history_by', { name: 'Robin Tester', organisation: 'City of Rivierstede' }))), 'and who made it');
      const label = t('tables.field.legal_framework');
      assert.ok(
        entries[0]!.includes(
          html(
            t('tables.history_change', {
              field: label,
              from: t('tables.legal_framework.livc_r_law_2018'),
              to: t('tables.legal_framework.art_458ter'),
            }),
          ),
        ),
        'the legal framework change as old → new labels',
      );
      assert.ok(entries[0]!.includes(html(t('tables.history_text_changed', { field: t('tables.field.purpose') }))), 'a changed purpose is named');
      assert.match(entries[0]!, /<details><summary>[^<]+<\/summary>/, 'its texts open with a keyboard-operable disclosure');
      assert.ok(entries[0]!.includes('Mijn nieuwe doel.'), 'the new purpose is readable in the history');
    });

    test('the pages follow the user’s language', async () => {
      await db().updateTable('users').set({ locale: 'fr' }).where('id', '=', coordinator.id).execute();
      try {
        const fr = translator('fr');
        const page = await client.get(`/tables/${tableId}`);
        assert.match(page.body, /<html lang="fr">/, 'page.body matches /<html lang="fr">/');
        assert.equal(
          textOf(page.body, 'field-legalFramework-hint'),
          html(fr('tables.legal_framework_hint')),
          "textOf(page.body, 'field-legalFramework-hint') is html(fr('tables.legal_framework_hint'))",
        );
        assert.ok(page.body.includes(html(fr('tables.member_role_hint'))), "page.body contains html(fr('tables.member_role_hint'))");
      } finally {
        await db().updateTable('users').set({ locale: null }).where('id', '=', coordinator.id).execute();
      }
    });

    test('an unknown table is a 404 page', async () => {
      const response = await client.get('/tables/does-not-exist');
      assert.equal(response.statusCode, 404, 'the request answers 404 Not Found');
      const post = await client.post('/tables/does-not-exist/members', { userId: professionalId, role: 'key_figure' });
      assert.equal(post.statusCode, 404, 'the post request answers 404 Not Found');
    });
  });
}
