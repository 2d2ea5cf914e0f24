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
import { MEETING_ACTION_POINTS_JOB } from '../meetings/index.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * Issue 12, the meeting's course and its minutes, on both databases: starting and closing a meeting
 * (If-Match, 409 out of order, audited, the action points scheduled once); meeting mode through the
 * cases door (the minute taker only through a running meeting at its table, the case on the agenda,
 * after attestation); notes as table items on art. 458ter, sealed decisions, the coordinator's
 * addenda after close; the minutes view; the pages in Dutch. Invisible = 404; forbidden = 403 audited.
 */

type Seeded = Awaited<ReturnType<typeof seedUser>>;
const nl = translator('nl');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const table = (name: string) => ({
  name,
  audience: 'minors',
  purpose: 'Gedeelde zorgen over jongeren in de wijk bespreken en samen een aanpak afspreken.',
  legalFramework: 'art_458ter',
});

for (const target of databaseTargets()) {
  describe(`meeting course and minutes on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let coordinator: Seeded;
    let keyFigure: Seeded;
    let minuteTaker: Seeded;
    let otherMinuteTaker: Seeded;
    let tableId: string;
    let otherTableId: string;
    let meetingId: string;
    const cases: Record<'first' | 'second' | 'elsewhere', { id: string; reference: string }> = {} as never;
    const items: Record<'forTable' | 'ownOrganisation', string> = {} as never;

    const db = () => env.database.handle.db;
    const inject = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(token), 'accept-language': 'en', ...headers },
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
    const events = async (action: string) =>
      auditEvents(db())
        .select(['action', 'decision', 'details', 'purpose', 'resource_id', 'actor_user_id', 'legal_basis'])
        .where('action', '=', action)
        .execute();
    const counts = async () => ({
      entries: Number(
        (
          await db()
            .selectFrom('meeting_minute_entries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      items: Number(
        (
          await db()
            .selectFrom('case_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const meetingRow = () => db().selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirstOrThrow();
    const caseUrl = (caseId: string) => `/api/v1/meetings/${meetingId}/cases/${caseId}`;
    const openCase = async (tableOf: string, theme: string) => {
      const created = await inject('POST', '/api/v1/cases', coordinator.token, {
        tableId: tableOf,
        theme,
        summary: 'Zorg over schoolverzuim en contacten in de wijk.',
        identityDisclosure: 'anonymous',
        subject: { ageBand: '12-15' },
      });
      assert.equal(created.statusCode, 201, `the case is opened: ${created.body}`);
      return { id: created.json().data.id as string, reference: created.json().data.reference as string };
    };
    const signedIn = async (user: Seeded) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker'], { password: TEST_PASSWORD });
      otherMinuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      tableId = (await inject('POST', '/api/v1/tables', coordinator.token, table('Minderjarigentafel Oeverkant'))).json().data.id;
      otherTableId = (await inject('POST', '/api/v1/tables', coordinator.token, table('Minderjarigentafel Heidebos'))).json().data.id;
      for (const [user, role, at] of [
        [keyFigure, 'key_figure', tableId],
        [minuteTaker, 'minute_taker', tableId],
        [otherMinuteTaker, 'minute_taker', otherTableId],
      ] as const) {
        const seated = await inject('POST', `/api/v1/tables/${at}/members`, coordinator.token, { userId: user.id, role });
        assert.equal(seated.statusCode, 201, `the ${role} is seated: ${seated.body}`);
      }
      cases.first = await openCase(tableId, 'drugs');
      cases.second = await openCase(tableId, 'school_dropout');
      cases.elsewhere = await openCase(otherTableId, 'gangs');
      const forTable = await inject('POST', `/api/v1/cases/${cases.first.id}/items`, keyFigure.token, {
        body: 'Bespreking op school: de jongere komt weer naar de les.',
        audience: 'table',
        legalBasis: 'art_458ter',
      });
      assert.equal(forTable.statusCode, 201, `the key figure adds an item for the table: ${forTable.body}`);
      items.forTable = forTable.json().data.id;
      const own = await inject('POST', `/api/v1/cases/${cases.first.id}/items`, keyFigure.token, {
        body: 'Werknotitie binnen de eigen dienst.',
        audience: 'own_organisation',
        legalBasis: 'art_458ter',
      });
      assert.equal(own.statusCode, 201, `the key figure adds a working note: ${own.body}`);
      items.ownOrganisation = own.json().data.id;
      const planned = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-02-02T08:00:00Z' });
      assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
      meetingId = planned.json().data.id;
      for (const user of [coordinator, keyFigure]) {
        assert.equal((await inject('POST', `/api/v1/meetings/${meetingId}/attestation`, user.token)).statusCode, 200, 'the member attests');
      }
      // The agenda is built on its first read: both open cases of the table.
      const agenda = await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, coordinator.token);
      assert.equal(agenda.json().data.items.length, 2, 'both cases of the table are on the agenda');
    });

    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('before the minute taker attests: meeting mode and notes answer 403 attestation_required', async () => {
      for (const [method, url, body] of [
        ['GET', caseUrl(cases.first.id), undefined],
        ['POST', `${caseUrl(cases.first.id)}/notes`, { text: 'Notitie.' }],
        ['GET', `/api/v1/meetings/${meetingId}/minutes`, undefined],
      ] as const) {
        const answer = await inject(method, url, minuteTaker.token, body);
        assert.equal(answer.statusCode, 403, `${method} ${url} before attesting is 403`);
        assert.equal(answer.json().error.code, 'attestation_required', `${method} ${url} asks for the attestation`);
      }
      assert.equal(
        (await inject('POST', `/api/v1/meetings/${meetingId}/attestation`, minuteTaker.token)).statusCode,
        200,
        'the minute taker attests',
      );
    });

    test('before the start the minute taker reaches no case (404, audited as a refused open); the coordinator’s note is 409', async () => {
      const denialsBefore = (await events('case.viewed')).filter((event) => event.decision === 'deny').length;
      const read = await inject('GET', caseUrl(cases.first.id), minuteTaker.token);
      assert.equal(read.statusCode, 404, 'a planned meeting opens no case to the minute taker');
      const note = await inject('POST', `${caseUrl(cases.first.id)}/notes`, minuteTaker.token, { text: 'Te vroeg.' });
      assert.equal(note.statusCode, 404, 'nor may they write a note before the start');
      const denials = (await events('case.viewed')).filter((event) => event.decision === 'deny');
      assert.equal(denials.length - denialsBefore, 2, 'both refused opens are audited');
      const before = await counts();
      const coordinatorNote = await inject('POST', `${caseUrl(cases.first.id)}/notes`, coordinator.token, { text: 'Te vroeg.' });
      assert.equal(coordinatorNote.statusCode, 409, 'the coordinator’s note before the start is 409');
      assert.deepEqual(await counts(), before, 'nothing was written');
    });

    test('start: If-Match required, a key figure 403 audited, a stale version 409; the minute taker starts once, audited', async () => {
      const missing = await inject('POST', `/api/v1/meetings/${meetingId}/start`, minuteTaker.token);
      assert.equal(missing.statusCode, 400, 'without If-Match the start is refused');
      assert.equal(missing.json().error.issues[0].path, 'If-Match', 'the issue names If-Match');
      const byKeyFigure = await inject('POST', `/api/v1/meetings/${meetingId}/start`, keyFigure.token, undefined, { 'if-match': '"1"' });
      assert.equal(byKeyFigure.statusCode, 403, 'a key figure may not start the meeting');
      const denial = (await events('access.denied')).at(-1)!;
      assert.equal(JSON.parse(denial.details!).deniedAction, 'meetings.start', 'the refusal is audited with its rule');
      const byOutsider = await inject('POST', `/api/v1/meetings/${meetingId}/start`, otherMinuteTaker.token, undefined, { 'if-match': '"1"' });
      assert.equal(byOutsider.statusCode, 404, 'the other table’s minute taker does not see the meeting');
      const stale = await inject('POST', `/api/v1/meetings/${meetingId}/start`, minuteTaker.token, undefined, { 'if-match': '"7"' });
      assert.equal(stale.statusCode, 409, 'a stale version is 409');
      assert.equal((await meetingRow()).status, 'planned', 'nothing changed yet');
      const started = await inject('POST', `/api/v1/meetings/${meetingId}/start`, minuteTaker.token, undefined, { 'if-match': '"1"' });
      assert.equal(started.statusCode, 200, `the minute taker starts the meeting: ${started.body}`);
      assert.equal(started.json().data.status, 'in_progress', 'the meeting runs');
      assert.equal(started.headers.etag, '"2"', 'the answer names the new version');
      const row = await meetingRow();
      assert.equal(row.started_by, minuteTaker.id, 'who started it is recorded');
      assert.ok(row.started_at, 'when it started is recorded');
      const again = await inject('POST', `/api/v1/meetings/${meetingId}/start`, coordinator.token, undefined, { 'if-match': '"2"' });
      assert.equal(again.statusCode, 409, 'a running meeting cannot be started again');
      const audited = await events('meeting.started');
      assert.equal(audited.length, 1, 'one meeting.started event');
      assert.equal(audited[0]!.actor_user_id, minuteTaker.id, 'the event names the minute taker');
    });

    test('meeting mode: the minute taker reads the table’s items under purpose minutes, a key figure under meeting; details carry the meeting', async () => {
      const mode = await inject('GET', caseUrl(cases.first.id), minuteTaker.token);
      assert.equal(mode.statusCode, 200, `the minute taker opens the case in the running meeting: ${mode.body}`);
      const data = mode.json().data;
      assert.equal(data.reference, cases.first.reference, 'the pseudonym is shown');
      assert.equal(data.theme, 'drugs', 'the theme is shown');
      assert.equal(data.purpose, 'minutes', 'the minute taker reads for the minutes');
      const itemIds = data.items.map((item: { id: string }) => item.id);
      assert.deepEqual(itemIds, [items.forTable], 'the table’s item only, not the key figure’s working note');
      assert.equal(data.next.caseId, cases.second.id, 'the next case of the agenda is linked');
      assert.equal(data.previous, null, 'the first case has no previous one');
      assert.deepEqual(data.abilities, { write: true, addendum: false }, 'the minute taker may write');
      const read = (await events('case.items_viewed')).at(-1)!;
      assert.equal(read.purpose, 'minutes', 'the read is audited with purpose minutes');
      assert.equal(JSON.parse(read.details!).meetingId, meetingId, 'and the meeting’s id');

      const briefing = await inject('GET', caseUrl(cases.first.id), keyFigure.token);
      assert.equal(briefing.statusCode, 200, 'the key figure opens the case in the meeting');
      assert.equal(briefing.json().data.purpose, 'meeting', 'the key figure reads the briefing');
      assert.equal(briefing.json().data.abilities.write, false, 'the key figure does not write minutes');
      const keyRead = (await events('case.items_viewed')).at(-1)!;
      assert.equal(keyRead.purpose, 'meeting', 'the key figure’s read is audited with purpose meeting');
      assert.equal(JSON.parse(keyRead.details!).meetingId, meetingId, 'with the meeting’s id');
    });

    test('meeting mode is 404 for a case not on the agenda and for the other table’s minute taker; byte-identical with a missing meeting', async () => {
      const notOnAgenda = await inject('GET', caseUrl(cases.elsewhere.id), minuteTaker.token);
      assert.equal(notOnAgenda.statusCode, 404, 'a case of another table is not opened by this meeting');
      const other = await inject('GET', caseUrl(cases.first.id), otherMinuteTaker.token);
      assert.equal(other.statusCode, 404, 'the other table’s minute taker does not see the meeting');
      const missing = await inject('GET', `/api/v1/meetings/00000000-0000-4000-8000-000000000000/cases/${cases.first.id}`, otherMinuteTaker.token);
      assert.equal(other.body, missing.body, 'invisible and missing answer the same bytes');
      const otherNote = await inject('POST', `${caseUrl(cases.first.id)}/notes`, otherMinuteTaker.token, { text: 'Niet mijn tafel.' });
      assert.equal(otherNote.statusCode, 404, 'nor may they write a note');
    });

    test('notes and decisions while the meeting runs: a note is a table item on art. 458ter, a decision is sealed; both audited', async () => {
      const before = await counts();
      const bad = await inject('POST', `${caseUrl(cases.first.id)}/notes`, minuteTaker.token, { text: '   ' });
      assert.equal(bad.statusCode, 400, 'an empty note is refused');
      assert.equal(bad.json().error.issues[0].path, 'text', 'the issue names text');
      const byKeyFigure = await inject('POST', `${caseUrl(cases.first.id)}/decisions`, keyFigure.token, { text: 'Ik beslis.' });
      assert.equal(byKeyFigure.statusCode, 403, 'a key figure does not write minutes');
      assert.equal(JSON.parse((await events('access.denied')).at(-1)!.details!).deniedAction, 'minutes.write', 'the refusal is audited');
      const early = await inject('POST', `${caseUrl(cases.first.id)}/notes`, coordinator.token, { text: 'Aanvulling.', addendum: true });
      assert.equal(early.statusCode, 409, 'no addendum while the meeting runs');
      assert.deepEqual(await counts(), before, 'nothing was written by the refused requests');

      const note = await inject('POST', `${caseUrl(cases.first.id)}/notes`, minuteTaker.token, {
        text: 'De school volgt de aanwezigheid wekelijks op.',
      });
      assert.equal(note.statusCode, 201, `the minute taker adds a note: ${note.body}`);
      const { itemId, addendum } = note.json().data;
      assert.equal(addendum, false, 'not an addendum');
      const item = await db().selectFrom('case_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
      assert.equal(item.audience, 'table', 'the note is for the table');
      assert.equal(item.legal_basis, 'art_458ter', 'on art. 458ter');
      assert.equal(item.author_user_id, minuteTaker.id, 'written by the minute taker');
      assert.ok(!String(item.body_sealed).includes('aanwezigheid'), 'the item’s body is sealed');
      env.clock.advance(60_000);
      const decision = await inject('POST', `${caseUrl(cases.first.id)}/decisions`, coordinator.token, {
        text: 'Een gesprek met de ouders plannen.',
      });
      assert.equal(decision.statusCode, 201, `the coordinator records a decision: ${decision.body}`);
      const rows = await db().selectFrom('meeting_minute_entries').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').execute();
      assert.deepEqual(
        rows.map((row) => [row.kind, row.item_id, Number(row.addendum), row.created_by]),
        [
          ['note', itemId, 0, minuteTaker.id],
          ['decision', null, 0, coordinator.id],
        ],
        'one entry per note and decision',
      );
      assert.ok(rows[1]!.text_sealed && !rows[1]!.text_sealed.includes('ouders'), 'the decision’s text is sealed');
      const noteEvent = (await events('minutes.note_added')).at(-1)!;
      assert.equal(noteEvent.purpose, 'minutes', 'the note is audited with purpose minutes');
      assert.equal(JSON.parse(noteEvent.details!).meetingId, meetingId, 'and the meeting');
      const itemEvent = (await events('case.item_added')).at(-1)!;
      assert.equal(itemEvent.resource_id, itemId, 'the item is audited by the cases module too');
      assert.equal(itemEvent.purpose, 'minutes', 'with the minute taker’s purpose');
      assert.equal((await events('minutes.decision_added')).length, 1, 'one decision event');
    });

    test('the minutes view: per agenda case the notes and decisions; audited minutes.viewed', async () => {
      const minutes = await inject('GET', `/api/v1/meetings/${meetingId}/minutes`, keyFigure.token);
      assert.equal(minutes.statusCode, 200, `the key figure reads the minutes: ${minutes.body}`);
      const first = minutes.json().data.cases.find((entry: { caseId: string }) => entry.caseId === cases.first.id);
      assert.deepEqual(
        first.entries.map((entry: { kind: string; text: string }) => [entry.kind, entry.text]),
        [
          ['note', 'De school volgt de aanwezigheid wekelijks op.'],
          ['decision', 'Een gesprek met de ouders plannen.'],
        ],
        'the note and the decision, in order',
      );
      assert.equal(minutes.json().data.cases.length, 2, 'both agenda cases are listed');
      const viewed = (await events('minutes.viewed')).at(-1)!;
      assert.equal(viewed.actor_user_id, keyFigure.id, 'the reading is audited');
      const byMinuteTaker = await inject('GET', `/api/v1/meetings/${meetingId}/minutes`, minuteTaker.token);
      assert.equal(byMinuteTaker.statusCode, 200, 'the minute taker reads the minutes while the meeting runs');
    });

    test('close: the coordinator only; the action points are scheduled exactly once; audited', async () => {
      const byMinuteTaker = await inject('POST', `/api/v1/meetings/${meetingId}/close`, minuteTaker.token, undefined, { 'if-match': '"2"' });
      assert.equal(byMinuteTaker.statusCode, 403, 'the minute taker may not close');
      assert.equal(JSON.parse((await events('access.denied')).at(-1)!.details!).deniedAction, 'meetings.close', 'the refusal is audited');
      const closed = await inject('POST', `/api/v1/meetings/${meetingId}/close`, coordinator.token, undefined, { 'if-match': '"2"' });
      assert.equal(closed.statusCode, 200, `the coordinator closes: ${closed.body}`);
      assert.equal(closed.json().data.status, 'closed', 'the meeting is closed');
      const again = await inject('POST', `/api/v1/meetings/${meetingId}/close`, coordinator.token, undefined, { 'if-match': '"3"' });
      assert.equal(again.statusCode, 409, 'a closed meeting cannot be closed again');
      const jobs = await db().selectFrom('jobs').selectAll().where('kind', '=', MEETING_ACTION_POINTS_JOB).execute();
      assert.equal(jobs.length, 1, 'one action points job');
      assert.deepEqual(JSON.parse(jobs[0]!.payload), { meetingId }, 'its payload names the meeting only');
      assert.equal(jobs[0]!.dedupe_key, meetingId, 'its dedupe key is the meeting');
      assert.equal((await meetingRow()).closed_by, coordinator.id, 'who closed it is recorded');
      assert.equal((await events('meeting.closed')).length, 1, 'one meeting.closed event');
    });

    test('after close: the minute taker reaches nothing (404); the coordinator’s plain note is 409, an addendum is stored and marked', async () => {
      const before = await counts();
      for (const [method, url, body] of [
        ['GET', caseUrl(cases.first.id), undefined],
        ['GET', `/api/v1/meetings/${meetingId}/minutes`, undefined],
        ['POST', `${caseUrl(cases.first.id)}/notes`, { text: 'Te laat.' }],
        ['POST', `${caseUrl(cases.first.id)}/decisions`, { text: 'Te laat.', addendum: true }],
      ] as const) {
        const answer = await inject(method, url, minuteTaker.token, body);
        assert.equal(answer.statusCode, 404, `${method} ${url}: the minute taker’s door closed with the meeting`);
      }
      const plain = await inject('POST', `${caseUrl(cases.first.id)}/notes`, coordinator.token, { text: 'Na afloop.' });
      assert.equal(plain.statusCode, 409, 'the minutes are locked for a plain note');
      assert.deepEqual(await counts(), before, 'nothing was written');
      env.clock.advance(60_000);
      const addendumNote = await inject('POST', `${caseUrl(cases.first.id)}/notes`, coordinator.token, {
        text: 'Aanvulling: de ouders zijn bereikt.',
        addendum: true,
      });
      assert.equal(addendumNote.statusCode, 201, `the coordinator adds an addendum note: ${addendumNote.body}`);
      assert.equal(addendumNote.json().data.addendum, true, 'stored as an addendum');
      env.clock.advance(60_000);
      const addendumDecision = await inject('POST', `${caseUrl(cases.first.id)}/decisions`, coordinator.token, {
        text: 'Aanvulling: het gesprek gaat door.',
        addendum: true,
      });
      assert.equal(addendumDecision.statusCode, 201, 'the coordinator adds an addendum decision');
      const noteEvent = (await events('minutes.note_added')).at(-1)!;
      assert.equal(noteEvent.purpose, 'coordination', 'the addendum goes through the coordinator’s own relation');
      const minutes = await inject('GET', `/api/v1/meetings/${meetingId}/minutes`, coordinator.token);
      const entries = minutes.json().data.cases.find((entry: { caseId: string }) => entry.caseId === cases.first.id).entries;
      assert.deepEqual(
        entries.map((entry: { kind: string; addendum: boolean }) => `${entry.kind}:${entry.addendum}`),
        ['note:false', 'decision:false', 'note:true', 'decision:true'],
        'the addenda are marked',
      );
    });

    test('pages in Dutch: the meeting page links the agenda’s cases and the minutes; meeting mode shows forms and errors; the statement is asked for', async () => {
      await db().updateTable('users').set({ locale: 'nl' }).where('id', 'in', [coordinator.id, otherMinuteTaker.id, keyFigure.id]).execute();
      const next = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-03-02T08:00:00Z' });
      const nextId = next.json().data.id as string;
      const client = await signedIn(coordinator);
      const unattested = await client.get(`/meetings/${nextId}/cases/${cases.first.id}`);
      assert.equal(unattested.statusCode, 403, 'meeting mode before attesting is 403');
      assert.ok(unattested.body.includes(html(nl('meetings.attestation_confirm'))), 'the page asks for the attestation');
      await client.post(`/meetings/${nextId}/attestation`, {});
      const meetingPage = await client.get(`/meetings/${nextId}`);
      assert.ok(meetingPage.body.includes(`href="/meetings/${nextId}/cases/${cases.first.id}"`), 'the agenda links to meeting mode');
      assert.ok(meetingPage.body.includes(`href="/meetings/${nextId}/minutes"`), 'the meeting page links the minutes');
      assert.ok(meetingPage.body.includes(html(nl('meetings.course.start_confirm'))), 'the coordinator gets the start button');
      const started = await client.post(`/meetings/${nextId}/start`, { version: '1' });
      assert.equal(started.statusCode, 303, 'starting from the page redirects');
      const running = await client.get(`/meetings/${nextId}`);
      assert.ok(running.body.includes(html(nl('meetings.status.in_progress'))), 'the status is shown with its label');
      assert.ok(running.body.includes(html(nl('meetings.course.close_confirm'))), 'the coordinator gets the close button');

      const mode = await client.get(`/meetings/${nextId}/cases/${cases.first.id}`);
      assert.equal(mode.statusCode, 200, 'meeting mode opens');
      assert.ok(mode.body.includes(html(nl('minutes.case_title', { reference: cases.first.reference }))), 'the title names the pseudonym');
      assert.ok(mode.body.includes(html(nl('minutes.add_note'))) && mode.body.includes(html(nl('minutes.add_decision'))), 'both forms are shown');
      assert.ok(mode.body.includes('<label for="field-note-text"'), 'the note field is labelled');
      assert.ok(mode.body.includes(`href="/meetings/${nextId}/cases/${cases.second.id}"`), 'the next case is linked');
      const empty = await client.post(`/meetings/${nextId}/cases/${cases.first.id}/notes`, { text: '' });
      assert.equal(empty.statusCode, 400, 'an empty note redraws the page');
      assert.ok(empty.body.includes(html(nl('form.error_summary_title'))), 'the errors are listed at the top');
      assert.ok(empty.body.includes('href="#field-note-text"'), 'the summary links to the field');
      const posted = await client.post(`/meetings/${nextId}/cases/${cases.first.id}/decisions`, { text: 'Opvolging in april.' });
      assert.equal(posted.statusCode, 303, 'a decision from the page redirects');
      const minutesPage = await client.get(`/meetings/${nextId}/minutes`);
      assert.equal(minutesPage.statusCode, 200, 'the minutes page opens');
      assert.ok(minutesPage.body.includes('Opvolging in april.'), 'the decision is in the minutes');
      assert.ok(minutesPage.body.includes(html(nl('minutes.title'))), 'the page is in Dutch');
      const closed = await client.post(`/meetings/${nextId}/close`, { version: '2' });
      assert.equal(closed.statusCode, 303, 'closing from the page redirects');
      const addendumPage = await client.get(`/meetings/${nextId}/cases/${cases.first.id}`);
      assert.ok(addendumPage.body.includes(html(nl('minutes.addendum_title'))), 'after close the coordinator gets the addendum forms');
      assert.ok(addendumPage.body.includes('name="addendum" value="true"'), 'which post as addenda');
    });
  });
}
