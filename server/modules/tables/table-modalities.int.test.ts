import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const validTable = (name: string) => ({
  name,
  audience: 'minors',
  purpose: 'Zorgen over jongeren uit verschillende diensten samen bekijken en één aanpak afspreken.',
  legalFramework: 'art_458ter',
});

for (const target of databaseTargets()) {
  describe(`table modalities confirmed per member on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let keyFigure: Awaited<ReturnType<typeof seedUser>>;
    let minuteTaker: Awaited<ReturnType<typeof seedUser>>;
    let outsider: Awaited<ReturnType<typeof seedUser>>;
    let otherCoordinator: Awaited<ReturnType<typeof seedUser>>;
    const t = translator('nl');
    const db = () => env.database.handle.db;

    const post = (url: string, payload: unknown, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: payload as Record<string, unknown> });
    const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });
    const patch = async (id: string, payload: Record<string, unknown>) => {
      const current = await get(`/api/v1/tables/${id}`, coordinator.token);
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/tables/${id}`,
        headers: { ...bearer(coordinator.token), 'if-match': current.headers.etag as string },
        payload,
      });
      assert.equal(response.statusCode, 200, `the change is saved: ${response.body}`);
      return response.json().data as { modalitiesVersion: number; version: number };
    };
    const newTable = async (name: string, modalities?: string) => {
      const created = await post('/api/v1/tables', { ...validTable(name), ...(modalities !== undefined && { modalities }) }, coordinator.token);
      assert.equal(created.statusCode, 201, `the table is set up: ${created.body}`);
      const id = created.json().data.id as string;
      for (const [user, role] of [
        [keyFigure, 'key_figure'],
        [minuteTaker, 'minute_taker'],
      ] as const) {
        const seated = await post(`/api/v1/tables/${id}/members`, { userId: user.id, role }, coordinator.token);
        assert.equal(seated.statusCode, 201, `the ${role} is seated`);
      }
      return id;
    };
    const confirmations = async (tableId: string) =>
      (
        await db()
          .selectFrom('table_modality_confirmations')
          .select(['user_id', 'modalities_version'])
          .where('table_id', '=', tableId)
          .orderBy('modalities_version')
          .orderBy('user_id')
          .execute()
      ).map((row) => `${row.user_id}:${row.modalities_version}`);
    const confirmEvents = async (tableId: string) =>
      (
        await auditEvents(db())
          .select(['actor_user_id', 'details'])
          .where('resource_id', '=', tableId)
          .where('action', '=', 'table.modalities_confirmed')
          .execute()
      ).map((row) => ({ actor: row.actor_user_id, details: JSON.parse(row.details ?? 'null') as unknown }));

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      outsider = await seedUser(env.ctx, tenant, ['professional']);
      otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the modalities version starts at 0 while empty and moves only when the modalities text changes', async () => {
      const id = await newTable('Tafel Versies');
      const created = (await get(`/api/v1/tables/${id}`, coordinator.token)).json().data;
      assert.equal(created.modalitiesVersion, 0, 'no modalities yet: version 0');
      assert.equal(created.modalitiesConfirmed, true, 'nothing to confirm: the caller counts as confirmed');
      assert.equal((await patch(id, { purpose: 'Een ander doel voor deze tafel.' })).modalitiesVersion, 0, 'a purpose change leaves it at 0');
      const first = await patch(id, { modalities: 'We komen maandelijks samen.' });
      assert.equal(first.modalitiesVersion, 1, 'the first modalities text is version 1');
      assert.equal(
        (await patch(id, { name: 'Tafel Versies Hernoemd', legalFramework: 'livc_r_law_2018' })).modalitiesVersion,
        1,
        'name and framework leave it',
      );
      assert.equal((await patch(id, { modalities: 'We komen tweewekelijks samen.' })).modalitiesVersion, 2, 'a new text is version 2');
      const same = await patch(id, { modalities: 'We komen tweewekelijks samen.' });
      assert.equal(same.modalitiesVersion, 2, 'the same text again changes nothing');
      const listed = (await get('/api/v1/tables', coordinator.token)).json().data.find((row: { id: string }) => row.id === id);
      assert.equal(listed.modalitiesVersion, 2, 'the list carries the modalities version too');
      const setUp = await newTable('Tafel Meteen Afspraken', 'Verslag binnen de week.');
      assert.equal((await get(`/api/v1/tables/${setUp}`, coordinator.token)).json().data.modalitiesVersion, 1, 'set up with modalities: version 1');
    });

    test('a member confirms the current version once (idempotent, audited); a stale version is 409 and writes nothing', async () => {
      const id = await newTable('Tafel Bevestigen', 'Versie een.');
      await patch(id, { modalities: 'Versie twee.' });
      const url = `/api/v1/tables/${id}/modalities/confirmation`;
      const before = (await get(`/api/v1/tables/${id}/modalities`, keyFigure.token)).json().data;
      assert.deepEqual(
        { version: before.modalitiesVersion, confirmed: before.modalitiesConfirmed, member: before.member, text: before.modalities },
        { version: 2, confirmed: false, member: true, text: 'Versie twee.' },
        'the member reads version 2, not yet confirmed',
      );
      const stale = await post(url, { version: 1 }, keyFigure.token);
      assert.equal(stale.statusCode, 409, 'confirming the old version answers 409');
      assert.equal(stale.json().error.code, 'conflict', 'the error code is conflict');
      const future = await post(url, { version: 3 }, keyFigure.token);
      assert.equal(future.statusCode, 409, 'a version that does not exist yet answers 409 too');
      assert.deepEqual(await confirmations(id), [], 'nothing was written by the refused confirmations');
      const bad = await post(url, { version: 'twee' }, keyFigure.token);
      assert.equal(bad.statusCode, 400, 'a version that is not a number is a validation error');
      assert.equal(bad.json().error.code, 'validation_failed', 'validation_failed');

      const confirmed = await post(url, { version: 2 }, keyFigure.token);
      assert.equal(confirmed.statusCode, 200, `the member confirms version 2: ${confirmed.body}`);
      assert.equal(confirmed.json().data.modalitiesConfirmed, true, 'the answer says confirmed');
      const again = await post(url, { version: 2 }, keyFigure.token);
      assert.equal(again.statusCode, 200, 'confirming again is fine');
      assert.equal((await post(url, { version: 2 }, minuteTaker.token)).statusCode, 200, 'the minute taker confirms too');
      assert.deepEqual(await confirmations(id), [`${keyFigure.id}:2`, `${minuteTaker.id}:2`].sort(), 'one confirmation per member');
      assert.deepEqual(
        await confirmEvents(id),
        [
          { actor: keyFigure.id, details: { modalitiesVersion: 2 } },
          { actor: minuteTaker.id, details: { modalitiesVersion: 2 } },
        ],
        'each first confirmation is audited once, with the version only',
      );

      const detail = (await get(`/api/v1/tables/${id}`, coordinator.token)).json().data;
      assert.equal(detail.modalitiesVersion, 2, 'the coordinator reads version 2');
      assert.equal(detail.modalitiesConfirmed, false, 'the coordinator does not sit at the table and did not confirm');
      assert.ok(
        detail.members.every((member: { modalitiesConfirmed: boolean }) => member.modalitiesConfirmed),
        'the coordinator sees that every member confirmed',
      );

      await patch(id, { modalities: 'Versie drie.' });
      const after = (await get(`/api/v1/tables/${id}`, coordinator.token)).json().data;
      assert.ok(
        after.members.every((member: { modalitiesConfirmed: boolean }) => !member.modalitiesConfirmed),
        'after a new text nobody has confirmed the current version',
      );
      assert.equal(
        (await get(`/api/v1/tables/${id}/modalities`, keyFigure.token)).json().data.modalitiesConfirmed,
        false,
        'the member is asked again',
      );
    });

    test('who does not sit at the table gets 404 like a missing table; a seatless coordinator 403 (audited); nothing is written', async () => {
      const id = await newTable('Tafel Buitenstaanders', 'Afspraken.');
      const url = (tableId: string) => `/api/v1/tables/${tableId}/modalities/confirmation`;
      const missing = await post(url('no-such-table'), { version: 1 }, outsider.token);
      assert.equal(missing.statusCode, 404, 'a missing table is 404');
      const refused = await post(url(id), { version: 1 }, outsider.token);
      assert.equal(refused.statusCode, 404, 'a non-member gets 404');
      assert.equal(refused.body, missing.body, 'byte-identical with a missing table');
      const read = await get(`/api/v1/tables/${id}/modalities`, outsider.token);
      assert.equal(read.statusCode, 404, 'a non-member cannot read the modalities either');
      assert.equal(read.body, (await get('/api/v1/tables/no-such-table/modalities', outsider.token)).body, 'the read is byte-identical too');
      const foreign = await post(url(id), { version: 1 }, otherCoordinator.token);
      assert.equal(foreign.statusCode, 404, "another network's coordinator gets 404");
      assert.equal(foreign.body, missing.body, 'byte-identical with a missing table');

      const seatless = await post(url(id), { version: 1 }, coordinator.token);
      assert.equal(seatless.statusCode, 403, 'the coordinator sees the table but does not sit at it: 403');
      const denial = await auditEvents(db(), { latestFirst: true })
        .select('details')
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', coordinator.id)
        .executeTakeFirst();
      assert.ok(denial?.details?.includes('tables.confirmModalities'), `the denial is audited with its action: ${denial?.details}`);
      assert.deepEqual(await confirmations(id), [], 'nothing was written');
      assert.deepEqual(await confirmEvents(id), [], 'and nothing audited as a confirmation');

      await app.inject({ method: 'DELETE', url: `/api/v1/tables/${id}/members/${keyFigure.id}`, headers: bearer(coordinator.token) });
      assert.equal((await post(url(id), { version: 1 }, keyFigure.token)).statusCode, 404, 'a member who left is an outsider again');
    });

    describe('pages (nl)', () => {
      let client: PageClient;
      let tableId: string;
      before(async () => {
        tableId = await newTable('Tafel Op Het Scherm', 'We delen enkel wat nodig is.');
        client = new PageClient(app, { 'accept-language': 'nl' });
        await signInWithPages(client, { email: keyFigure.email, password: TEST_PASSWORD, code: () => nextTotpCode(keyFigure.totpSecret, env.clock) });
      });

      test('a member who has not confirmed sees a notice with a button on the table page and an entry on the home page', async () => {
        const home = await client.get('/');
        assert.equal(home.statusCode, 200, 'the home page answers 200');
        assert.ok(home.body.includes(html(t('tables.home.modalities_heading'))), 'the home page has the modalities panel');
        assert.ok(home.body.includes(html(t('tables.home.confirm_modalities', { table: 'Tafel Op Het Scherm' }))), 'with an entry for the table');
        assert.ok(home.body.includes(`/tables/${tableId}#modalities-heading`), 'linking to the notice on the table page');

        const page = await client.get(`/tables/${tableId}`);
        assert.equal(page.statusCode, 200, 'the member may open the table page');
        assert.ok(page.body.includes('We delen enkel wat nodig is.'), 'the page shows the modalities');
        assert.ok(page.body.includes(html(t('tables.modalities_confirm_title', { version: 1 }))), 'the notice names the version');
        assert.ok(page.body.includes(`action="/tables/${tableId}/modalities/confirmation"`), 'the confirm form posts to the confirmation');
        assert.ok(page.body.includes(html(t('tables.modalities_confirm'))), 'with a labelled button');
        assert.ok(!page.body.includes('id="edit-table-heading"'), 'the member does not get the edit form');
        assert.ok(!page.body.includes(html(t('tables.add_member_title'))), 'nor the members form');

        const posted = await client.post(`/tables/${tableId}/modalities/confirmation`, { version: '1' });
        assert.equal(posted.statusCode, 303, 'the confirmation redirects');
        assert.equal(posted.headers.location, `/tables/${tableId}#modalities-heading`, 'back to the notice');
        const after = await client.get(`/tables/${tableId}`);
        assert.ok(after.body.includes(html(t('tables.modalities_confirmed_notice', { version: 1 }))), 'the page says the member confirmed');
        assert.ok(after.body.includes(html(t('flash.table_modalities_confirmed'))), 'with a flash message');
        assert.ok(!after.body.includes(`action="/tables/${tableId}/modalities/confirmation"`), 'and no button any more');
        const homeAfter = await client.get('/');
        assert.ok(!homeAfter.body.includes(`/tables/${tableId}#modalities-heading`), 'the home entry is gone');
      });

      test('a stale confirmation from the page goes back with a notice; an outsider gets 404', async () => {
        const id = await newTable('Tafel Gewijzigd Scherm', 'Eerste tekst.');
        await patch(id, { modalities: 'Tweede tekst.' });
        const posted = await client.post(`/tables/${id}/modalities/confirmation`, { version: '1' });
        assert.equal(posted.statusCode, 303, 'a stale confirmation redirects');
        const page = await client.get(`/tables/${id}`);
        assert.ok(page.body.includes(html(t('flash.table_modalities_changed'))), 'and says the text changed');
        assert.ok(page.body.includes(html(t('tables.modalities_confirm_title', { version: 2 }))), 'asking to confirm version 2');
        assert.deepEqual(await confirmations(id), [], 'nothing was confirmed');
        const elsewhere = await newTable('Tafel Zonder Mij');
        await app.inject({ method: 'DELETE', url: `/api/v1/tables/${elsewhere}/members/${keyFigure.id}`, headers: bearer(coordinator.token) });
        assert.equal((await client.get(`/tables/${elsewhere}`)).statusCode, 404, 'a table the member does not sit at is 404');
      });

      test("the coordinator's members list says per member whether they confirmed the current version", async () => {
        const coordinatorUser = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
        const browser = new PageClient(app, { 'accept-language': 'nl' });
        await signInWithPages(browser, {
          email: coordinatorUser.email,
          password: TEST_PASSWORD,
          code: () => nextTotpCode(coordinatorUser.totpSecret, env.clock),
        });
        const page = await browser.get(`/tables/${tableId}`);
        assert.equal(page.statusCode, 200, 'the coordinator opens the table page');
        assert.ok(page.body.includes(html(t('tables.modalities_column', { version: 1 }))), 'the members list has a confirmation column');
        const rows = page.body.split('id="members-heading"')[1]!.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1);
        assert.equal(rows.length, 2, 'two seats');
        const confirmedRows = rows.filter((row) => row.includes(`<td>${html(t('tables.modalities_member_confirmed'))}</td>`));
        const pendingRows = rows.filter((row) => row.includes(`<td>${html(t('tables.modalities_member_pending'))}</td>`));
        assert.equal(confirmedRows.length, 1, 'the key figure confirmed');
        assert.equal(pendingRows.length, 1, 'the minute taker did not yet');
      });
    });
  });
}
