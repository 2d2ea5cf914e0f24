import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer } from '../../platform/mailer.ts';
import { addWorldItem, seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, seedUser, type TestEnvironment } from '../../test/harness.ts';
import { startTestSmtpServer, type ReceivedMail } from '../../test/smtp.ts';
import { createJobRunner } from '../jobs/index.ts';
import { attestMeeting, buildMeetingAgenda, closeMeeting, planMeeting, startMeeting } from '../meetings/index.ts';
import { createAgreement } from './create-agreement.ts';
import { createObjective } from './create-objective.ts';
import { registerPlanJobHandlers } from './remind-overdue-agreement.ts';
import { sendActionPoints } from './send-action-points.ts';

/*
 * Each organisation's own action points after a closed meeting, over a real SMTP connection (a local
 * test server). The meeting is closed by a test-only fixture (closing is built elsewhere). Each
 * professional of a responsible organisation who sees the case gets one mail: the body holds the
 * count, pseudonyms and due dates only; the PDF adds the organisation's own agreement texts. No
 * other organisation's agreement, no case item (a canary), no name; a retried job sends nothing.
 */

const FROM = 'Partnertafel <no-reply@rivierstede.example>';
const CANARY = 'ACTIONPOINTS-ITEM-CANARY-7f3e';

/** The decoded PDF attachment of a mail (nodemailer writes it base64). */
function pdfOf(mail: ReceivedMail): Buffer {
  const match = /Content-Type: application\/pdf[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(mail.raw);
  assert.ok(match, 'the mail has an application/pdf part');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

/** The mail's text part, quoted-printable decoded. */
function textOf(mail: ReceivedMail): string {
  const match = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/.exec(mail.raw);
  assert.ok(match, 'the mail has a text part');
  const bytes = match[1]!.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

for (const target of databaseTargets()) {
  describe(`action points after a closed meeting on ${target.kind}`, () => {
    let env: TestEnvironment;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;
    let world: CaseWorld;
    let policeColleague: Awaited<ReturnType<typeof seedUser>>;
    let meetingId: string;
    let meetingVersion: number;
    /** The action point mails among everything the SMTP server received (invitations, notifications). */
    const actionMails = () => smtp.messages.filter((mail) => /Message-ID:\s+<action-points\./i.test(mail.raw));
    const texts = {
      police1: 'Fictief: huisbezoek door de wijkagent plannen.',
      police2: 'Fictief: contact met de jeugdinspecteur opnemen.',
      policeDone: 'Fictief: reeds afgeronde afspraak van de politie.',
      welfare: 'Fictief: budgetbegeleiding van het gezin bekijken.',
      youthCare: 'Fictief: een intake bij de jeugdhulp vastleggen.',
      otherCase: 'Fictief: afspraak op een casus die niet geagendeerd is.',
    };

    before(async () => {
      registerPlanJobHandlers();
      env = await createTestEnvironment(target);
      smtp = await startTestSmtpServer();
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer: createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: FROM }),
      });
      world = await seedCaseWorld(ctx);
      // A police professional who does not see case A (no seat, no role on it): gets nothing.
      policeColleague = await seedUser(ctx, world.tenant, ['professional'], { organisationId: world.organisations.police });
      const coordinator = world.users.coordinator.actor;
      await addWorldItem(ctx, world, { body: `Fictief verslag ${CANARY}`, audience: 'table', legalBasis: 'art_458ter' });
      const { id: objectiveA } = await createObjective({ caseId: world.caseA.id, input: { title: 'Fictieve doelstelling A' } }, coordinator, ctx);
      const { id: objectiveB } = await createObjective({ caseId: world.caseB.id, input: { title: 'Fictieve doelstelling B' } }, coordinator, ctx);
      const agree = async (caseId: string, objectiveId: string, organisationId: string, description: string, dueDate: string) =>
        (await createAgreement({ caseId, input: { objectiveId, organisationId, description, dueDate } }, coordinator, ctx)).id;
      await agree(world.caseA.id, objectiveA, world.organisations.police, texts.police1, '2026-02-01');
      await agree(world.caseA.id, objectiveA, world.organisations.police, texts.police2, '2026-03-15');
      const done = await agree(world.caseA.id, objectiveA, world.organisations.police, texts.policeDone, '2026-02-10');
      await ctx.db
        .updateTable('plan_agreements')
        .set({ status: 'done' })
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('id', '=', done)
        .execute();
      await agree(world.caseA.id, objectiveA, world.organisations.welfare, texts.welfare, '2026-02-20');
      await agree(world.caseA.id, objectiveA, world.organisations.youthCare, texts.youthCare, '2026-02-05');
      await agree(world.caseB.id, objectiveB, world.organisations.community, texts.otherCase, '2026-02-07');
      const meeting = await planMeeting(
        { tableId: world.tables.minors, input: { startsAt: '2026-01-12T14:00:00Z', kind: 'regular' } },
        coordinator,
        ctx,
      );
      meetingId = meeting.id;
      meetingVersion = meeting.version;
      // The coordinator confirms the statement and builds the agenda, as before the table: case A
      // (open agreements) is on it.
      await attestMeeting({ meetingId }, coordinator, ctx);
      const agenda = await buildMeetingAgenda({ meetingId }, coordinator, ctx);
      assert.deepEqual(
        agenda.items.map((item) => item.caseId),
        [world.caseA.id],
        'the built agenda holds case A only (case B sits at another table)',
      );
    });
    after(async () => {
      await smtp.close();
      await env.dispose();
    });

    test('a meeting that is not closed sends no action points', async () => {
      await sendActionPoints(ctx, { meetingId }, { tenantId: world.tenant.tenantId });
      assert.equal(actionMails().length, 0, 'no action point mail while the meeting is only planned');
      const rows = await ctx.db.selectFrom('plan_action_point_mails').selectAll().where('tenant_id', '=', world.tenant.tenantId).execute();
      assert.equal(rows.length, 0, 'nothing is recorded as sent');
    });

    test('after closing, the job mails each organisation’s professionals who see the case their own action points only', async () => {
      // Starting and closing the meeting (the use cases themselves): closing schedules the action points job.
      const started = await startMeeting({ meetingId, expectedVersion: meetingVersion }, world.users.coordinator.actor, ctx);
      await closeMeeting({ meetingId, expectedVersion: started.version }, world.users.coordinator.actor, ctx);
      const earlier = smtp.messages.length;
      assert.ok((await createJobRunner(ctx, { pollMs: 1000 }).runDue()) >= 1, 'the action points job runs (with the meeting’s invitations)');
      await smtp.waitFor(earlier + 3);
      const byRecipient = new Map(actionMails().map((mail) => [mail.to[0]!, mail]));
      assert.deepEqual(
        [...byRecipient.keys()].sort(),
        [world.users.keyFigureThisTable.email, world.users.guestThisCase.email, world.users.caseOwnerMember.email].sort(),
        'police (key figure), welfare (guest) and youth care (case owner) get one mail each; not the police colleague who does not see the case, not the coordinator, not the organisation of case B',
      );
      assert.equal(actionMails().length, 3, 'exactly one mail per recipient');
      assert.ok(!byRecipient.has(policeColleague.email), 'the police colleague without a role on the case gets no mail');

      const everyText = [...Object.values(texts), CANARY, 'Noor', 'Verhaegen', 'withdrawal from school'];
      for (const mail of actionMails()) {
        const body = textOf(mail);
        assert.match(body, new RegExp(world.caseA.reference), 'the body names the case by its pseudonym');
        assert.match(body, /\/agreements/, 'the body links to “our agreements”');
        for (const secret of everyText) assert.ok(!mail.raw.includes(secret) && !body.includes(secret), `the mail body holds no "${secret}"`);
      }

      const police = byRecipient.get(world.users.keyFigureThisTable.email)!;
      assert.match(textOf(police), /\b2\b/, 'the police mail counts two action points');
      const policePdf = await pdfText(pdfOf(police));
      assert.match(policePdf, new RegExp(world.caseA.reference), 'the police PDF holds the case pseudonym');
      assert.ok(policePdf.includes(texts.police1) && policePdf.includes(texts.police2), 'the police PDF lists both open police agreements');
      for (const other of [texts.policeDone, texts.welfare, texts.youthCare, texts.otherCase, CANARY, 'Noor', 'Verhaegen'])
        assert.ok(!policePdf.includes(other), `the police PDF holds no "${other}"`);

      const welfarePdf = await pdfText(pdfOf(byRecipient.get(world.users.guestThisCase.email)!));
      assert.ok(welfarePdf.includes(texts.welfare), 'the welfare PDF lists its own agreement');
      for (const other of [texts.police1, texts.police2, texts.youthCare, CANARY])
        assert.ok(!welfarePdf.includes(other), `the welfare PDF holds no "${other}"`);

      const audit = await ctx.db
        .selectFrom('audit_events')
        .select(['action', 'details', 'resource_type'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', 'plan.action_points_sent')
        .execute();
      const details = audit.map((event) => JSON.parse(String(event.details)) as Record<string, unknown>);
      assert.deepEqual(
        details.map((detail) => `${String(detail.organisationId)}:${String(detail.count)}`).sort(),
        [`${world.organisations.police}:2`, `${world.organisations.welfare}:1`, `${world.organisations.youthCare}:1`].sort(),
        'one audit event per organisation with its count',
      );
      for (const detail of details) {
        assert.equal(detail.meetingId, meetingId, 'the event names the meeting');
        assert.deepEqual(
          Object.keys(detail).sort(),
          ['count', 'meetingId', 'organisationId', 'recipients'],
          'the event holds ids and counts, never text',
        );
      }
    });

    test('a retried job sends nothing twice', async () => {
      const before = actionMails().length;
      await sendActionPoints(ctx, { meetingId }, { tenantId: world.tenant.tenantId });
      await sendActionPoints(ctx, { meetingId }, { tenantId: world.tenant.tenantId });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(actionMails().length, before, 'no second mail after a retry');
      const rows = await ctx.db
        .selectFrom('plan_action_point_mails')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('meeting_id', '=', meetingId)
        .execute();
      assert.equal(rows.length, 3, 'one record per organisation');
      const events = await ctx.db
        .selectFrom('audit_events')
        .select('id')
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', 'plan.action_points_sent')
        .execute();
      assert.equal(events.length, 3, 'no second audit event');
    });
  });
}
