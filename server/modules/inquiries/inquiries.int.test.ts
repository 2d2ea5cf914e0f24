import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, secondNode, type TestEnvironment } from '../../test/harness.ts';
import { outboxMails, reportSignal, seedSignalWorld, SIGNAL_SUBJECT, type SignalWorld } from '../../test/signal-world.ts';
import { createJobRunner, jobsOfTenant } from '../jobs/index.ts';
import { decideSignal } from '../signals/index.ts';
import { remindInquiry } from './inquiry-jobs.ts';
import { auditEvents } from '../../test/audit-events.ts';

const DAY = 24 * 60 * 60 * 1000;
const OTHER_PERSON = { givenName: 'Lotte', familyName: 'Nergens-Fictief', birthDate: '2010-08-21' };

interface Detail {
  id: string;
  reference: string;
  signalId: string | null;
  status: string;
  subject: { givenName: string | null; familyName: string | null; birthDate: string | null } | null;
  purpose: string;
  legalBasis: string;
  questions: number;
  answered: number;
  asked: {
    organisationId: string;
    answer: { known: string | null; guidanceRunning: boolean | null; contactUserId: string | null; note: string | null };
  }[];
}

for (const target of databaseTargets()) {
  describe(`network inquiries on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    let sharedSignal: { id: string; reference: string };
    let namedId = '';
    const db = () => env.database.handle.db;

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(token), ...(payload !== undefined && { 'content-type': 'application/json' }) },
        ...(payload !== undefined && { payload: JSON.stringify(payload) }),
      });
    const start = (payload: Record<string, unknown>, token = world.coordinator.token) => call('POST', '/api/v1/inquiries', token, payload);
    const detailOf = async (id: string, token: string) => {
      const response = await call('GET', `/api/v1/inquiries/${id}`, token);
      assert.equal(response.statusCode, 200, `the inquiry opens (${response.body})`);
      return (response.json() as { data: Detail }).data;
    };
    const sharedConcern = async (subject = SIGNAL_SUBJECT) => {
      const signal = await reportSignal(world, { subject });
      await decideSignal(
        { signalId: signal.id, input: { outcome: 'shared_concern', rationale: 'Fictional: several partners share the worry.' } },
        world.coordinator.actor,
        world.ctx,
      );
      return signal;
    };
    const events = async (action: string) =>
      auditEvents(db())
        .select(['action', 'details', 'actor_user_id', 'actor_organisation_id', 'resource_id', 'resource_type', 'purpose', 'decision'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('action', '=', action)
        .execute();
    const mailsSince = (count: number) => outboxMails(world).slice(count);
    const countInquiries = async () =>
      (await db().selectFrom('inquiries').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
      sharedSignal = await sharedConcern();
      // Youth care guides the person; mental health guides someone else; the others keep no register.
      const youthCare = await call('PUT', '/api/v1/client-register', world.users.caseOwnerMember.token, {
        persons: [
          { familyName: SIGNAL_SUBJECT.familyName!, birthDate: SIGNAL_SUBJECT.birthDate! },
          { familyName: 'Ander-Fictief', birthDate: '2009-02-02' },
        ],
      });
      assert.equal(youthCare.statusCode, 200, 'youth care uploads its register');
      const mentalHealth = await call('PUT', '/api/v1/client-register', world.users.careNetwork.token, {
        persons: [{ familyName: 'Ander-Fictief', birthDate: '2009-02-02' }],
      });
      assert.equal(mentalHealth.statusCode, 200, 'mental health uploads its register');
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('blind inquiry: only the matching organisation is asked; a non-matching one receives nothing (no row, no mail, no event, empty list, 404)', async () => {
      const mailCount = outboxMails(world).length;
      const eventsBefore = (await db().selectFrom('audit_events').select('id').execute()).length;
      const response = await start({
        signalId: sharedSignal.id,
        mode: 'blind',
        purpose: 'Fictional: who already guides this pupil?',
        legalBasis: 'art_458ter',
      });
      assert.equal(response.statusCode, 201, `the blind inquiry starts (${response.body})`);
      const created = (response.json() as { data: { id: string; questions: number } }).data;
      assert.equal(created.questions, 1, 'one organisation matched');
      const questions = await db().selectFrom('inquiry_questions').select('organisation_id').where('inquiry_id', '=', created.id).execute();
      assert.deepEqual(
        questions.map((row) => row.organisation_id),
        [world.organisations.youthCare],
        'the only question goes to youth care, whose register holds the person',
      );
      const mails = mailsSince(mailCount);
      assert.deepEqual(
        mails.map((mail) => mail.to),
        [world.users.caseOwnerMember.email],
        'only the matching organisation’s professional gets a mail',
      );
      assert.ok(!mails[0]!.raw.includes(SIGNAL_SUBJECT.familyName!), 'the mail does not name the person');
      const newEvents = await auditEvents(db()).selectAll().offset(eventsBefore).limit(1000).execute();
      assert.ok(
        newEvents.every((event) => !JSON.stringify(event).includes(world.organisations.mentalHealth)),
        'no audit event of the inquiry names the non-matching organisation',
      );
      const createdEvent = (await events('inquiry.created')).at(-1)!;
      assert.deepEqual(
        JSON.parse(createdEvent.details!),
        { mode: 'blind', questions: 1 },
        'inquiry.created counts the questions without naming organisations',
      );
      const list = await call('GET', '/api/v1/inquiries', world.users.careNetwork.token);
      assert.deepEqual((list.json() as { data: unknown[] }).data, [], 'the non-matching organisation’s list is empty');
      const seen = await call('GET', `/api/v1/inquiries/${created.id}`, world.users.careNetwork.token);
      const missing = await call('GET', `/api/v1/inquiries/${randomUUID()}`, world.users.careNetwork.token);
      assert.equal(seen.statusCode, 404, 'the non-matching organisation gets 404');
      assert.equal(seen.body, missing.body, 'byte-identical to a missing id');
      const asked = await detailOf(created.id, world.users.caseOwnerMember.token);
      assert.equal(asked.asked.length, 1, 'the matching organisation sees its own question');
      assert.equal(asked.subject?.familyName, SIGNAL_SUBJECT.familyName, 'with the person’s family name');
      const register = await db().selectFrom('client_register_entries').selectAll().execute();
      assert.ok(!JSON.stringify(register).includes(SIGNAL_SUBJECT.familyName!), 'the register holds no plaintext name');
    });

    test('blind inquiry without a match: an inquiry with no questions, nobody told, the coordinator sees "no organisation matched"', async () => {
      const signal = await sharedConcern(OTHER_PERSON);
      const mailCount = outboxMails(world).length;
      const response = await start({ signalId: signal.id, mode: 'blind', purpose: 'Fictional: anyone?', legalBasis: 'art_458ter' });
      assert.equal(response.statusCode, 201, 'the blind inquiry starts');
      const created = (response.json() as { data: { id: string; questions: number } }).data;
      assert.equal(created.questions, 0, 'no organisation matched');
      assert.equal(mailsSince(mailCount).length, 0, 'no mail went out');
      const detail = await detailOf(created.id, world.coordinator.token);
      assert.deepEqual(detail.asked, [], 'the coordinator sees no asked organisation');
    });

    test('named inquiry: each asked organisation sees only its own question with identity, purpose and basis; others 404; the coordinator sees all', async () => {
      const mailCount = outboxMails(world).length;
      const response = await start({
        signalId: sharedSignal.id,
        mode: 'named',
        organisationIds: [world.organisations.school, world.organisations.police],
        purpose: 'Fictional: is guidance running at school or with the police?',
        legalBasis: 'art_458ter',
        deadline: '2026-01-12',
      });
      assert.equal(response.statusCode, 201, `the named inquiry starts (${response.body})`);
      namedId = (response.json() as { data: { id: string } }).data.id;
      const to = new Set(mailsSince(mailCount).map((mail) => mail.to));
      for (const user of [world.users.keyFigureOtherTable, world.teacher, world.users.keyFigureThisTable, world.police])
        assert.ok(to.has(user.email), `${user.email} of an asked organisation is told`);
      assert.equal(to.size, 4, 'nobody else is told');

      const school = await detailOf(namedId, world.teacher.token);
      assert.deepEqual(
        school.asked.map((question) => question.organisationId),
        [world.organisations.school],
        'the school sees only its own question',
      );
      assert.deepEqual(
        school.subject,
        { givenName: SIGNAL_SUBJECT.givenName, familyName: SIGNAL_SUBJECT.familyName, birthDate: SIGNAL_SUBJECT.birthDate },
        'with the person’s minimal identity',
      );
      assert.equal(school.purpose, 'Fictional: is guidance running at school or with the police?', 'with the purpose');
      assert.equal(school.legalBasis, 'art_458ter', 'with the legal basis');
      assert.equal(school.signalId, null, 'an asked organisation is not given the signal');
      const police = await detailOf(namedId, world.police.token);
      assert.deepEqual(
        police.asked.map((question) => question.organisationId),
        [world.organisations.police],
        'the police sees only its own question',
      );
      const coordinator = await detailOf(namedId, world.coordinator.token);
      assert.equal(coordinator.asked.length, 2, 'the coordinator sees every asked organisation');
      assert.equal(coordinator.signalId, sharedSignal.id, 'and the signal');

      const missing = await call('GET', `/api/v1/inquiries/${randomUUID()}`, world.users.careNetwork.token);
      for (const user of [world.users.careNetwork, world.users.admin, world.users.dpo, world.users.analyst, world.users.otherTenant]) {
        const response = await call('GET', `/api/v1/inquiries/${namedId}`, user.token);
        assert.equal(response.statusCode, 404, `${user.email} gets 404`);
        if (user !== world.users.otherTenant) assert.equal(response.body, missing.body, `${user.email}: byte-identical to a missing id`);
      }
      const denied = (await events('inquiry.viewed')).filter((event) => event.decision === 'deny' && event.resource_id === namedId);
      assert.ok(denied.length >= 4, 'the refused reads are recorded');
      const viewed = (await events('inquiry.viewed')).filter((event) => event.decision !== 'deny' && event.resource_id === namedId);
      assert.ok(
        viewed.some((event) => event.purpose === 'asked_organisation' && event.actor_user_id === world.teacher.id),
        'the school’s read has its purpose',
      );
      assert.ok(
        viewed.some((event) => event.purpose === 'consult_point' && event.actor_user_id === world.coordinator.id),
        'the coordinator’s read has its purpose',
      );
    });

    test('answers: yes with guidance and contact, declined always allowed, a second answer replaces, wrong fields refused; the coordinator reads them all', async () => {
      const yes = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.teacher.token, {
        known: 'yes',
        guidanceRunning: true,
        contactUserId: world.users.keyFigureOtherTable.id,
        note: 'Fictional: the pupil sees our care coordinator weekly.',
      });
      assert.equal(yes.statusCode, 200, `the school answers (${yes.body})`);
      const foreignContact = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.police.token, {
        known: 'yes',
        contactUserId: world.teacher.id,
      });
      assert.equal(foreignContact.statusCode, 400, 'a contact person of another organisation is refused');
      const guidanceWithNo = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.police.token, { known: 'no', guidanceRunning: true });
      assert.equal(guidanceWithNo.statusCode, 400, 'guidance with "no" is refused');
      const no = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.police.token, { known: 'no' });
      assert.equal(no.statusCode, 200, 'the police answers no');
      const declined = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.police.token, { known: 'declined' });
      assert.equal(declined.statusCode, 200, 'the police changes its answer to declined');
      const answered = (await events('inquiry.answered')).slice(-2);
      assert.deepEqual(
        answered.map((event) => JSON.parse(event.details!).replaced),
        [false, true],
        'the trail records the first answer and its replacement, never what was answered',
      );
      assert.ok(
        answered.every((event) => !event.details!.includes('declined') && !event.details!.includes('"no"')),
        'the answer itself is not in the trail',
      );

      const coordinatorAnswer = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.coordinator.token, { known: 'declined' });
      assert.equal(coordinatorAnswer.statusCode, 403, 'the coordinator cannot answer (403)');
      const outsider = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.users.careNetwork.token, { known: 'declined' });
      const missing = await call('POST', `/api/v1/inquiries/${randomUUID()}/answers`, world.users.careNetwork.token, { known: 'declined' });
      assert.equal(outsider.statusCode, 404, 'an organisation that was not asked gets 404');
      assert.equal(outsider.body, missing.body, 'byte-identical to a missing id');

      const detail = await detailOf(namedId, world.coordinator.token);
      const bySchool = detail.asked.find((question) => question.organisationId === world.organisations.school)!;
      const byPolice = detail.asked.find((question) => question.organisationId === world.organisations.police)!;
      assert.deepEqual(
        bySchool.answer,
        {
          ...bySchool.answer,
          known: 'yes',
          guidanceRunning: true,
          contactUserId: world.users.keyFigureOtherTable.id,
          note: 'Fictional: the pupil sees our care coordinator weekly.',
        },
        'the coordinator reads the school’s full answer',
      );
      assert.equal(byPolice.answer.known, 'declined', 'and the police’s replaced answer');
      const police = await detailOf(namedId, world.police.token);
      assert.equal(police.asked.length, 1, 'the police still sees only its own answer');
      const list = await call('GET', '/api/v1/inquiries', world.coordinator.token);
      const row = (list.json() as { data: { id: string; questions: number; answered: number }[] }).data.find((entry) => entry.id === namedId)!;
      assert.deepEqual([row.questions, row.answered], [2, 2], 'the coordinator’s list counts 2 of 2 answered');
      const own = await call('GET', '/api/v1/inquiries', world.teacher.token);
      const ownRows = (own.json() as { data: { id: string; questions: number; signalId: string | null }[] }).data;
      assert.deepEqual(
        ownRows.map((entry) => [entry.id, entry.questions, entry.signalId]),
        [[namedId, 1, null]],
        'the school lists only the inquiry that asked it, counted over its own question, without the signal',
      );
      assert.ok((await events('inquiry.listed')).length >= 2, 'the lists are recorded');
    });

    test('refusals: not a shared concern 409, bad input 400, wrong role 403, invisible signal 404; nothing created', async () => {
      const before = await countInquiries();
      const undecided = await reportSignal(world, { subject: SIGNAL_SUBJECT });
      const base = {
        signalId: sharedSignal.id,
        mode: 'named',
        organisationIds: [world.organisations.school],
        purpose: 'Fictional.',
        legalBasis: 'art_458ter',
      };
      const notShared = await start({ ...base, signalId: undecided.id });
      assert.equal(notShared.statusCode, 409, 'a signal without a shared-concern decision: 409');
      const cases: [string, Record<string, unknown>, number][] = [
        ['no organisations for a named inquiry', { ...base, organisationIds: [] }, 400],
        ['organisations for a blind inquiry', { ...base, mode: 'blind' }, 400],
        ['an unknown organisation', { ...base, organisationIds: [randomUUID()] }, 400],
        ['an organisation of another network', { ...base, organisationIds: [world.users.otherTenant.organisationId] }, 400],
        ['an unknown legal basis', { ...base, legalBasis: 'gut_feeling' }, 400],
        ['a deadline in the past', { ...base, deadline: '2025-12-01' }, 400],
        ['a deadline after the answers expire', { ...base, deadline: '2026-03-01' }, 400],
        ['an empty purpose', { ...base, purpose: ' ' }, 400],
        ['an unknown field', { ...base, extra: 1 }, 400],
        ['a missing signal', { ...base, signalId: randomUUID() }, 404],
      ];
      for (const [what, payload, status] of cases) {
        const response = await start(payload);
        assert.equal(response.statusCode, status, `${what}: ${status} (${response.body})`);
      }
      for (const user of [world.teacher, world.users.admin, world.users.dpo, world.users.analyst]) {
        const response = await start(base, user.token);
        assert.equal(response.statusCode, 403, `${user.email} may not start an inquiry (403)`);
      }
      for (const user of [world.users.admin, world.users.dpo, world.users.analyst]) {
        const list = await call('GET', '/api/v1/inquiries', user.token);
        assert.equal(list.statusCode, 403, `${user.email} may not list inquiries (403)`);
      }
      const denials = await db()
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.users.dpo.id)
        .execute();
      assert.ok(denials.length >= 2, 'the refusals of the DPO are audited (access.denied)');
      const emptyQuery = await call('GET', '/api/v1/inquiries?signalId=', world.coordinator.token);
      assert.equal(emptyQuery.statusCode, 400, 'an empty query parameter is a validation error');
      const otherNetwork = await start(
        { signalId: sharedSignal.id, mode: 'blind', purpose: 'Fictional.', legalBasis: 'art_458ter' },
        world.users.otherTenant.token,
      );
      assert.equal(otherNetwork.statusCode, 404, 'the coordinator of another network does not see the signal (404)');
      assert.equal(await countInquiries(), before, 'no inquiry was created');
    });

    test('the reminder fires once: across a restart (a node that did the work and died) and across two application nodes at once', async () => {
      const reminded = async () => (await events('inquiry.reminded')).filter((event) => event.resource_id === namedId);
      const mailCount = outboxMails(world).length;
      // Unanswered question for the reminder: reopen the police's answer as "not answered".
      await db()
        .updateTable('inquiry_questions')
        .set({ known: null, answered_at: null, answered_by: null })
        .where('inquiry_id', '=', namedId)
        .where('organisation_id', '=', world.organisations.police)
        .execute();
      env.clock.advance(6 * DAY); // the deadline is 2026-01-12: the reminder is due on 2026-01-10
      // A node runs the reminder and dies before marking the job done...
      await remindInquiry(env.ctx, { inquiryId: namedId }, { tenantId: world.tenant.tenantId });
      const afterFirst = outboxMails(world).length;
      assert.deepEqual(
        new Set(mailsSince(mailCount).map((mail) => mail.to)),
        new Set([world.users.keyFigureThisTable.email, world.police.email]),
        'the reminder goes to the organisation that has not answered only',
      );
      // ...a restarted node (a new runner) and a second application node then take the job together.
      const node = secondNode(env);
      try {
        const first = createJobRunner(env.ctx, { pollMs: 1000, owner: 'restarted' });
        const other = createJobRunner(node.ctx, { pollMs: 1000, owner: 'second-node' });
        await Promise.all([first.runDue(), other.runDue()]);
        await Promise.all([
          remindInquiry(env.ctx, { inquiryId: namedId }, { tenantId: world.tenant.tenantId }),
          remindInquiry(node.ctx, { inquiryId: namedId }, { tenantId: world.tenant.tenantId }),
        ]);
      } finally {
        await node.close();
      }
      assert.equal((await reminded()).length, 1, 'inquiry.reminded is recorded once');
      assert.equal(
        outboxMails(world)
          .slice(afterFirst)
          .filter((mail) => mail.raw.includes('Herinnering') || mail.raw.includes('Reminder')).length,
        0,
        'no second reminder mail',
      );
      const job = (await jobsOfTenant(db(), world.tenant.tenantId)).find((row) => row.kind === 'inquiry.reminder' && row.dedupe_key === namedId);
      assert.equal(job?.status, 'done', 'the reminder job is done');
    });

    test('after 30 days the answers are erased (unless the signal became a case), audited; the asked organisation sees the question expired', async () => {
      // A second named inquiry on a signal that becomes a case: its answers stay.
      const caseSignal = await sharedConcern({ givenName: 'Casus', familyName: 'Blijft-Fictief', birthDate: '2012-04-04' });
      const kept = await start({
        signalId: caseSignal.id,
        mode: 'named',
        organisationIds: [world.organisations.school],
        purpose: 'Fictional: kept.',
        legalBasis: 'art_458ter',
      });
      const keptId = (kept.json() as { data: { id: string } }).data.id;
      await call('POST', `/api/v1/inquiries/${keptId}/answers`, world.teacher.token, { known: 'yes', note: 'Fictional: kept note.' });
      await db().updateTable('signals').set({ case_id: world.caseA.id }).where('id', '=', caseSignal.id).execute();

      env.clock.advance(31 * DAY);
      await createJobRunner(env.ctx, { pollMs: 1000, batchSize: 200 }).runDue();
      const expired = await db().selectFrom('inquiries').selectAll().where('id', '=', namedId).executeTakeFirstOrThrow();
      assert.equal(expired.status, 'expired', 'the inquiry is expired');
      assert.equal(expired.subject_sealed, null, 'the copy of the person’s identity is erased');
      const questions = await db().selectFrom('inquiry_questions').selectAll().where('inquiry_id', '=', namedId).execute();
      for (const question of questions) {
        assert.deepEqual(
          [question.known, question.guidance_running, question.contact_user_id, question.note_sealed],
          [null, null, null, null],
          `the answer of ${question.organisation_id} is erased`,
        );
        assert.notEqual(question.expired_at, null, 'and marked expired');
      }
      const event = (await events('inquiry.expired')).find((row) => row.resource_id === namedId);
      assert.ok(event, 'inquiry.expired is recorded');
      assert.equal(event!.actor_user_id, null, 'by the system');
      const school = await detailOf(namedId, world.teacher.token);
      assert.equal(school.subject, null, 'the school no longer sees the person');
      assert.equal(school.status, 'expired', 'and sees the inquiry expired');
      const late = await call('POST', `/api/v1/inquiries/${namedId}/answers`, world.teacher.token, { known: 'declined' });
      assert.equal(late.statusCode, 403, 'answering an expired inquiry is refused (403)');

      const stays = await detailOf(keptId, world.coordinator.token);
      assert.equal(stays.asked[0]?.answer.note, 'Fictional: kept note.', 'the answers of a signal that became a case stay');
      assert.equal(stays.status, 'closed', 'that inquiry is closed to new answers');
    });
  });
}
