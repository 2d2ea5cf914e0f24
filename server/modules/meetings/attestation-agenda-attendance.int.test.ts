import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { auditEvents } from '../../test/audit-events.ts';
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

/**
 * Issue 12, attestation, agenda and attendance, on both databases: the confidentiality statement gates
 * every agenda route and the agenda on the meeting page, per member (the coordinator too); the agenda
 * is built on the first read in the issue's order and changed only by the coordinator; the coordinator
 * or the minute taker records attendance. Invisible = 404 byte-identical; forbidden = 403 audited.
 * The world's clock stands on 2026-01-05.
 */

type Seeded = Awaited<ReturnType<typeof seedUser>>;
const DAY = 86_400_000;
const MISSING = '00000000-0000-4000-8000-000000000000';
const en = translator('en');
const nl = translator('nl');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const table = (name: string) => ({
  name,
  audience: 'minors',
  purpose: 'Gedeelde zorgen over jongeren in de wijk bespreken en samen een aanpak afspreken.',
  legalFramework: 'art_458ter',
});

for (const target of databaseTargets()) {
  describe(`meeting attestation, agenda and attendance on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Seeded;
    let keyFigure: Seeded;
    let minuteTaker: Seeded;
    let outsider: Seeded;
    let otherCoordinator: Seeded;
    let tableId: string;
    let otherTableId: string;
    let meetingId: string;
    const cases: Record<'old' | 'fresh' | 'later' | 'elsewhere', { id: string; reference: string }> = {} as never;

    const db = () => env.database.handle.db;
    const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(token), 'accept-language': 'en' },
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
    const events = async (action: string) =>
      auditEvents(db()).select(['action', 'decision', 'details', 'purpose', 'resource_id', 'actor_user_id']).where('action', '=', action).execute();
    const agendaRows = async () =>
      db()
        .selectFrom('meeting_agenda_items')
        .select(['case_id', 'position', 'reason'])
        .where('meeting_id', '=', meetingId)
        .orderBy('position')
        .execute();
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
      other = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker'], { password: TEST_PASSWORD });
      outsider = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
      tableId = (await inject('POST', '/api/v1/tables', coordinator.token, table('Minderjarigentafel Oeverkant'))).json().data.id;
      otherTableId = (await inject('POST', '/api/v1/tables', coordinator.token, table('Minderjarigentafel Heidebos'))).json().data.id;
      for (const [user, role] of [
        [keyFigure, 'key_figure'],
        [minuteTaker, 'minute_taker'],
      ] as const) {
        const seated = await inject('POST', `/api/v1/tables/${tableId}/members`, coordinator.token, { userId: user.id, role });
        assert.equal(seated.statusCode, 201, `the ${role} is seated: ${seated.body}`);
      }
      // An old case, then the table's previous meeting (written directly: planning refuses the past), then a fresh case.
      cases.old = await openCase(tableId, 'drugs');
      env.clock.advance(DAY);
      await db()
        .insertInto('meetings')
        .values({
          id: '11111111-1111-4111-8111-111111111111',
          tenant_id: tenant.tenantId,
          table_id: tableId,
          starts_at: env.clock.now().toISOString(),
          ends_at: new Date(env.clock.now().getTime() + 7_200_000).toISOString(),
          kind: 'regular',
          status: 'planned',
          created_by: coordinator.id,
          created_at: env.clock.now().toISOString(),
          version: 1,
        })
        .execute();
      env.clock.advance(DAY);
      cases.fresh = await openCase(tableId, 'school_dropout');
      cases.elsewhere = await openCase(otherTableId, 'gangs');
      const planned = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-02-02T08:00:00Z' });
      assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
      meetingId = planned.json().data.id;
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('before attesting, every agenda route answers 403 attestation_required, for each member and the coordinator, and nothing is built', async () => {
      for (const [who, user] of [
        ['coordinator', coordinator],
        ['key figure', keyFigure],
        ['minute taker', minuteTaker],
      ] as const) {
        const agenda = await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, user.token);
        assert.equal(agenda.statusCode, 403, `the ${who} cannot read the agenda before attesting`);
        assert.deepEqual(
          agenda.json(),
          { error: { code: 'attestation_required', message: en('errors.attestation_required') } },
          `the ${who} gets the attestation_required code with its English message`,
        );
        const state = await inject('GET', `/api/v1/meetings/${meetingId}/attestation`, user.token);
        assert.equal(state.statusCode, 200, `the ${who} may read their own attestation state`);
        assert.equal(state.json().data.attested, false, `the ${who} has not attested yet`);
        assert.equal(state.json().data.statement.length, 3, `the ${who} gets the statement's three paragraphs`);
      }
      for (const [method, url, payload] of [
        ['POST', `/api/v1/meetings/${meetingId}/agenda/build`, undefined],
        ['POST', `/api/v1/meetings/${meetingId}/agenda/items`, { caseId: cases.old.id }],
        ['POST', `/api/v1/meetings/${meetingId}/agenda/order`, { itemIds: [] }],
        ['DELETE', `/api/v1/meetings/${meetingId}/agenda/items/${MISSING}`, undefined],
      ] as const) {
        const answer = await inject(method, url, coordinator.token, payload);
        assert.equal(answer.statusCode, 403, `${method} ${url} needs the coordinator's attestation`);
        assert.equal(answer.json().error.code, 'attestation_required', `${method} ${url} names attestation_required`);
      }
      assert.deepEqual(await agendaRows(), [], 'no agenda item was written before anyone attested');
      const built = await db().selectFrom('meetings').select('agenda_built_at').where('id', '=', meetingId).executeTakeFirstOrThrow();
      assert.equal(built.agenda_built_at, null, 'the agenda is not built');
    });

    test('a non-member, another network and a missing id get the same 404 on every route', async () => {
      const routes = [
        ['GET', 'agenda', undefined],
        ['GET', 'attestation', undefined],
        ['POST', 'attestation', undefined],
        ['POST', 'agenda/build', undefined],
        ['POST', 'agenda/items', { caseId: cases.old.id }],
        ['POST', 'agenda/order', { itemIds: [] }],
        ['GET', 'attendance', undefined],
        ['PUT', 'attendance', { userId: keyFigure.id, status: 'present' }],
      ] as const;
      for (const [method, path, payload] of routes) {
        const missing = await inject(method, `/api/v1/meetings/${MISSING}/${path}`, outsider.token, payload);
        assert.equal(missing.statusCode, 404, `${method} ${path} of a missing meeting is 404`);
        for (const [who, user] of [
          ['a professional who does not sit at the table', outsider],
          ['the coordinator of another network', otherCoordinator],
        ] as const) {
          const hidden = await inject(method, `/api/v1/meetings/${meetingId}/${path}`, user.token, payload);
          assert.equal(hidden.statusCode, 404, `${method} ${path}: ${who} gets 404`);
          assert.equal(hidden.body, missing.body, `${method} ${path}: ${who} gets the bytes of a missing id`);
        }
      }
      const attested = await db().selectFrom('meeting_attestations').select('id').where('meeting_id', '=', meetingId).execute();
      assert.deepEqual(attested, [], 'no outsider attestation was written');
    });

    test('the key figure attests once (audited with the statement version); the agenda opens for them only, built in the issue’s order', async () => {
      const first = await inject('POST', `/api/v1/meetings/${meetingId}/attestation`, keyFigure.token);
      assert.equal(first.statusCode, 200, `the key figure attests: ${first.body}`);
      assert.equal(first.json().data.attested, true, 'the answer says attested');
      const again = await inject('POST', `/api/v1/meetings/${meetingId}/attestation`, keyFigure.token);
      assert.equal(again.json().data.attestedAt, first.json().data.attestedAt, 'a second confirmation answers the first');
      const attestedEvents = await events('meeting.attested');
      assert.equal(attestedEvents.length, 1, 'one meeting.attested event for two confirmations');
      assert.equal(attestedEvents[0]!.actor_user_id, keyFigure.id, 'the event names the key figure');
      assert.equal(attestedEvents[0]!.resource_id, meetingId, 'the event names the meeting');
      assert.deepEqual(JSON.parse(attestedEvents[0]!.details!), { statementVersion: '2026-11' }, 'the event records the statement version');

      const agenda = await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, keyFigure.token);
      assert.equal(agenda.statusCode, 200, `the key figure reads the agenda after attesting: ${agenda.body}`);
      const items = agenda.json().data.items as { caseId: string; reference: string; theme: string; reason: string; position: number }[];
      assert.deepEqual(
        items.map(({ caseId, reference, theme, reason, position }) => ({ caseId, reference, theme, reason, position })),
        [
          { caseId: cases.fresh.id, reference: cases.fresh.reference, theme: 'school_dropout', reason: 'new_referral', position: 1 },
          { caseId: cases.old.id, reference: cases.old.reference, theme: 'drugs', reason: 'evaluation', position: 2 },
        ],
        'the new referral first, then the case due for evaluation; no case of another table',
      );
      assert.deepEqual(
        Object.keys(items[0]!).sort(),
        ['caseId', 'id', 'position', 'reason', 'reference', 'theme'],
        'an agenda item holds the reference and theme, no content',
      );
      const built = await events('meeting.agenda_built');
      assert.equal(built.length, 1, 'the first read built the agenda once');
      assert.deepEqual(JSON.parse(built[0]!.details!), { trigger: 'first_read', added: 2 }, 'the build records its trigger and count');
      const viewed = await events('meeting.agenda_viewed');
      assert.equal(viewed.length, 1, 'the read is audited');
      assert.equal(viewed[0]!.purpose, 'meeting', 'with the purpose meeting');
      assert.deepEqual(JSON.parse(viewed[0]!.details!), { part: 'api', count: 2 }, 'with the part and number of items');

      const stillClosed = await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, minuteTaker.token);
      assert.equal(stillClosed.statusCode, 403, 'the minute taker, who did not attest, still gets 403');
      assert.equal(stillClosed.json().error.code, 'attestation_required', 'attestation is per member');
      await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, keyFigure.token);
      assert.equal((await events('meeting.agenda_built')).length, 1, 'a second read does not build again');
    });

    test('a key figure who changes the agenda gets 403, audited, and nothing changes', async () => {
      const before = await agendaRows();
      const denialsBefore = (await events('access.denied')).length;
      for (const [method, url, payload] of [
        ['POST', `/api/v1/meetings/${meetingId}/agenda/build`, undefined],
        ['POST', `/api/v1/meetings/${meetingId}/agenda/items`, { caseId: cases.old.id }],
        ['POST', `/api/v1/meetings/${meetingId}/agenda/order`, { itemIds: [] }],
        ['DELETE', `/api/v1/meetings/${meetingId}/agenda/items/${MISSING}`, undefined],
      ] as const) {
        const answer = await inject(method, url, keyFigure.token, payload);
        assert.equal(answer.statusCode, 403, `${method} ${url}: the key figure may not change the agenda`);
        assert.equal(answer.json().error.code, 'forbidden', `${method} ${url}: forbidden`);
      }
      const denials = (await events('access.denied')).slice(denialsBefore);
      assert.equal(denials.length, 4, 'each refusal is audited');
      assert.ok(
        denials.every((event) => event.actor_user_id === keyFigure.id && JSON.parse(event.details!).deniedAction === 'meetings.manageAgenda'),
        'the denials name the key figure and meetings.manageAgenda',
      );
      assert.deepEqual(await agendaRows(), before, 'the agenda did not change');
    });

    test('the coordinator attests, then reorders, removes, adds, and is refused a bad order, a foreign case and a duplicate', async () => {
      assert.equal((await inject('POST', `/api/v1/meetings/${meetingId}/attestation`, coordinator.token)).statusCode, 200, 'the coordinator attests');
      const agenda = (await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, coordinator.token)).json().data;
      const [fresh, old] = agenda.items as { id: string; caseId: string }[];
      const reordered = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/order`, coordinator.token, { itemIds: [old!.id, fresh!.id] });
      assert.equal(reordered.statusCode, 200, `the coordinator reorders: ${reordered.body}`);
      assert.deepEqual(
        reordered.json().data.items.map((item: { caseId: string }) => item.caseId),
        [cases.old.id, cases.fresh.id],
        'the old case comes first now',
      );
      const badOrder = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/order`, coordinator.token, { itemIds: [old!.id] });
      assert.equal(badOrder.statusCode, 400, 'an order that leaves an item out is 400');
      assert.deepEqual(
        badOrder.json().error.issues,
        [{ path: 'itemIds', message: en('validation.agenda_order_invalid') }],
        'the issue names itemIds',
      );
      const removed = await inject('DELETE', `/api/v1/meetings/${meetingId}/agenda/items/${fresh!.id}`, coordinator.token);
      assert.equal(removed.statusCode, 200, 'the coordinator removes an item');
      assert.deepEqual(
        removed.json().data.items.map((item: { caseId: string }) => item.caseId),
        [cases.old.id],
        'only the old case is left',
      );
      const removedAgain = await inject('DELETE', `/api/v1/meetings/${meetingId}/agenda/items/${fresh!.id}`, coordinator.token);
      assert.equal(removedAgain.statusCode, 404, 'an item no longer on the agenda is 404');
      const foreign = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/items`, coordinator.token, { caseId: cases.elsewhere.id });
      assert.equal(foreign.statusCode, 400, 'a case of another table is refused');
      assert.deepEqual(foreign.json().error.issues, [{ path: 'caseId', message: en('validation.agenda_case_unknown') }], 'the issue names caseId');
      const added = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/items`, coordinator.token, { caseId: cases.fresh.id });
      assert.equal(added.statusCode, 201, `the coordinator adds the case back: ${added.body}`);
      assert.deepEqual(
        added.json().data.items.map((item: { caseId: string; reason: string }) => `${item.caseId}:${item.reason}`),
        [`${cases.old.id}:evaluation`, `${cases.fresh.id}:added`],
        'the added case comes last, marked added',
      );
      const duplicate = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/items`, coordinator.token, { caseId: cases.fresh.id });
      assert.equal(duplicate.statusCode, 409, 'a case already on the agenda is 409');
      cases.later = await openCase(tableId, 'radicalisation');
      const rebuilt = await inject('POST', `/api/v1/meetings/${meetingId}/agenda/build`, coordinator.token);
      assert.deepEqual(
        rebuilt.json().data.items.map((item: { caseId: string }) => item.caseId),
        [cases.old.id, cases.fresh.id, cases.later.id],
        'build adds the case opened since, after the coordinator’s order',
      );
      const changes = (await events('meeting.agenda_changed')).map((event) => JSON.parse(event.details!).change);
      assert.deepEqual(changes, ['reordered', 'removed', 'added'], 'each change is audited once, refused ones not');
    });

    test('attendance: the minute taker and the coordinator record it, a key figure may not, a non-member is refused', async () => {
      const denied = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, keyFigure.token, { userId: keyFigure.id, status: 'present' });
      assert.equal(denied.statusCode, 403, 'a key figure may not record attendance');
      const lastDenial = (await events('access.denied')).at(-1)!;
      assert.equal(JSON.parse(lastDenial.details!).deniedAction, 'meetings.recordAttendance', 'the refusal is audited with its rule');
      const byMinuteTaker = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, minuteTaker.token, {
        userId: keyFigure.id,
        status: 'present',
      });
      assert.equal(byMinuteTaker.statusCode, 200, `the minute taker records attendance without attesting: ${byMinuteTaker.body}`);
      const byCoordinator = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, coordinator.token, {
        userId: minuteTaker.id,
        status: 'excused',
      });
      assert.equal(byCoordinator.statusCode, 200, 'the coordinator records attendance');
      const corrected = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, coordinator.token, {
        userId: keyFigure.id,
        status: 'absent',
      });
      const statuses = Object.fromEntries(
        corrected.json().data.map((entry: { userId: string; status: string | null }) => [entry.userId, entry.status]),
      );
      assert.deepEqual(statuses, { [keyFigure.id]: 'absent', [minuteTaker.id]: 'excused' }, 'recording again replaces; each member once');
      const notMember = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, coordinator.token, {
        userId: outsider.id,
        status: 'present',
      });
      assert.equal(notMember.statusCode, 400, 'someone who does not sit at the table is refused');
      assert.deepEqual(
        notMember.json().error.issues,
        [{ path: 'userId', message: en('validation.attendance_not_member') }],
        'the issue names userId',
      );
      const badStatus = await inject('PUT', `/api/v1/meetings/${meetingId}/attendance`, coordinator.token, { userId: keyFigure.id, status: 'late' });
      assert.equal(badStatus.statusCode, 400, 'an unknown status is refused');
      const read = await inject('GET', `/api/v1/meetings/${meetingId}/attendance`, keyFigure.token);
      assert.equal(read.statusCode, 200, 'a member reads the attendance list');
      const recorded = (await events('meeting.attendance_recorded')).map((event) => JSON.parse(event.details!));
      assert.deepEqual(
        recorded,
        [
          { userId: keyFigure.id, status: 'present' },
          { userId: minuteTaker.id, status: 'excused' },
          { userId: keyFigure.id, status: 'absent' },
        ],
        'each recording is audited with the member and the status',
      );
    });

    test('the meeting page: the statement and a confirm button until the minute taker attests, then the agenda; the coordinator’s controls work without JavaScript', async () => {
      await db().updateTable('users').set({ locale: 'nl' }).where('id', 'in', [minuteTaker.id, coordinator.id]).execute();
      const minuteClient = await signedIn(minuteTaker);
      const before = await minuteClient.get(`/meetings/${meetingId}`);
      assert.equal(before.statusCode, 200, 'the meeting page opens (date and time are not gated)');
      assert.ok(before.body.includes(html(nl('meetings.attestation.secrecy'))), 'the page shows the statement in Dutch');
      assert.ok(before.body.includes(html(nl('meetings.attestation_confirm'))), 'the page offers the confirm button');
      assert.ok(before.body.includes(`href="/tables/${tableId}"`), 'the statement links to the table’s governance');
      assert.ok(!before.body.includes(cases.old.reference) && !before.body.includes(cases.fresh.reference), 'no case reference before attesting');
      assert.ok(before.body.includes(html(nl('meetings.attendance_title'))), 'attendance is shown');
      const agendaPost = await minuteClient.post(`/meetings/${meetingId}/agenda/build`, {});
      assert.equal(agendaPost.statusCode, 403, 'a minute taker’s agenda form post is refused');
      const confirmed = await minuteClient.post(`/meetings/${meetingId}/attestation`, {});
      assert.equal(confirmed.statusCode, 303, 'confirming redirects back to the meeting');
      const after = await minuteClient.get(`/meetings/${meetingId}`);
      assert.ok(after.body.includes(cases.old.reference) && after.body.includes(cases.later.reference), 'after attesting the page shows the agenda');
      assert.ok(!after.body.includes(html(nl('meetings.agenda_remove'))), 'the minute taker gets no agenda controls');
      assert.ok(
        after.body.includes(
          html(
            nl('meetings.attendance_of', {
              name: (await db().selectFrom('users').select('name').where('id', '=', keyFigure.id).executeTakeFirstOrThrow()).name,
            }),
          ),
        ),
        'the minute taker gets the attendance form',
      );

      const coordinatorClient = await signedIn(coordinator);
      const page = await coordinatorClient.get(`/meetings/${meetingId}`);
      assert.ok(page.body.includes(html(nl('meetings.agenda_build'))), 'the coordinator gets the build button');
      const items = (await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, coordinator.token)).json().data.items as {
        id: string;
        caseId: string;
      }[];
      const moved = await coordinatorClient.post(`/meetings/${meetingId}/agenda/items/${items[2]!.id}/move`, { direction: 'up' });
      assert.equal(moved.statusCode, 303, 'moving up redirects');
      const afterMove = (await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, coordinator.token)).json().data.items as { caseId: string }[];
      assert.deepEqual(
        afterMove.map((item) => item.caseId),
        [cases.old.id, cases.later.id, cases.fresh.id],
        'the last item moved one place up',
      );
      const bad = await coordinatorClient.post(`/meetings/${meetingId}/agenda/items`, { caseId: MISSING });
      assert.equal(bad.statusCode, 400, 'adding a case that is not the table’s redraws the page with 400');
      assert.ok(bad.body.includes(html(nl('validation.agenda_case_unknown'))), 'the error is shown in Dutch');
      const attendance = await coordinatorClient.post(`/meetings/${meetingId}/attendance`, { userId: keyFigure.id, status: 'present' });
      assert.equal(attendance.statusCode, 303, 'the attendance form redirects');
      const row = await db()
        .selectFrom('meeting_attendance')
        .select('status')
        .where('meeting_id', '=', meetingId)
        .where('user_id', '=', keyFigure.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'present', 'the page form recorded the attendance');
    });

    test('the next meeting’s agenda: a case left off this agenda (never discussed) comes before the cases discussed at it', async () => {
      const items = (await inject('GET', `/api/v1/meetings/${meetingId}/agenda`, coordinator.token)).json().data.items as {
        id: string;
        caseId: string;
      }[];
      const fresh = items.find((item) => item.caseId === cases.fresh.id)!;
      assert.equal((await inject('DELETE', `/api/v1/meetings/${meetingId}/agenda/items/${fresh.id}`, coordinator.token)).statusCode, 200, 'removed');
      const next = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-03-02T08:00:00Z' });
      assert.equal(next.statusCode, 201, `the next meeting is planned: ${next.body}`);
      const nextId = next.json().data.id as string;
      const closed = await inject('GET', `/api/v1/meetings/${nextId}/agenda`, coordinator.token);
      assert.equal(closed.json().error.code, 'attestation_required', 'the coordinator’s attestation of one meeting does not open the next');
      await inject('POST', `/api/v1/meetings/${nextId}/attestation`, coordinator.token);
      const agenda = await inject('GET', `/api/v1/meetings/${nextId}/agenda`, coordinator.token);
      assert.deepEqual(
        agenda.json().data.items.map((item: { caseId: string; reason: string }) => `${item.caseId}:${item.reason}`),
        [`${cases.fresh.id}:evaluation`, `${cases.old.id}:evaluation`, `${cases.later.id}:evaluation`],
        'all three are due for evaluation; the one never discussed first, then the two of the February meeting by reference',
      );
    });
  });
}
