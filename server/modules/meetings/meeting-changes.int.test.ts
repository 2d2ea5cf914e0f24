import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer } from '../../platform/mailer.ts';
import { auditEvents } from '../../test/audit-events.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { startTestSmtpServer, type ReceivedMail } from '../../test/smtp.ts';
import { createJobRunner } from '../jobs/index.ts';
import { registerMeetingCancellationJobHandler } from './send-meeting-cancellations.ts';
import { registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';

/*
 * Moving and cancelling a planned meeting through the API (coordinator only; 404 for who does not
 * see it, 403 audited for a member, 409 once it is no longer planned or on a stale If-Match, 400 on
 * bad input — nothing changed in each case), and the mails over a real SMTP connection: the moved
 * invitation (METHOD:REQUEST, same UID, SEQUENCE + 1, Brussels wall clock) and the cancellation
 * (METHOD:CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED) to everyone invited.
 */

const FROM = 'Partnertafel <no-reply@rivierstede.example>';
const TABLE = {
  name: 'Casusoverleg Jongeren Havenwijk',
  audience: 'minors',
  purpose: 'Fictief doel: zorgen over jongeren in de Havenwijk samen bespreken.',
  legalFramework: 'art_458ter',
};

function calendarOf(mail: ReceivedMail): ICAL.Component {
  const match = /Content-Type: text\/calendar[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(mail.raw);
  assert.ok(match, 'the mail has a text/calendar part');
  return new ICAL.Component(ICAL.parse(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').toString('utf8')));
}

for (const target of databaseTargets()) {
  describe(`moving and cancelling a meeting on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;
    let tenant: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let keyFigure: Awaited<ReturnType<typeof seedUser>>;
    let minuteTaker: Awaited<ReturnType<typeof seedUser>>;
    let outsider: Awaited<ReturnType<typeof seedUser>>;
    let otherCoordinator: Awaited<ReturnType<typeof seedUser>>;
    let meetingId: string;

    const db = () => env.database.handle.db;
    const meetingRow = () =>
      db().selectFrom('meetings').selectAll().where('tenant_id', '=', tenant.tenantId).where('id', '=', meetingId).executeTakeFirstOrThrow();
    const lastEvent = async (userId: string) =>
      auditEvents(db(), { latestFirst: true })
        .select(['action', 'decision', 'details'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('actor_user_id', '=', userId)
        .executeTakeFirstOrThrow();
    const runJobs = () => createJobRunner(ctx, { pollMs: 1000 }).runDue();
    const mailsFor = (kind: 'invitation' | 'cancellation') =>
      smtp.messages.filter((mail) => new RegExp(`Message-ID:\\s+<${kind}\\.${meetingId}\\.`, 'i').test(mail.raw));

    before(async () => {
      registerMeetingInvitationJobHandler();
      registerMeetingCancellationJobHandler();
      env = await createTestEnvironment(target);
      smtp = await startTestSmtpServer();
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer: createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: FROM }),
      });
      app = await createTestApp(ctx);
      tenant = await seedTenant(ctx);
      coordinator = await seedUser(ctx, tenant, ['coordinator']);
      keyFigure = await seedUser(ctx, tenant, ['professional']);
      minuteTaker = await seedUser(ctx, tenant, ['minute_taker']);
      outsider = await seedUser(ctx, tenant, ['professional']);
      otherCoordinator = await seedUser(ctx, await seedTenant(ctx), ['coordinator']);
      const created = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: bearer(coordinator.token), payload: TABLE });
      assert.equal(created.statusCode, 201, `the table is created: ${created.body}`);
      const tableId = created.json().data.id as string;
      for (const [user, role] of [
        [keyFigure, 'key_figure'],
        [minuteTaker, 'minute_taker'],
      ] as const) {
        const seated = await app.inject({
          method: 'POST',
          url: `/api/v1/tables/${tableId}/members`,
          headers: bearer(coordinator.token),
          payload: { userId: user.id, role },
        });
        assert.equal(seated.statusCode, 201, `the ${role} is seated: ${seated.body}`);
      }
      const planned = await app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/meetings`,
        headers: bearer(coordinator.token),
        payload: { startsAt: '2026-02-02T08:00:00Z', durationMinutes: 120 },
      });
      assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
      meetingId = planned.json().data.id;
      assert.ok((await runJobs()) >= 1, 'the first invitations go');
      await smtp.waitFor(2);
    });
    after(async () => {
      await smtp.close();
      await app.close();
      await env.dispose();
    });

    test('who may not move or cancel: 404 for who does not see the meeting, 403 audited for a member; nothing changed', async () => {
      const before = await meetingRow();
      for (const [who, user, status] of [
        ['outsider', outsider, 404],
        ['other network’s coordinator', otherCoordinator, 404],
        ['key figure', keyFigure, 403],
        ['minute taker', minuteTaker, 403],
      ] as const) {
        const moved = await app.inject({
          method: 'PATCH',
          url: `/api/v1/meetings/${meetingId}`,
          headers: { ...bearer(user.token), 'if-match': '"1"' },
          payload: { startsAt: '2026-02-03T08:00:00Z' },
        });
        assert.equal(moved.statusCode, status, `the ${who}: PATCH is ${status}`);
        const cancelled = await app.inject({ method: 'POST', url: `/api/v1/meetings/${meetingId}/cancel`, headers: bearer(user.token), payload: {} });
        assert.equal(cancelled.statusCode, status, `the ${who}: cancel is ${status}`);
        if (status === 404) {
          const missing = await app.inject({
            method: 'POST',
            url: `/api/v1/meetings/00000000-0000-0000-0000-000000000000/cancel`,
            headers: bearer(user.token),
            payload: {},
          });
          assert.equal(cancelled.body, missing.body, `the ${who}: the answer is byte-identical with a missing id`);
        } else {
          const denial = await lastEvent(user.id);
          assert.deepEqual(
            { action: denial.action, decision: denial.decision, details: JSON.parse(denial.details!) },
            { action: 'access.denied', decision: 'deny', details: { deniedAction: 'meetings.change' } },
            `the ${who}: the denial is audited`,
          );
        }
      }
      assert.deepEqual(await meetingRow(), before, 'the meeting is unchanged');
    });

    test('bad input: 400 without If-Match, on a bad start, an end before the start or a past start; 409 on a stale version; nothing changed', async () => {
      const before = await meetingRow();
      const patch = (headers: Record<string, string>, payload: unknown) =>
        app.inject({
          method: 'PATCH',
          url: `/api/v1/meetings/${meetingId}`,
          headers: { ...bearer(coordinator.token), ...headers },
          payload: payload as Record<string, unknown>,
        });
      const noIfMatch = await patch({}, { startsAt: '2026-02-03T08:00:00Z' });
      assert.equal(noIfMatch.statusCode, 400, 'without If-Match: 400');
      for (const [what, payload, path] of [
        ['a malformed start', { startsAt: 'tomorrow' }, 'startsAt'],
        ['an end before the start', { startsAt: '2026-02-03T08:00:00Z', endsAt: '2026-02-03T07:00:00Z' }, 'endsAt'],
        ['a start in the past', { startsAt: '2025-12-01T08:00:00Z' }, 'startsAt'],
        ['an unknown field', { startsAt: '2026-02-03T08:00:00Z', room: 'A' }, null],
      ] as const) {
        const response = await patch({ 'if-match': '"1"' }, payload);
        assert.equal(response.statusCode, 400, `${what}: 400`);
        assert.equal(response.json().error.code, 'validation_failed', `${what}: validation_failed`);
        if (path) assert.ok(JSON.stringify(response.json().error).includes(path), `${what}: the issue names ${path}`);
      }
      const stale = await patch({ 'if-match': '"7"' }, { startsAt: '2026-02-03T08:00:00Z' });
      assert.equal(stale.statusCode, 409, 'a stale If-Match: 409');
      const badReason = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meetingId}/cancel`,
        headers: bearer(coordinator.token),
        payload: { reason: 'the case of Noor' },
      });
      assert.equal(badReason.statusCode, 400, 'a free-text reason is refused: 400');
      assert.deepEqual(await meetingRow(), before, 'the meeting is unchanged');
    });

    test('the coordinator moves the meeting: version 2, audited, and every member gets a REQUEST with SEQUENCE 1 and the same UID in Brussels time', async () => {
      const moved = await app.inject({
        method: 'PATCH',
        url: `/api/v1/meetings/${meetingId}`,
        headers: { ...bearer(coordinator.token), 'if-match': '"1"' },
        payload: { startsAt: '2026-02-03T13:00:00Z' },
      });
      assert.equal(moved.statusCode, 200, `the move is accepted: ${moved.body}`);
      assert.equal(moved.headers.etag, '"2"', 'the answer names the new version');
      assert.deepEqual(
        {
          startsAt: moved.json().data.startsAt,
          endsAt: moved.json().data.endsAt,
          version: moved.json().data.version,
          calendarSequence: moved.json().data.calendarSequence,
        },
        { startsAt: '2026-02-03T13:00:00.000Z', endsAt: '2026-02-03T15:00:00.000Z', version: 2, calendarSequence: 1 },
        'the meeting keeps its two hours',
      );
      const event = await lastEvent(coordinator.id);
      assert.deepEqual(
        { action: event.action, details: JSON.parse(event.details!) },
        { action: 'meeting.rescheduled', details: { version: 2 } },
        'the move is audited',
      );
      assert.ok((await runJobs()) >= 1, 'the moved invitations go');
      await smtp.waitFor(4);
      const invitations = mailsFor('invitation').filter(
        (mail) => Number(calendarOf(mail).getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')) === 1,
      );
      assert.deepEqual(
        invitations.map((mail) => mail.to[0]).sort(),
        [keyFigure.email, minuteTaker.email].sort(),
        'both members get the moved invitation',
      );
      for (const mail of invitations) {
        const calendar = calendarOf(mail);
        const event = calendar.getFirstSubcomponent('vevent')!;
        assert.equal(calendar.getFirstPropertyValue('method'), 'REQUEST', 'METHOD:REQUEST');
        assert.equal(event.getFirstPropertyValue('uid'), `${meetingId}@partnertafel`, 'the same UID');
        const start = event.getFirstProperty('dtstart')!;
        assert.equal(start.getParameter('tzid'), 'Europe/Brussels', 'DTSTART in the network’s zone');
        assert.equal(String(start.getFirstValue()).slice(0, 19), '2026-02-03T14:00:00', '13:00 UTC is 14:00 in Brussels in winter');
      }
    });

    test('the coordinator cancels: status cancelled, audited, METHOD:CANCEL with a higher SEQUENCE to everyone invited; a second cancel or move is 409', async () => {
      const cancelled = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meetingId}/cancel`,
        headers: bearer(coordinator.token),
        payload: { reason: 'no_cases' },
      });
      assert.equal(cancelled.statusCode, 200, `the cancellation is accepted: ${cancelled.body}`);
      assert.equal(cancelled.json().data.status, 'cancelled', 'the meeting is cancelled');
      const row = await meetingRow();
      assert.deepEqual(
        { by: row.cancelled_by, at: typeof row.cancelled_at, reason: row.cancel_reason, version: Number(row.version) },
        { by: coordinator.id, at: 'string', reason: 'no_cases', version: 3 },
        'who, when, why and the new version are recorded',
      );
      const event = await lastEvent(coordinator.id);
      assert.deepEqual(
        { action: event.action, details: JSON.parse(event.details!) },
        { action: 'meeting.cancelled', details: { version: 3, reason: 'no_cases' } },
        'the cancellation is audited',
      );
      assert.ok((await runJobs()) >= 1, 'the cancellations go');
      await smtp.waitFor(6);
      const cancellations = mailsFor('cancellation');
      assert.deepEqual(
        cancellations.map((mail) => mail.to[0]).sort(),
        [keyFigure.email, minuteTaker.email].sort(),
        'everyone invited gets one cancellation',
      );
      for (const mail of cancellations) {
        const calendar = calendarOf(mail);
        const vevent = calendar.getFirstSubcomponent('vevent')!;
        assert.equal(calendar.getFirstPropertyValue('method'), 'CANCEL', 'METHOD:CANCEL');
        assert.equal(vevent.getFirstPropertyValue('uid'), `${meetingId}@partnertafel`, 'the same UID');
        assert.equal(vevent.getFirstPropertyValue('sequence'), 2, 'SEQUENCE above the moved invitation’s 1');
        assert.equal(vevent.getFirstPropertyValue('status'), 'CANCELLED', 'STATUS:CANCELLED');
      }
      await runJobs();
      assert.equal(mailsFor('cancellation').length, 2, 'a second run sends no cancellation again');
      const ics = await app.inject({ method: 'GET', url: `/api/v1/meetings/${meetingId}/calendar.ics`, headers: bearer(keyFigure.token) });
      assert.match(ics.body, /STATUS:CANCELLED/, 'the meeting’s calendar.ics shows it cancelled');
      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meetingId}/cancel`,
        headers: bearer(coordinator.token),
        payload: {},
      });
      assert.equal(again.statusCode, 409, 'a cancelled meeting is not cancelled again');
      const move = await app.inject({
        method: 'PATCH',
        url: `/api/v1/meetings/${meetingId}`,
        headers: { ...bearer(coordinator.token), 'if-match': '"3"' },
        payload: { startsAt: '2026-02-04T08:00:00Z' },
      });
      assert.equal(move.statusCode, 409, 'a cancelled meeting is not moved');
    });

    test('starting and closing a meeting are no change of the appointment: its calendar SEQUENCE stays, the version goes on', async () => {
      const tableId = (await meetingRow()).table_id;
      const planned = await app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/meetings`,
        headers: bearer(coordinator.token),
        payload: { startsAt: '2026-03-02T08:00:00Z', durationMinutes: 120 },
      });
      assert.equal(planned.statusCode, 201, `a second meeting is planned: ${planned.body}`);
      const id = planned.json().data.id as string;
      assert.equal(planned.json().data.calendarSequence, 0, 'a new meeting starts at SEQUENCE 0');
      const calendarSequence = async () => {
        const ics = await app.inject({ method: 'GET', url: `/api/v1/meetings/${id}/calendar.ics`, headers: bearer(keyFigure.token) });
        assert.equal(ics.statusCode, 200, `the member reads the meeting's calendar.ics: ${ics.body}`);
        return new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence');
      };
      assert.equal(await calendarSequence(), 0, 'calendar.ics of the planned meeting: SEQUENCE 0');
      const started = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${id}/start`,
        headers: { ...bearer(coordinator.token), 'if-match': '"1"' },
      });
      assert.equal(started.statusCode, 200, `the meeting starts: ${started.body}`);
      const closed = await app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${id}/close`,
        headers: { ...bearer(coordinator.token), 'if-match': '"2"' },
      });
      assert.equal(closed.statusCode, 200, `the meeting closes: ${closed.body}`);
      assert.deepEqual(
        { version: closed.json().data.version, calendarSequence: closed.json().data.calendarSequence },
        { version: 3, calendarSequence: 0 },
        'start and close move the version (If-Match) but not the calendar SEQUENCE',
      );
      assert.equal(await calendarSequence(), 0, 'calendar.ics after start and close: still SEQUENCE 0');
    });
  });
}
