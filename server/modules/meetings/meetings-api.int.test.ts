import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { auditEvents } from '../../test/audit-events.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';

type Seeded = Awaited<ReturnType<typeof seedUser>>;

const TABLE = {
  name: 'Casusoverleg Minderjarigen Oeverkant',
  audience: 'minors',
  purpose: 'Gedeelde zorgen over jongeren in de wijk Oeverkant bespreken en samen een aanpak afspreken.',
  legalFramework: 'art_458ter',
};
const FIRST_MONDAY = { rrule: 'FREQ=MONTHLY;BYDAY=1MO', localStartTime: '09:00', durationMinutes: 120 };

for (const target of databaseTargets()) {
  describe(`meetings API on ${target.kind}`, () => {
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

    const db = () => env.database.handle.db;
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
      app.inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
    const countMeetings = async () => (await db().selectFrom('meetings').select('id').where('table_id', '=', tableId).execute()).length;
    const scheduleRow = () => db().selectFrom('meeting_schedules').selectAll().where('table_id', '=', tableId).executeTakeFirst();
    const lastEvent = async (userId: string) =>
      auditEvents(db(), { latestFirst: true })
        .select(['action', 'decision', 'details', 'purpose', 'resource_type', 'resource_id'])
        .where('actor_user_id', '=', userId)
        .executeTakeFirstOrThrow();
    const countEvents = async () => (await db().selectFrom('audit_events').select('id').execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      keyFigure = await seedUser(env.ctx, tenant, ['professional']);
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      outsider = await seedUser(env.ctx, tenant, ['professional']);
      otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
      const created = await inject('POST', '/api/v1/tables', coordinator.token, TABLE);
      assert.equal(created.statusCode, 201, created.body);
      tableId = created.json().data.id;
      for (const [user, role] of [
        [keyFigure, 'key_figure'],
        [minuteTaker, 'minute_taker'],
      ] as const) {
        const seated = await inject('POST', `/api/v1/tables/${tableId}/members`, coordinator.token, { userId: user.id, role });
        assert.equal(seated.statusCode, 201, `the ${role} is seated: ${seated.body}`);
      }
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator sets the schedule in the network’s zone and gets the first Mondays as proposals, 09:00 Brussels in UTC', async () => {
      const set = await inject('PUT', `/api/v1/tables/${tableId}/schedule`, coordinator.token, FIRST_MONDAY);
      assert.equal(set.statusCode, 200, `the schedule is set: ${set.body}`);
      assert.deepEqual(
        { ...set.json().data, updatedAt: undefined },
        { tableId, ...FIRST_MONDAY, timeZone: 'Europe/Brussels', version: 1, updatedAt: undefined },
        'the schedule answers with the network’s zone (Europe/Brussels by default) at version 1',
      );
      const event = await lastEvent(coordinator.id);
      assert.equal(event.action, 'meeting.schedule_set', 'setting the schedule is audited');
      assert.deepEqual(
        JSON.parse(event.details!),
        { fields: ['duration_minutes', 'local_start_time', 'rrule', 'time_zone'] },
        'the audit names the fields, not values',
      );

      const proposals = await inject('GET', `/api/v1/tables/${tableId}/schedule/proposals?count=3`, coordinator.token);
      assert.equal(proposals.statusCode, 200, proposals.body);
      assert.deepEqual(
        proposals.json().data,
        [
          { startsAt: '2026-02-02T08:00:00.000Z', endsAt: '2026-02-02T10:00:00.000Z', localStart: '2026-02-02T09:00:00', planned: false },
          { startsAt: '2026-03-02T08:00:00.000Z', endsAt: '2026-03-02T10:00:00.000Z', localStart: '2026-03-02T09:00:00', planned: false },
          { startsAt: '2026-04-06T07:00:00.000Z', endsAt: '2026-04-06T09:00:00.000Z', localStart: '2026-04-06T09:00:00', planned: false },
        ],
        'on Monday 5 January 2026 at 10:00 Brussels time the day’s meeting is past; the next three first Mondays follow, April in summer time',
      );

      const members = await inject('GET', `/api/v1/tables/${tableId}/schedule`, keyFigure.token);
      assert.equal(members.statusCode, 200, 'a key figure reads the schedule of their table');
      assert.equal(members.json().data.rrule, FIRST_MONDAY.rrule, 'the key figure sees the rule');
    });

    test('a bad schedule is 400 validation_failed with localised issues and changes nothing', async () => {
      const before = await scheduleRow();
      const eventsBefore = await countEvents();
      for (const [body, path] of [
        [{ ...FIRST_MONDAY, rrule: 'FREQ=HOURLY' }, 'rrule'],
        [{ ...FIRST_MONDAY, localStartTime: '9 uur' }, 'localStartTime'],
        [{ ...FIRST_MONDAY, durationMinutes: 0 }, 'durationMinutes'],
        [{ ...FIRST_MONDAY, timeZone: 'Mars/Olympus' }, 'timeZone'],
      ] as const) {
        const response = await app.inject({
          method: 'PUT',
          url: `/api/v1/tables/${tableId}/schedule`,
          headers: { ...bearer(coordinator.token), 'accept-language': 'fr' },
          payload: body,
        });
        assert.equal(response.statusCode, 400, `${path}: 400`);
        assert.equal(response.json().error.code, 'validation_failed', `${path}: validation_failed`);
        const issue = response.json().error.issues.find((candidate: { path: string }) => candidate.path === path);
        assert.ok(issue, `${path}: the issue names the field`);
        assert.doesNotMatch(issue.message, /^validation\./, `${path}: the message is translated, not a key`);
      }
      assert.deepEqual(await scheduleRow(), before, 'the schedule is unchanged');
      assert.equal(await countEvents(), eventsBefore, 'nothing was audited as a change');
    });

    test('the coordinator plans a meeting; a second at the same instant is 409, one in the past is 400', async () => {
      const planned = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-04-06T09:00:00+02:00' });
      assert.equal(planned.statusCode, 201, planned.body);
      const meeting = planned.json().data;
      assert.deepEqual(
        { ...meeting, id: undefined, createdAt: undefined },
        {
          id: undefined,
          createdAt: undefined,
          tableId,
          tableName: TABLE.name,
          startsAt: '2026-04-06T07:00:00.000Z',
          endsAt: '2026-04-06T09:00:00.000Z',
          timeZone: 'Europe/Brussels',
          kind: 'regular',
          status: 'planned',
          version: 1,
          calendarSequence: 0,
        },
        'the start is stored in UTC, the length is the schedule’s, the kind regular by default',
      );
      const event = await lastEvent(coordinator.id);
      assert.deepEqual(
        { action: event.action, type: event.resource_type, id: event.resource_id },
        { action: 'meeting.created', type: 'meeting', id: meeting.id },
        'planning is audited as meeting.created',
      );
      const count = await countMeetings();
      const twice = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-04-06T07:00:00Z' });
      assert.equal(twice.statusCode, 409, 'the same instant again is a conflict');
      const past = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-01-05T08:00:00Z' });
      assert.equal(past.statusCode, 400, 'a start in the past is refused');
      assert.equal(past.json().error.issues[0].path, 'startsAt', 'the issue names startsAt');
      assert.equal(await countMeetings(), count, 'neither planned a meeting');

      const proposals = await inject('GET', `/api/v1/tables/${tableId}/schedule/proposals?count=3`, coordinator.token);
      assert.deepEqual(
        proposals.json().data.map((proposal: { planned: boolean }) => proposal.planned),
        [false, false, true],
        'the proposal of 6 April now shows as planned',
      );
    });

    test('the coordinator, a key figure and the minute taker read a meeting, each read audited; outsiders get the missing id’s 404', async () => {
      const planned = await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, {
        startsAt: '2026-02-16T14:00:00Z',
        kind: 'interim',
        durationMinutes: 60,
      });
      const id = planned.json().data.id as string;
      for (const [who, user] of [
        ['coordinator', coordinator],
        ['key figure', keyFigure],
        ['minute taker', minuteTaker],
      ] as const) {
        const read = await inject('GET', `/api/v1/meetings/${id}`, user.token);
        assert.equal(read.statusCode, 200, `the ${who} reads the meeting`);
        assert.equal(read.json().data.kind, 'interim', `the ${who} sees the kind`);
        const event = await lastEvent(user.id);
        assert.deepEqual(
          { action: event.action, purpose: event.purpose, details: JSON.parse(event.details!) },
          { action: 'meeting.viewed', purpose: 'meeting', details: { part: 'api' } },
          `the ${who}'s read is audited`,
        );
      }
      const missing = await inject('GET', '/api/v1/meetings/00000000-0000-4000-8000-000000000000', outsider.token);
      assert.equal(missing.statusCode, 404, 'a missing id is 404');
      for (const [who, user] of [
        ['professional who does not sit at the table', outsider],
        ['coordinator of another network', otherCoordinator],
      ] as const) {
        for (const url of [`/api/v1/meetings/${id}`, `/api/v1/meetings/${id}/calendar.ics`]) {
          const response = await inject('GET', url, user.token);
          assert.equal(response.statusCode, 404, `the ${who}: ${url} is 404`);
          assert.equal(response.body, missing.body, `the ${who}: the body is the missing id's`);
        }
        const list = await inject('GET', `/api/v1/tables/${tableId}/meetings`, user.token);
        assert.equal(list.statusCode, 404, `the ${who} does not see the table's meetings`);
      }
      const list = await inject('GET', `/api/v1/tables/${tableId}/meetings`, minuteTaker.token);
      assert.deepEqual(
        list.json().data.map((meeting: { startsAt: string }) => meeting.startsAt),
        ['2026-02-16T14:00:00.000Z', '2026-04-06T07:00:00.000Z'],
        'the minute taker lists the coming meetings, soonest first',
      );
    });

    test('everyone but the coordinator is refused scheduling and planning: 403, audited, nothing changed', async () => {
      const schedule = await scheduleRow();
      const count = await countMeetings();
      for (const [who, user] of [
        ['key figure', keyFigure],
        ['minute taker', minuteTaker],
        ['outsider', outsider],
      ] as const) {
        for (const [method, url, payload, action] of [
          ['PUT', `/api/v1/tables/${tableId}/schedule`, { ...FIRST_MONDAY, localStartTime: '11:00' }, 'meetings.manageSchedule'],
          ['POST', `/api/v1/tables/${tableId}/meetings`, { startsAt: '2026-05-04T07:00:00Z' }, 'meetings.plan'],
          ['GET', `/api/v1/tables/${tableId}/schedule/proposals`, undefined, 'meetings.plan'],
        ] as const) {
          const response = await inject(method, url, user.token, payload);
          assert.equal(response.statusCode, 403, `the ${who}: ${method} ${url} is 403`);
          const denial = await lastEvent(user.id);
          assert.deepEqual(
            { action: denial.action, decision: denial.decision, details: JSON.parse(denial.details!) },
            { action: 'access.denied', decision: 'deny', details: { deniedAction: action } },
            `the ${who}: the denial is audited`,
          );
        }
      }
      assert.deepEqual(await scheduleRow(), schedule, 'the schedule is unchanged');
      assert.equal(await countMeetings(), count, 'no meeting was planned');
      const foreign = await inject('PUT', `/api/v1/tables/${tableId}/schedule`, otherCoordinator.token, FIRST_MONDAY);
      assert.equal(foreign.statusCode, 404, 'another network’s coordinator does not find the table');
    });

    test('calendar.ics parses with ical.js: table name and “meeting” as title, stable UID, TZID Europe/Brussels, right instants in winter and summer', async () => {
      const winter = (await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-03-02T08:00:00Z' })).json()
        .data;
      const summer = (await inject('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, { startsAt: '2026-10-05T07:00:00Z' })).json()
        .data;
      for (const [meeting, wall] of [
        [winter, '2026-03-02T09:00:00'],
        [summer, '2026-10-05T09:00:00'],
      ] as const) {
        const first = await app.inject({
          url: `/api/v1/meetings/${meeting.id}/calendar.ics`,
          headers: { ...bearer(keyFigure.token), 'accept-language': 'nl' },
        });
        assert.equal(first.statusCode, 200, first.body);
        assert.match(String(first.headers['content-type']), /^text\/calendar/, 'served as text/calendar');
        const calendar = new ICAL.Component(ICAL.parse(first.body));
        const event = calendar.getFirstSubcomponent('vevent')!;
        const vtimezone = calendar.getFirstSubcomponent('vtimezone');
        assert.equal(vtimezone?.getFirstPropertyValue('tzid'), 'Europe/Brussels', 'the file carries the VTIMEZONE of the TZID it uses (RFC 5545)');
        const startInZone = (event.getFirstPropertyValue('dtstart') as ICAL.Time).clone();
        startInZone.zone = new ICAL.Timezone(vtimezone!);
        assert.equal(
          new Date(startInZone.toUnixTime() * 1000).toISOString(),
          new Date(meeting.startsAt).toISOString(),
          'read with its VTIMEZONE, the start is the meeting’s instant',
        );
        assert.equal(event.getFirstPropertyValue('summary'), `${TABLE.name} – vergadering`, 'the title is the table’s name and “meeting”, in Dutch');
        assert.equal(event.getFirstPropertyValue('uid'), `${meeting.id}@partnertafel`, 'the UID is the meeting’s id');
        const start = event.getFirstProperty('dtstart')!;
        assert.equal(start.getParameter('tzid'), 'Europe/Brussels', 'the start carries the network’s TZID');
        assert.equal((start.getFirstValue() as ICAL.Time).toString(), wall, 'the start is 09:00 on the Brussels clock');
        assert.equal(
          (event.getFirstPropertyValue('dtend') as ICAL.Time).toString(),
          wall.replace('T09', 'T11'),
          'the end is two hours later on the same clock',
        );
        const again = await app.inject({ url: `/api/v1/meetings/${meeting.id}/calendar.ics`, headers: bearer(coordinator.token) });
        const uidAgain = new ICAL.Component(ICAL.parse(again.body)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid');
        assert.equal(uidAgain, `${meeting.id}@partnertafel`, 'the UID is the same on every download');
        assert.doesNotMatch(first.body, /Oeverkant bespreken|art_458ter/, 'no purpose or other table content in the file');
      }
      const event = await lastEvent(keyFigure.id);
      assert.deepEqual(JSON.parse(event.details!), { part: 'calendar' }, 'the download is audited as a read of the meeting');
    });
  });
}
