import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer, type Mailer } from '../../platform/mailer.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  secondNode,
  seedTenant,
  seedUser,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { startTestSmtpServer, type ReceivedMail } from '../../test/smtp.ts';
import { createJobRunner, jobsOfTenant } from '../jobs/index.ts';
import { planMeeting } from './plan-meeting.ts';
import { MEETING_INVITATIONS_JOB, registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';

/*
 * Invitations over a real SMTP connection (a local test server): planning a meeting schedules one
 * job; running it mails every member of the table once, in their language, with an iCalendar
 * REQUEST that a library parses (the meeting's UID and SEQUENCE, the network's TZID and VTIMEZONE,
 * the table's name and "meeting" only). A failure mid-way and a second node send only what is
 * missing; a restarted runner sends nothing again.
 */

const SECOND = 1000;
const TABLE = {
  name: 'Casusoverleg Jongeren Meerzicht',
  audience: 'minors',
  purpose: 'Fictief doel: zorgen over jongeren in de wijk Meerzicht samen bespreken.',
  legalFramework: 'art_458ter',
};
const FROM = 'Partnertafel <no-reply@rivierstede.example>';

type Seeded = Awaited<ReturnType<typeof seedUser>>;

/** The decoded iCalendar attachment of a mail (nodemailer writes it base64). */
function calendarOf(mail: ReceivedMail): string {
  const match = /Content-Type: text\/calendar[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(mail.raw);
  assert.ok(match, 'the mail has a text/calendar part');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** The mail's text part, quoted-printable decoded. */
function textOf(mail: ReceivedMail): string {
  const match = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/.exec(mail.raw);
  assert.ok(match, 'the mail has a text part');
  const bytes = match[1]!.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

const uidOf = (mail: ReceivedMail): string =>
  String(new ICAL.Component(ICAL.parse(calendarOf(mail))).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'));

for (const target of databaseTargets()) {
  describe(`meeting invitations over SMTP on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;
    let tenant: SeededTenant;
    let coordinator: Seeded;
    let keyFigure: Seeded;
    let minuteTaker: Seeded;
    let disabledMember: Seeded;
    let outsider: Seeded;
    let tableId: string;

    const db = () => env.database.handle.db;
    const contextWith = (mailer: Mailer): AppContext =>
      contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer,
      });
    const inDays = (days: number) => new Date(env.clock.now().getTime() + days * 86_400 * SECOND).toISOString();
    const mailsFor = (meetingId: string) => smtp.messages.filter((mail) => uidOf(mail) === `${meetingId}@partnertafel`);

    before(async () => {
      registerMeetingInvitationJobHandler();
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      smtp = await startTestSmtpServer();
      ctx = contextWith(createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: FROM }));
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      keyFigure = await seedUser(env.ctx, tenant, ['professional']);
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      disabledMember = await seedUser(env.ctx, tenant, ['professional']);
      outsider = await seedUser(env.ctx, tenant, ['professional']);
      const created = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: bearer(coordinator.token), payload: TABLE });
      assert.equal(created.statusCode, 201, `the table is created: ${created.body}`);
      tableId = created.json().data.id;
      for (const [user, role] of [
        [keyFigure, 'key_figure'],
        [minuteTaker, 'minute_taker'],
        [disabledMember, 'key_figure'],
      ] as const) {
        const seated = await app.inject({
          method: 'POST',
          url: `/api/v1/tables/${tableId}/members`,
          headers: bearer(coordinator.token),
          payload: { userId: user.id, role },
        });
        assert.equal(seated.statusCode, 201, `the ${role} is seated: ${seated.body}`);
      }
      await db().updateTable('users').set({ locale: 'fr' }).where('id', '=', keyFigure.id).execute();
      await db().updateTable('users').set({ locale: 'nl' }).where('id', '=', minuteTaker.id).execute();
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', disabledMember.id).execute();
    });
    after(async () => {
      await smtp.close();
      await app.close();
      await env.dispose();
    });

    test('planning a meeting schedules one invitation job; the runner mails each active member once, in their language, with a parseable REQUEST', async () => {
      const meeting = await planMeeting({ tableId, input: { startsAt: inDays(7), kind: 'regular' } }, coordinator.actor, ctx);
      const jobs = (await jobsOfTenant(ctx.db, tenant.tenantId)).filter((job) => job.kind === MEETING_INVITATIONS_JOB);
      assert.equal(jobs.length, 1, 'planning scheduled one invitation job');
      assert.equal(jobs[0]!.dedupe_key, `${meeting.id}:1`, 'the job is deduplicated by meeting and version');
      assert.deepEqual(JSON.parse(jobs[0]!.payload), { meetingId: meeting.id, version: 1 }, 'the job carries ids only');

      assert.equal(await createJobRunner(ctx, { pollMs: SECOND }).runDue(), 1, 'the invitation job runs');
      await smtp.waitFor(2);
      const mails = mailsFor(meeting.id);
      assert.deepEqual(
        mails.map((mail) => mail.to[0]).sort(),
        [keyFigure.email, minuteTaker.email].sort(),
        'the key figure and the minute taker get one invitation each; not the disabled member, the outsider or the coordinator (not seated)',
      );
      for (const person of [outsider, disabledMember, coordinator])
        assert.ok(!smtp.messages.some((mail) => mail.to.includes(person.email)), `${person.email} gets no invitation`);

      const french = mails.find((mail) => mail.to.includes(keyFigure.email))!;
      const dutch = mails.find((mail) => mail.to.includes(minuteTaker.email))!;
      assert.match(french.raw, /^Subject: .*Invitation/m, 'the French-speaking key figure gets a French subject');
      assert.match(dutch.raw, /^Subject: .*Uitnodiging/m, 'the Dutch-speaking minute taker gets a Dutch subject');
      assert.ok(textOf(dutch).includes(`/meetings/${meeting.id}`), 'the mail links to the meeting’s page');

      for (const [mail, word] of [
        [french, 'réunion'],
        [dutch, 'vergadering'],
      ] as const) {
        const ics = calendarOf(mail);
        const calendar = new ICAL.Component(ICAL.parse(ics));
        assert.equal(calendar.getFirstPropertyValue('method'), 'REQUEST', 'the attachment is an iTIP REQUEST');
        const vtimezone = calendar.getFirstSubcomponent('vtimezone');
        assert.equal(vtimezone?.getFirstPropertyValue('tzid'), 'Europe/Brussels', 'the file carries the VTIMEZONE of the network’s zone');
        const events = calendar.getAllSubcomponents('vevent');
        assert.equal(events.length, 1, 'one event per invitation');
        const event = events[0]!;
        assert.equal(event.getFirstPropertyValue('uid'), `${meeting.id}@partnertafel`, 'the UID is that of the meeting’s calendar.ics');
        assert.equal(event.getFirstPropertyValue('sequence'), 0, 'the SEQUENCE is that of the meeting’s calendar.ics (version 1 → 0)');
        assert.equal(event.getFirstProperty('dtstart')!.getParameter('tzid'), 'Europe/Brussels', 'the start carries the network’s TZID');
        const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).clone();
        start.zone = new ICAL.Timezone(vtimezone!);
        assert.equal(start.toJSDate().toISOString(), meeting.startsAt, 'the start read through the VTIMEZONE is the planned instant');
        assert.equal(
          event.getFirstPropertyValue('summary'),
          `${TABLE.name} – ${word}`,
          'the title is the table’s name and “meeting” in the reader’s language',
        );
        assert.equal(event.getFirstPropertyValue('description'), null, 'the event has no description');
        assert.equal(
          String(event.getFirstPropertyValue('organizer')).toLowerCase(),
          `mailto:${/<([^>]+)>/.exec(ctx.config.mailFrom)![1]}`.toLowerCase(),
          'the organiser is the installation’s sender address (MAIL_FROM)',
        );
        assert.equal(
          String(event.getFirstPropertyValue('attendee')).toLowerCase(),
          `mailto:${mail.to[0]}`.toLowerCase(),
          'the one attendee is the recipient',
        );
        assert.ok(!ics.includes(TABLE.purpose) && !mail.raw.includes(TABLE.purpose), 'neither the file nor the mail holds the table’s purpose');
      }
      const recorded = await db().selectFrom('meeting_invitations').select('user_id').where('meeting_id', '=', meeting.id).execute();
      assert.equal(recorded.length, 2, 'each sent invitation is recorded once');
      const audit = await db()
        .selectFrom('audit_events')
        .select(['details', 'actor_user_id'])
        .where('action', '=', 'meeting.invitations_sent')
        .where('resource_id', '=', meeting.id)
        .execute();
      assert.equal(audit.length, 1, 'sending is audited once');
      assert.deepEqual(JSON.parse(audit[0]!.details!), { recipients: 2, sequence: 0 }, 'the audit counts recipients, names nobody');
    });

    test('a failure after the first mail and a second node: every member gets the invitation exactly once; a restarted runner sends nothing more', async () => {
      const before = smtp.messages.length;
      const meeting = await planMeeting({ tableId, input: { startsAt: inDays(35), kind: 'interim' } }, coordinator.actor, ctx);
      const real = createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: FROM });
      let sends = 0;
      const failing: Mailer = {
        destination: 'flaky',
        async send(mail) {
          sends += 1;
          if (sends > 1) throw new Error('connection lost');
          await real.send(mail);
        },
      };
      assert.equal(await createJobRunner(contextWith(failing), { pollMs: SECOND, owner: 'node-a' }).runDue(), 1, 'node A tries the job');
      await smtp.waitFor(before + 1);
      assert.equal(mailsFor(meeting.id).length, 1, 'node A sent one invitation before the failure');

      env.clock.advance(31 * SECOND);
      const node = secondNode(env);
      try {
        const nodeB = contextFromHandle(node.ctx.handle, {
          config: env.ctx.config,
          masterKey: env.ctx.masterKey,
          clock: env.clock,
          logger: createLogger('silent'),
          mailer: real,
        });
        assert.equal(await createJobRunner(nodeB, { pollMs: SECOND, owner: 'node-b' }).runDue(), 1, 'node B retries the job after the backoff');
        await smtp.waitFor(before + 2);
        env.clock.advance(3600 * SECOND);
        assert.equal(
          await createJobRunner(nodeB, { pollMs: SECOND, owner: 'node-b-restarted' }).runDue(),
          0,
          'a restarted runner finds nothing to do',
        );
      } finally {
        await node.close();
      }
      assert.equal(
        await createJobRunner(ctx, { pollMs: SECOND, owner: 'node-a-restarted' }).runDue(),
        0,
        'node A after a restart finds nothing either',
      );
      const mails = mailsFor(meeting.id);
      assert.deepEqual(
        mails.map((mail) => mail.to[0]).sort(),
        [keyFigure.email, minuteTaker.email].sort(),
        'each member got exactly one invitation of the meeting',
      );
      const job = (await jobsOfTenant(ctx.db, tenant.tenantId)).find((row) => row.dedupe_key === `${meeting.id}:1`);
      assert.equal(job?.status, 'done', 'the job is done');
      assert.equal(job?.attempts, 2, 'it took two tries');
    });
  });
}
