import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer } from '../../platform/mailer.ts';
import { seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { startTestSmtpServer, type ReceivedMail } from '../../test/smtp.ts';
import { translator } from '../../ui/i18n.ts';
import { createJobRunner, jobsOfTenant } from '../jobs/index.ts';
import { INVENTORY_LEAD_DAYS, MEETING_INVENTORY_JOB, planMeeting, requestMeetingInventory, rescheduleMeeting } from '../meetings/index.ts';
import { plansHomePanels } from './home-panels.ts';
import { auditEvents } from '../../test/audit-events.ts';

/*
 * Issue 12, the pre-meeting inventory and the PDCA evaluations, on both databases. Case A (minors
 * table) is owned by youth care and referred by education; the police have an open agreement on it,
 * welfare a done one. Planning a meeting schedules the inventory job; it asks youth care, education
 * and the police (not welfare, not an organisation without a case on the agenda), once, and mails
 * their seated users over real SMTP with a link and no case content.
 */

const DAY = 86_400_000;
const MISSING = '00000000-0000-4000-8000-000000000000';
const POLICE_TASK = 'Fictief: de wijkagent gaat langs bij het gezin.';
const YOUTH_TASK = 'Fictief: de jeugdhulp plant een gesprek met de ouders.';
const WELFARE_TASK = 'Fictief: het OCMW bekijkt de huurachterstand.';
const FROM = 'Partnertafel <no-reply@rivierstede.example>';

/** The mail's text part, quoted-printable decoded. */
function textOf(mail: ReceivedMail): string {
  const match = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)(\r?\n--|$)/.exec(mail.raw);
  assert.ok(match, 'the mail has a text part');
  const bytes = match[1]!.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

for (const target of databaseTargets()) {
  describe(`pre-meeting inventory and PDCA evaluations on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;
    let youthMinuteTaker: Awaited<ReturnType<typeof seedUser>>;
    let meetingId: string;
    let objectiveId: string;
    let policeAgreement: string;
    const clients = new Map<WorldActor, PageClient>();

    const db = () => env.database.handle.db;
    const token = (who: WorldActor) => world.users[who].token;
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, bearerToken: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(bearerToken), ...headers },
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
    const client = async (who: WorldActor) => {
      const existing = clients.get(who);
      if (existing) return existing;
      const user = world.users[who];
      const signed = new PageClient(app);
      await signInWithPages(signed, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(who, signed);
      return signed;
    };
    const tasks = () =>
      db()
        .selectFrom('meeting_inventory_tasks')
        .select(['organisation_id', 'done_at', 'done_by'])
        .where('meeting_id', '=', meetingId)
        .orderBy('organisation_id')
        .execute();
    const events = (action: string) => auditEvents(db()).select(['actor_user_id', 'details', 'decision']).where('action', '=', action).execute();
    const inventoryMails = () => smtp.messages.filter((mail) => /Message-ID:\s*<inventory\./i.test(mail.raw));
    const seat = (userId: string, role: 'key_figure' | 'minute_taker') =>
      db()
        .insertInto('table_members')
        .values({ tenant_id: world.tenant.tenantId, table_id: world.tables.minors, user_id: userId, role, added_at: env.clock.now().toISOString() })
        .execute();
    const attest = async (bearerToken: string, id = meetingId) => {
      const answer = await call('POST', `/api/v1/meetings/${id}/attestation`, bearerToken);
      assert.equal(answer.statusCode, 200, `the member attests: ${answer.body}`);
    };
    const runAllDue = async (runCtx: AppContext) => {
      const runner = createJobRunner(runCtx, { pollMs: 1000 });
      while ((await runner.runDue()) > 0);
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      smtp = await startTestSmtpServer();
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer: createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: FROM }),
      });
      // Youth care (case owner) sits at the table with a key figure and a minute taker; the outsider's
      // organisation (employment) sits there too but has no case on the agenda.
      youthMinuteTaker = await seedUser(env.ctx, world.tenant, ['minute_taker'], { organisationId: world.organisations.youthCare });
      await seat(world.users.caseOwnerMember.id, 'key_figure');
      await seat(youthMinuteTaker.id, 'minute_taker');
      await seat(world.users.outsider.id, 'key_figure');
      await db().updateTable('users').set({ locale: 'en' }).where('id', '=', world.users.coordinator.id).execute();
      const coordinator = token('coordinator');
      const objective = await call('POST', `/api/v1/cases/${world.caseA.id}/objectives`, coordinator, { title: 'Fictief: terug naar school' });
      assert.equal(objective.statusCode, 201, `the objective is created: ${objective.body}`);
      objectiveId = objective.json().data.id;
      const agreement = async (organisationId: string, description: string) => {
        const made = await call('POST', `/api/v1/cases/${world.caseA.id}/agreements`, coordinator, {
          objectiveId,
          organisationId,
          description,
          dueDate: '2027-01-20',
        });
        assert.equal(made.statusCode, 201, `the agreement is made: ${made.body}`);
        return made.json().data.id as string;
      };
      policeAgreement = await agreement(world.organisations.police, POLICE_TASK);
      await agreement(world.organisations.youthCare, YOUTH_TASK);
      const welfare = await agreement(world.organisations.welfare, WELFARE_TASK);
      const done = await call('PATCH', `/api/v1/agreements/${welfare}`, coordinator, { status: 'done' });
      assert.equal(done.statusCode, 200, `welfare's agreement is done: ${done.body}`);
    });
    after(async () => {
      await smtp.close();
      await app.close();
      await env.dispose();
    });

    test('planning a meeting schedules the inventory job N days before it (now when that is past)', async () => {
      const later = await planMeeting(
        { tableId: world.tables.adults, input: { startsAt: new Date(env.clock.now().getTime() + 20 * DAY).toISOString(), kind: 'regular' } },
        world.users.coordinator.actor,
        env.ctx,
      );
      const soon = await planMeeting(
        { tableId: world.tables.minors, input: { startsAt: new Date(env.clock.now().getTime() + 3 * DAY).toISOString(), kind: 'regular' } },
        world.users.coordinator.actor,
        env.ctx,
      );
      meetingId = soon.id;
      const jobs = (await jobsOfTenant(env.ctx.db, world.tenant.tenantId)).filter((job) => job.kind === MEETING_INVENTORY_JOB);
      const of = (id: string) => jobs.find((job) => JSON.parse(job.payload).meetingId === id);
      assert.equal(jobs.length, 2, 'one inventory job per planned meeting');
      assert.equal(
        new Date(of(later.id)!.run_at).getTime(),
        new Date(later.startsAt).getTime() - INVENTORY_LEAD_DAYS * DAY,
        'a meeting far ahead is asked for N days before its start',
      );
      assert.ok(new Date(of(soon.id)!.run_at).getTime() <= env.clock.now().getTime(), 'a meeting within N days is asked for now');
      assert.deepEqual(
        JSON.parse(of(soon.id)!.payload),
        { meetingId: soon.id, startsAt: soon.startsAt },
        'the job carries the meeting id and the start it was scheduled for, nothing else',
      );

      // Moving the later meeting schedules its inventory for the new start; the old start's job stays
      // (it is already in the queue) and stands down when it runs (see the next test).
      const moved = new Date(new Date(later.startsAt).getTime() + 10 * DAY).toISOString();
      await rescheduleMeeting({ meetingId: later.id, expectedVersion: 1, input: { startsAt: moved } }, world.users.coordinator.actor, env.ctx);
      const laterJobs = (await jobsOfTenant(env.ctx.db, world.tenant.tenantId)).filter(
        (job) => job.kind === MEETING_INVENTORY_JOB && JSON.parse(job.payload).meetingId === later.id,
      );
      const forMoved = laterJobs.find((job) => JSON.parse(job.payload).startsAt === moved);
      assert.equal(laterJobs.length, 2, 'the moved meeting has a job for its old start and one for its new start');
      assert.ok(forMoved, 'one of them carries the new start');
      assert.equal(
        new Date(forMoved.run_at).getTime(),
        new Date(moved).getTime() - INVENTORY_LEAD_DAYS * DAY,
        'the new job is due N days before the new start',
      );
    });

    test('the job asks the organisations with an open agreement and the owner and referrer, once, and mails their seated users without content', async () => {
      // A job scheduled for another start (the meeting was moved since) asks nobody.
      await requestMeetingInventory(ctx, { meetingId, startsAt: '2020-01-06T08:00:00.000Z' }, { tenantId: world.tenant.tenantId });
      assert.equal((await tasks()).length, 0, 'the job of a start the meeting no longer has creates no task');
      assert.equal(inventoryMails().length, 0, 'and sends no mail');
      await runAllDue(ctx);
      const expected = [world.organisations.youthCare, world.organisations.education, world.organisations.police].sort();
      assert.deepEqual(
        (await tasks()).map((task) => task.organisation_id),
        expected,
        'youth care (owner), education (referrer) and the police (open agreement) are asked; welfare (done agreement) and employment are not',
      );
      await smtp.waitFor(8);
      const mails = inventoryMails();
      const recipients = mails.flatMap((mail) => mail.to).sort();
      assert.deepEqual(
        recipients,
        [world.users.keyFigureThisTable.email, world.users.caseOwnerMember.email, youthMinuteTaker.email].sort(),
        'each active seated user of an asked organisation gets one mail; the referrer is not seated, the outsider not asked',
      );
      for (const mail of mails) {
        const text = textOf(mail);
        assert.ok(text.includes(`/meetings/${meetingId}/inventory`), 'the mail links the inventory page');
        for (const secret of [world.caseA.reference, POLICE_TASK, YOUTH_TASK, 'Noor', 'Fictional concern'])
          assert.ok(!mail.raw.includes(secret), `the mail holds no case content (${secret})`);
      }
      const requested = await events('meeting.inventory_requested');
      assert.equal(requested.length, 3, 'each request is audited once');

      // A rerun (a retry or a restart) creates and mails nothing again.
      await requestMeetingInventory(ctx, { meetingId }, { tenantId: world.tenant.tenantId });
      assert.equal((await tasks()).length, 3, 'still one task per organisation');
      assert.equal(inventoryMails().length, mails.length, 'no second mail');
      assert.equal((await events('meeting.inventory_requested')).length, 3, 'no second audit event');
    });

    test('the gate: 404 for a member of an organisation without a case on the agenda (like a missing meeting), 403 attestation_required before attesting', async () => {
      const outsider = await call('GET', `/api/v1/meetings/${meetingId}/inventory`, token('outsider'));
      const missing = await call('GET', `/api/v1/meetings/${MISSING}/inventory`, token('outsider'));
      assert.equal(outsider.statusCode, 404, 'an organisation without a case on the agenda gets 404');
      assert.equal(outsider.body, missing.body, 'the same answer as a missing meeting');
      const notSeated = await call('GET', `/api/v1/meetings/${meetingId}/inventory`, token('keyFigureOtherTable'));
      assert.equal(notSeated.statusCode, 404, 'a member of another table gets 404');
      const doneByOutsider = await call('POST', `/api/v1/meetings/${meetingId}/inventory/done`, token('outsider'));
      assert.equal(doneByOutsider.statusCode, 404, 'the outsider cannot mark anything done');
      const early = await call('GET', `/api/v1/meetings/${meetingId}/inventory`, token('caseOwnerMember'));
      assert.equal(early.statusCode, 403, 'before attesting the inventory is closed');
      assert.equal(early.json().error.code, 'attestation_required', 'the answer names attestation_required');
      const earlyDone = await call('POST', `/api/v1/meetings/${meetingId}/inventory/done`, token('caseOwnerMember'));
      assert.equal(earlyDone.json().error.code, 'attestation_required', 'marking done needs the attestation too');
      assert.ok(
        (await tasks()).every((task) => task.done_at === null),
        'nothing changed',
      );
    });

    test('after attesting, youth care sees case A with its own open agreement (read audited); the minute taker may not mark done (403 audited); a key figure does, once', async () => {
      await attest(token('caseOwnerMember'));
      const answer = await call('GET', `/api/v1/meetings/${meetingId}/inventory`, token('caseOwnerMember'));
      assert.equal(answer.statusCode, 200, `youth care reads its inventory: ${answer.body}`);
      const data = answer.json().data;
      assert.deepEqual(
        data.cases.map((entry: { reference: string; readable: boolean }) => [entry.reference, entry.readable]),
        [[world.caseA.reference, true]],
        'case A by its pseudonym',
      );
      assert.deepEqual(
        data.cases[0].agreements.map((agreement: { description: string }) => agreement.description),
        [YOUTH_TASK],
        'only youth care’s own open agreement, never the police’s',
      );
      const read = await auditEvents(db(), { latestFirst: true })
        .select(['action', 'case_id'])
        .where('actor_user_id', '=', world.users.caseOwnerMember.id)
        .where('case_id', '=', world.caseA.id)
        .executeTakeFirstOrThrow();
      assert.equal(read.case_id, world.caseA.id, 'the case read through the meeting is audited');

      await attest(youthMinuteTaker.token);
      const refused = await call('POST', `/api/v1/meetings/${meetingId}/inventory/done`, youthMinuteTaker.token);
      assert.equal(refused.statusCode, 403, 'a minute taker of the organisation may not mark the inventory done');
      const denial = (await events('access.denied')).filter((event) => event.actor_user_id === youthMinuteTaker.id);
      assert.deepEqual(
        denial.map((event) => JSON.parse(event.details!)),
        [{ deniedAction: 'meetings.completeInventory' }],
        'the denial is audited',
      );
      assert.ok(
        (await tasks()).every((task) => task.done_at === null),
        'nothing changed',
      );

      const done = await call('POST', `/api/v1/meetings/${meetingId}/inventory/done`, token('caseOwnerMember'));
      assert.equal(done.statusCode, 200, `the key figure marks it done: ${done.body}`);
      const again = await call('POST', `/api/v1/meetings/${meetingId}/inventory/done`, token('caseOwnerMember'));
      assert.equal(again.json().data.doneAt, done.json().data.doneAt, 'a second click keeps the first time');
      const youth = (await tasks()).find((task) => task.organisation_id === world.organisations.youthCare)!;
      assert.equal(youth.done_by, world.users.caseOwnerMember.id, 'done by the key figure');
      const audited = await events('meeting.inventory_done');
      assert.equal(audited.length, 1, 'the completion is audited once');
      assert.equal(JSON.parse(audited[0]!.details!).organisationId, world.organisations.youthCare, 'for youth care');
    });

    test('the police’s inventory page (nl, fr, en): its agreement with status buttons, the add-item link, "done"; the home panel; the coordinator’s overview', async () => {
      await attest(token('keyFigureThisTable'));
      const police = await client('keyFigureThisTable');
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await db().updateTable('users').set({ locale }).where('id', '=', world.users.keyFigureThisTable.id).execute();
        const t = translator(locale);
        const page = await police.get(`/meetings/${meetingId}/inventory`);
        assert.equal(page.statusCode, 200, `${locale}: the inventory page opens`);
        assert.ok(page.body.includes(world.caseA.reference), `${locale}: it names case A`);
        assert.ok(page.body.includes(POLICE_TASK) && !page.body.includes(YOUTH_TASK), `${locale}: the police’s agreement only`);
        assert.ok(page.body.includes(t('plans.mark_not_done_circumstances')), `${locale}: the status buttons`);
        assert.ok(page.body.includes(`href="/cases/${world.caseA.id}/information#add-item"`), `${locale}: the link to add an item`);
        assert.ok(page.body.includes(t('plans.inventory.mark_done')), `${locale}: the "done" button`);
        const panels = await plansHomePanels(world.users.keyFigureThisTable.actor, env.ctx, { t, locale });
        const panel = panels.find((entry) => entry.id === 'home-plans-inventory');
        assert.deepEqual(
          panel?.entries.map((entry) => entry.href),
          [`/meetings/${meetingId}/inventory`],
          `${locale}: the home panel lists the open inventory`,
        );
      }
      const status = await police.post(`/meetings/${meetingId}/inventory/agreements/${policeAgreement}`, {
        status: 'not_done',
        reason: 'circumstances_changed',
      });
      assert.equal(status.statusCode, 303, 'the status form goes back to the inventory');
      const row = await db().selectFrom('plan_agreements').select(['status', 'reason']).where('id', '=', policeAgreement).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'not_done', reason: 'circumstances_changed' }, 'through the plans use case');
      const finished = await police.post(`/meetings/${meetingId}/inventory/done`, {});
      assert.equal(finished.statusCode, 303, 'the "done" button goes back to the inventory');
      const en = translator('en');
      const panels = await plansHomePanels(world.users.keyFigureThisTable.actor, env.ctx, { t: en, locale: 'en' });
      assert.ok(!panels.some((entry) => entry.id === 'home-plans-inventory'), 'a done inventory leaves the home panel');
      const overview = await (await client('coordinator')).get(`/meetings/${meetingId}`);
      assert.equal(overview.statusCode, 200, 'the coordinator opens the meeting page');
      assert.ok(overview.body.includes(en('meetings.inventory.overview_heading')), 'the coordinator sees the inventory overview');
      assert.ok(overview.body.includes('Jeugdhulp Rivierstede') && overview.body.includes('CLB Rivierstede'), 'per organisation asked');
      assert.ok(overview.body.includes(en('meetings.inventory.not_done')), 'education has not finished');
      const hidden = await (await client('outsider')).get(`/meetings/${meetingId}/inventory`);
      assert.equal(hidden.statusCode, 404, 'the outsider gets the 404 page');
    });

    test('an evaluation tied to a meeting: valid with the case on its agenda; refused for a cancelled meeting, another table’s meeting and a meeting without the case', async () => {
      const coordinator = token('coordinator');
      const other = await planMeeting(
        { tableId: world.tables.minors, input: { startsAt: new Date(env.clock.now().getTime() + 40 * DAY).toISOString(), kind: 'interim' } },
        world.users.coordinator.actor,
        env.ctx,
      );
      const adults = (await db().selectFrom('meetings').select('id').where('table_id', '=', world.tables.adults).executeTakeFirstOrThrow()).id;
      await attest(coordinator);
      const built = await call('POST', `/api/v1/meetings/${meetingId}/agenda/build`, coordinator);
      assert.equal(built.statusCode, 200, `the agenda is built: ${built.body}`);
      const before = (await db().selectFrom('plan_evaluations').select('id').execute()).length;
      for (const [id, why] of [
        [other.id, 'a meeting without the case on its agenda'],
        [adults, 'a meeting of another table'],
        [MISSING, 'a missing meeting'],
      ] as const) {
        const refused = await call('POST', `/api/v1/objectives/${objectiveId}/evaluations`, coordinator, {
          note: 'Fictief: evaluatie.',
          meetingId: id,
        });
        assert.equal(refused.statusCode, 400, `${why} is refused`);
        assert.deepEqual(
          refused.json().error.issues.map((issue: { path: string }) => issue.path),
          ['meetingId'],
          `${why}: the issue is on meetingId`,
        );
      }
      const valid = await call('POST', `/api/v1/objectives/${objectiveId}/evaluations`, coordinator, {
        note: 'Fictief: evaluatie op de tafel.',
        meetingId,
      });
      assert.equal(valid.statusCode, 201, `the evaluation is tied to the meeting: ${valid.body}`);
      const event = (await events('objective.evaluated')).at(-1)!;
      assert.deepEqual(JSON.parse(event.details!), { meetingId }, 'the audit event names the meeting');
      await db().updateTable('meetings').set({ status: 'cancelled' }).where('id', '=', meetingId).execute();
      const cancelled = await call('POST', `/api/v1/objectives/${objectiveId}/evaluations`, coordinator, { note: 'Fictief: evaluatie.', meetingId });
      assert.equal(cancelled.statusCode, 400, 'a cancelled meeting is refused');
      await db().updateTable('meetings').set({ status: 'planned' }).where('id', '=', meetingId).execute();
      assert.equal((await db().selectFrom('plan_evaluations').select('id').execute()).length, before + 1, 'only the valid evaluation is stored');
      const plan = await call('GET', `/api/v1/cases/${world.caseA.id}/plan`, coordinator);
      const evaluation = plan.json().data.objectives[0].evaluations[0];
      assert.equal(evaluation.meetingId, meetingId, 'the plan names the meeting');
      assert.match(evaluation.meetingDate, /^\d{4}-\d{2}-\d{2}$/, 'with its day');
      const tab = await (await client('coordinator')).get(`/cases/${world.caseA.id}/plan`);
      const en = translator('en');
      assert.ok(tab.body.includes(en('plans.pdca_help')), 'the plan tab explains plan, do, check, act');
      assert.ok(tab.body.includes('evaluated at the meeting of'), 'the evaluation shows the meeting’s date');
      assert.ok(tab.body.includes('id="field-evaluation-meetingId"'), 'the evaluation form offers the meetings');
    });

    test('the objective status form on the plan tab: saved with its version; a stale version is shown at the field (nothing changed); If-Match on the API', async () => {
      const coordinator = await client('coordinator');
      const url = `/cases/${world.caseA.id}/plan/objectives/${objectiveId}/status`;
      const tab = await coordinator.get(`/cases/${world.caseA.id}/plan`);
      assert.ok(tab.body.includes(`id="field-objective-status-${objectiveId}-status"`), 'the tab offers the status form');
      const version = Number(
        (await db().selectFrom('plan_objectives').select('version').where('id', '=', objectiveId).executeTakeFirstOrThrow()).version,
      );
      const stale = await coordinator.post(url, { status: 'achieved', version: String(version + 5) });
      assert.equal(stale.statusCode, 400, 'a stale version is refused');
      const en = translator('en');
      assert.ok(stale.body.includes(en('validation.plan.objective_changed')), 'the error is shown');
      assert.ok(stale.body.includes(`href="#field-objective-status-${objectiveId}-status"`), 'the summary links to the field');
      const invalid = await coordinator.post(url, { status: 'finished', version: String(version) });
      assert.equal(invalid.statusCode, 400, 'an unknown status is refused');
      let row = await db().selectFrom('plan_objectives').select(['status', 'version']).where('id', '=', objectiveId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'open', 'nothing changed');
      const saved = await coordinator.post(url, { status: 'achieved', version: String(version) });
      assert.equal(saved.statusCode, 303, 'the status is saved');
      row = await db().selectFrom('plan_objectives').select(['status', 'version']).where('id', '=', objectiveId).executeTakeFirstOrThrow();
      assert.deepEqual(
        { status: row.status, version: Number(row.version) },
        { status: 'achieved', version: version + 1 },
        'achieved, one version on',
      );
      const event = (await events('objective.status_changed')).at(-1)!;
      assert.deepEqual(JSON.parse(event.details!), { status: 'achieved' }, 'audited');
      const police = await client('keyFigureThisTable');
      const refused = await police.post(url, { status: 'dropped', version: String(version + 1) });
      assert.equal(refused.statusCode, 403, 'a key figure may not change an objective’s status');
      const staleApi = await call(
        'PATCH',
        `/api/v1/objectives/${objectiveId}`,
        token('coordinator'),
        { status: 'dropped' },
        { 'if-match': `"${version}"` },
      );
      assert.equal(staleApi.statusCode, 409, 'a stale If-Match is a conflict');
      const api = await call(
        'PATCH',
        `/api/v1/objectives/${objectiveId}`,
        token('coordinator'),
        { status: 'dropped' },
        { 'if-match': `"${version + 1}"` },
      );
      assert.equal(api.statusCode, 200, `a current If-Match changes it: ${api.body}`);
    });
  });
}
