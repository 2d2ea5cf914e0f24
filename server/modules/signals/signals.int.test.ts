import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../access/actor.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { outboxMails, reportSignal, seedSignalWorld, SIGNAL_SUBJECT, type SignalWorld } from '../../test/signal-world.ts';
import { createSignal } from './create-signal.ts';
import { decideSignal } from './decide-signal.ts';
import { registerSignal } from './register-signal.ts';
import { markInConsultation, openSignal, readSignal, signalDescription, signalSubject } from './signal-door.ts';
import type { SignalDecision } from './signals.schemas.ts';
import { signalDecisionSchema } from './signals.schemas.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The signals core on both databases: what a report stores (named and anonymous), the door (who sees
 * which signal, and the audit trail of every read and refusal), and the coordinator's decision.
 */

for (const target of databaseTargets()) {
  describe(`the signals core on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: SignalWorld;
    const db = () => env.ctx.db;
    const row = (id: string) =>
      db().selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    /** The audit trail across networks (the raw handle: a refusal of another network's user is in theirs). */
    const auditOf = (id: string, action: string) =>
      auditEvents(env.database.handle.db).selectAll().where('resource_id', '=', id).where('action', '=', action).execute();
    const signalCount = async () =>
      Number(
        (
          await db()
            .selectFrom('signals')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', world.tenant.tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof AppError) return error;
        throw error;
      }
      assert.fail('the call was expected to be refused');
    };
    const decide = (id: string, input: Partial<SignalDecision> & Pick<SignalDecision, 'outcome'>, actor: Actor = world.coordinator.actor) =>
      decideSignal({ signalId: id, input: { rationale: 'Fictional rationale of the coordinator.', ...input } }, actor, env.ctx);

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await env.dispose();
    });

    test('a named report stores the reporter in clear, the content sealed, and tells the coordinator the reference only', async () => {
      const mailsBefore = outboxMails(world).length;
      const created = await reportSignal(world, { anonymous: false });
      assert.match(created.reference, /^SIG-[A-Z0-9]{1,3}-\d{4}-\d{3}$/, 'the signal gets a SIG- reference');
      const stored = await row(created.id);
      assert.equal(stored.reporter_anonymous, 0, 'the report is not anonymous');
      assert.equal(stored.reporter_user_id, world.teacher.id, 'the named reporter is in the clear column');
      assert.equal(stored.reporter_organisation_id, world.organisations.school, 'with their organisation');
      assert.equal(stored.reporter_sealed, null, 'nothing is sealed about a named reporter');
      assert.ok(stored.reporter_lookup, 'the reporter lookup is always stored');
      assert.equal(stored.status, 'received', 'a new signal is received');
      assert.equal(stored.channel, 'account', 'reported through the reporter’s own account');
      assert.equal(stored.disclosure_status, 'made_known', 'a named reporter is known');
      assert.ok(stored.subject_blind_index, 'family name and birth date give a blind index');
      assert.doesNotMatch(JSON.stringify(stored), /Fictief-Signaal|withdrew from class/, 'subject and description are sealed');
      const opener = fieldOpener(env.ctx, world.tenant.tenantId);
      assert.equal(
        await opener.open('signals', created.id, 'subject_family_name', stored.subject_family_name_sealed!),
        SIGNAL_SUBJECT.familyName,
        'the family name opens',
      );
      const [event] = await auditOf(created.id, 'signal.created');
      assert.equal(event?.actor_user_id, world.teacher.id, 'the named report is recorded with its reporter');
      assert.deepEqual(
        JSON.parse(event!.details!),
        { kind: 'concern', theme: 'radicalisation', anonymous: false, channel: 'account' },
        'the event says kind, theme and anonymity',
      );
      const mails = outboxMails(world).slice(mailsBefore);
      assert.ok(
        mails.some((mail) => mail.to.includes(world.coordinator.email)),
        'the coordinator is told a signal arrived',
      );
      for (const mail of mails) {
        assert.match(mail.raw, new RegExp(created.reference), 'the mail names the reference');
        assert.doesNotMatch(mail.raw, /Tine|Leerkracht|withdrew|Fictief-Signaal/, 'the mail holds neither reporter nor content');
      }
    });

    test('an anonymous report keeps no clear trace of its reporter, in the row, the audit trail or the mail', async () => {
      const mailsBefore = outboxMails(world).length;
      const created = await reportSignal(world, { anonymous: true });
      const stored = await row(created.id);
      assert.equal(stored.reporter_anonymous, 1, 'the report is anonymous');
      assert.equal(stored.reporter_user_id, null, 'no clear reporter user');
      assert.equal(stored.reporter_organisation_id, null, 'no clear reporter organisation');
      assert.equal(stored.disclosure_status, 'not_asked', 'the reporter was not asked to make themself known');
      assert.doesNotMatch(
        JSON.stringify(stored),
        new RegExp(`${world.teacher.id}|${world.organisations.school}`),
        'neither id is in the row in clear',
      );
      const sealed = JSON.parse(await fieldOpener(env.ctx, world.tenant.tenantId).open('signals', created.id, 'reporter', stored.reporter_sealed!));
      assert.deepEqual(
        sealed,
        { userId: world.teacher.id, organisationId: world.organisations.school },
        'the sealed reporter opens to the user and organisation',
      );
      const [event] = await auditOf(created.id, 'signal.created');
      assert.equal(event?.actor_user_id, null, 'the anonymous report is recorded without user');
      assert.equal(event?.actor_organisation_id, null, 'and without organisation');
      assert.ok(event?.actor_roles === '' || event?.actor_roles === '[]', 'and without roles');
      assert.equal(event?.request_id, null, 'and without request id');
      assert.equal(JSON.parse(event!.details!).anonymous, true, 'the event says the report is anonymous');
      for (const mail of outboxMails(world).slice(mailsBefore)) {
        assert.doesNotMatch(
          mail.raw,
          new RegExp(`Tine|Leerkracht|${world.teacher.email}|${world.teacher.id}`),
          'the coordinator’s mail does not name the reporter',
        );
      }
    });

    test('a consult names no person, and a birth date in the future is refused; nothing is stored', async () => {
      const count = await signalCount();
      const consult = await refusal(reportSignal(world, { kind: 'consult', subject: SIGNAL_SUBJECT }));
      assert.equal(consult.code, 'validation_failed', 'a consult with a person is refused');
      assert.deepEqual(
        consult.issues.map((issue) => issue.path),
        ['subject'],
        'on the subject',
      );
      const future = await refusal(reportSignal(world, { subject: { familyName: 'Fictief', birthDate: '2999-01-01' } }));
      assert.deepEqual(
        future.issues.map((issue) => issue.path),
        ['subject.birthDate'],
        'a birth date in the future is refused on its field',
      );
      assert.equal(await signalCount(), count, 'no signal was stored');
      const consultOk = await reportSignal(world, 'youthWorker', { kind: 'consult' });
      assert.equal((await row(consultOk.id)).subject_family_name_sealed, null, 'a consult without a person is stored without one');
    });

    test('only a professional reports; the coordinator registers on someone’s behalf', async () => {
      const input = { kind: 'consult' as const, theme: 'drugs' as const, description: 'Fictional consult question.', reporterAnonymous: false };
      for (const who of [world.users.analyst, world.users.dpo, world.users.admin]) {
        const refused = await refusal(createSignal({ input }, who.actor, env.ctx));
        assert.equal(refused.code, 'forbidden', 'only professionals report through their account');
      }
      const behalf = await registerSignal(
        {
          input: {
            ...input,
            channel: 'phone',
            reporterAnonymous: false,
            reporterUserId: world.youthWorker.id,
            reporter: { name: 'Yusuf', contact: '0470 00 00 00' },
          },
        },
        world.coordinator.actor,
        env.ctx,
      );
      const stored = await row(behalf.id);
      assert.equal(stored.channel, 'phone', 'the channel is recorded');
      assert.equal(stored.registered_by, world.coordinator.id, 'registered by the coordinator');
      assert.equal(stored.reporter_user_id, world.youthWorker.id, 'the reporter’s account is linked');
      assert.ok(stored.reporter_sealed, 'the told details are sealed');
      const own = await readSignal(env.ctx, world.youthWorker.actor, behalf.id, 'overview');
      assert.equal(own.relation.reporter, true, 'the reporter sees the signal registered on their behalf as their own');
      const refused = await refusal(registerSignal({ input: { ...input, channel: 'mail', reporterAnonymous: false } }, world.teacher.actor, env.ctx));
      assert.equal(refused.code, 'forbidden', 'a professional does not register on someone’s behalf');
    });

    test('a signal registered on behalf of an anonymous reporter with an account keeps that account sealed, yet in their own list', async () => {
      const registered = await registerSignal(
        {
          input: {
            kind: 'consult',
            theme: 'school_dropout',
            description: 'Fictional walk-in consult.',
            channel: 'walk_in',
            reporterAnonymous: true,
            reporterUserId: world.youthWorker.id,
          },
        },
        world.coordinator.actor,
        env.ctx,
      );
      const stored = await row(registered.id);
      assert.equal(stored.reporter_user_id, null, 'no clear reporter user for an anonymous reporter');
      assert.equal(stored.reporter_organisation_id, null, 'no clear reporter organisation either');
      assert.doesNotMatch(
        JSON.stringify(stored),
        new RegExp(`${world.youthWorker.id}|${world.organisations.community}`),
        'neither id is in the row in clear',
      );
      const sealed = JSON.parse(
        await fieldOpener(env.ctx, world.tenant.tenantId).open('signals', registered.id, 'reporter', stored.reporter_sealed!),
      );
      assert.equal(sealed.userId, world.youthWorker.id, 'the sealed reporter holds the account, for mail');
      const own = await readSignal(env.ctx, world.youthWorker.actor, registered.id, 'overview');
      assert.equal(own.relation.reporter, true, 'the reporter finds it as their own');
    });

    test('a read of a signal fails closed when its audit write fails', async () => {
      const created = await reportSignal(world);
      const raw = env.database.handle.db;
      await raw.schema.alterTable('audit_segments').renameTo('audit_segments_off').execute();
      try {
        await assert.rejects(readSignal(env.ctx, world.coordinator.actor, created.id, 'overview'), 'no read without its audit event');
      } finally {
        await raw.schema.alterTable('audit_segments_off').renameTo('audit_segments').execute();
      }
    });

    test('the door: the coordinator sees every signal, the reporter their own, everyone else the same 404 as a missing id', async () => {
      const named = await reportSignal(world, { anonymous: false });
      const coordinatorRead = await readSignal(env.ctx, world.coordinator.actor, named.id, 'overview');
      assert.equal(
        await signalDescription(env.ctx, coordinatorRead),
        'Fictional signal: a pupil withdrew from class and speaks of new online friends.',
        'the coordinator reads the description',
      );
      assert.deepEqual(
        await signalSubject(env.ctx, coordinatorRead),
        { givenName: 'Sami', familyName: 'Fictief-Signaal', birthDate: '2011-03-09' },
        'and the subject',
      );
      const reporterRead = await readSignal(env.ctx, world.teacher.actor, named.id, 'messages');
      assert.equal(reporterRead.relation.reporter, true, 'the reporter reads their own signal');
      const views = await auditOf(named.id, 'signal.viewed');
      assert.deepEqual(
        views.map((event) => [event.actor_user_id, event.purpose, JSON.parse(event.details!).part, event.decision]),
        [
          [world.coordinator.id, 'consult_point', 'overview', 'permit'],
          [world.teacher.id, 'own_report', 'messages', 'permit'],
        ],
        'one signal.viewed per read, with its purpose and part',
      );
      const missing = newId();
      const refusedMissing = await refusal(readSignal(env.ctx, world.youthWorker.actor, missing, 'overview'));
      for (const who of [
        world.youthWorker,
        world.police,
        world.users.analyst,
        world.users.dpo,
        world.users.admin,
        world.users.keyFigureThisTable,
        world.users.otherTenant,
      ]) {
        const refused = await refusal(readSignal(env.ctx, who.actor, named.id, 'overview'));
        assert.equal(refused.code, 'not_found', 'a signal one may not see is not found');
        assert.deepEqual(
          [refused.code, refused.issues, refused.message],
          [refusedMissing.code, refusedMissing.issues, refusedMissing.message],
          'exactly like a missing id',
        );
      }
      const denials = (await auditOf(named.id, 'signal.viewed')).filter((event) => event.decision === 'deny');
      assert.equal(denials.length, 7, 'every refused open is recorded for the DPO');
      assert.equal((await auditOf(missing, 'signal.viewed')).length, 1, 'an attempt on a missing id is recorded too');
    });

    test('the anonymous reporter’s own reads and actions are recorded without them', async () => {
      const anonymous = await reportSignal(world, { anonymous: true });
      const read = await readSignal(env.ctx, world.teacher.actor, anonymous.id, 'overview');
      assert.equal(read.relation.reporter, true, 'the anonymous reporter sees their own signal');
      const [event] = await auditOf(anonymous.id, 'signal.viewed');
      assert.equal(event?.purpose, 'own_report', 'read for their own report');
      assert.equal(event?.actor_user_id, null, 'recorded without user');
      assert.equal(event?.actor_organisation_id, null, 'recorded without organisation');
      assert.equal(event?.request_id, null, 'recorded without request id');
    });

    test('taking a signal up moves it to in consultation once', async () => {
      const created = await reportSignal(world);
      const access = await openSignal(env.ctx, world.coordinator.actor, created.id, 'signals.screen');
      await db()
        .transaction()
        .execute((trx) => markInConsultation(trx, env.ctx, access));
      const moved = await row(created.id);
      assert.equal(moved.status, 'in_consultation', 'received → in consultation');
      assert.equal(moved.version, 2, 'the version moved on');
      await db()
        .transaction()
        .execute((trx) => markInConsultation(trx, env.ctx, access));
      assert.equal((await row(created.id)).version, 2, 'a second call changes nothing');
    });

    test('a decision needs a rationale; without one nothing changes', async () => {
      const created = await reportSignal(world);
      const before = await row(created.id);
      const refused = await refusal(decide(created.id, { outcome: 'no_concern', rationale: '' }));
      assert.equal(refused.code, 'validation_failed', 'a decision without rationale is refused');
      assert.deepEqual(
        refused.issues.map((issue) => issue.path),
        ['rationale'],
        'on the rationale',
      );
      assert.deepEqual(await row(created.id), before, 'the signal did not change');
      assert.equal(
        signalDecisionSchema.safeParse({ outcome: 'no_concern', rationale: '  ' }).success,
        false,
        'the API schema refuses a blank rationale too',
      );
      assert.equal((await auditOf(created.id, 'signal.decided')).length, 0, 'no decision was recorded');
    });

    test('no concern closes the signal and erases the person; the reporter is told there is news', async () => {
      const created = await reportSignal(world);
      const mailsBefore = outboxMails(world).length;
      await decide(created.id, { outcome: 'no_concern' });
      const decided = await row(created.id);
      assert.equal(decided.status, 'closed', 'no concern closes the signal');
      assert.ok(decided.closed_at, 'with the moment it closed');
      assert.equal(decided.outcome, 'no_concern', 'the outcome is recorded');
      assert.equal(decided.decided_by, world.coordinator.id, 'by the coordinator');
      assert.deepEqual(
        [
          decided.subject_given_name_sealed,
          decided.subject_family_name_sealed,
          decided.subject_birth_date_sealed,
          decided.subject_blind_index,
          decided.subject_blind_index_version,
        ],
        [null, null, null, null, null],
        'no identity of the person is kept',
      );
      const rationale = await fieldOpener(env.ctx, world.tenant.tenantId).open(
        'signals',
        created.id,
        'decision_rationale',
        decided.decision_rationale_sealed!,
      );
      assert.equal(rationale, 'Fictional rationale of the coordinator.', 'the rationale is sealed and opens');
      const [event] = await auditOf(created.id, 'signal.decided');
      assert.deepEqual(JSON.parse(event!.details!), { outcome: 'no_concern' }, 'the decision is recorded with its outcome');
      const mails = outboxMails(world).slice(mailsBefore);
      assert.equal(mails.length, 1, 'one mail goes out');
      assert.ok(mails[0]!.to.includes(world.teacher.email), 'to the reporter');
      assert.match(mails[0]!.raw, new RegExp(created.reference), 'naming the reference');
      assert.doesNotMatch(mails[0]!.raw, /Fictional rationale|Fictief-Signaal/, 'and nothing of the decision');
      const again = await refusal(decide(created.id, { outcome: 'no_concern' }));
      assert.equal(again.code, 'conflict', 'a closed signal is not decided again');
    });

    test('a non-shared concern needs advice, sends it through the channel and keeps no identity; the anonymous reporter still hears of it', async () => {
      const created = await reportSignal(world, { anonymous: true });
      const missingAdvice = await refusal(decide(created.id, { outcome: 'non_shared_concern' }));
      assert.deepEqual(
        missingAdvice.issues.map((issue) => issue.path),
        ['advice'],
        'advice is required for a non-shared concern',
      );
      const mailsBefore = outboxMails(world).length;
      await decide(created.id, { outcome: 'non_shared_concern', advice: 'Fictional advice: talk with the pupil guidance centre.' });
      const decided = await row(created.id);
      assert.equal(decided.status, 'advice_given', 'the status says advice was given');
      assert.ok(decided.closed_at, 'and the signal is closed');
      assert.equal(decided.subject_blind_index, null, 'no blind index of the person remains');
      assert.equal(decided.subject_family_name_sealed, null, 'no name of the person remains');
      const messages = await db()
        .selectFrom('signal_messages')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('signal_id', '=', created.id)
        .execute();
      assert.equal(messages.length, 1, 'the advice is one message of the channel');
      assert.deepEqual([messages[0]!.side, messages[0]!.kind], ['coordinator', 'advice'], 'from the coordinator, as advice');
      const body = await fieldOpener(env.ctx, world.tenant.tenantId).open('signal_messages', messages[0]!.id, 'body', messages[0]!.body_sealed);
      assert.equal(body, 'Fictional advice: talk with the pupil guidance centre.', 'the advice is sealed and opens');
      const mails = outboxMails(world).slice(mailsBefore);
      assert.ok(
        mails.some((mail) => mail.to.includes(world.teacher.email)),
        'the anonymous reporter is mailed through the sealed reporter',
      );
      assert.ok(
        mails.every((mail) => !/Fictional advice/.test(mail.raw)),
        'the mail does not hold the advice',
      );
    });

    test('a shared concern needs a person with family name and birth date, and only a concern can be one', async () => {
      const unnamed = await reportSignal(world, { subject: { givenName: 'Sami' } });
      const needsSubject = await refusal(decide(unnamed.id, { outcome: 'shared_concern' }));
      assert.deepEqual(
        needsSubject.issues.map((issue) => issue.path).sort(),
        ['subject.birthDate', 'subject.familyName'],
        'a shared concern needs the person',
      );
      await decide(unnamed.id, { outcome: 'shared_concern', subject: { givenName: 'Sami', familyName: 'Fictief-Gedeeld', birthDate: '2010-10-10' } });
      const shared = await row(unnamed.id);
      assert.equal(shared.status, 'in_consultation', 'a shared concern stays in consultation');
      assert.equal(shared.outcome, 'shared_concern', 'with its outcome');
      assert.ok(shared.subject_blind_index, 'the person is now known by blind index');
      assert.equal(shared.closed_at, null, 'the signal is not closed');
      const again = await refusal(decide(unnamed.id, { outcome: 'no_concern' }));
      assert.equal(again.code, 'conflict', 'a decided signal is not decided again');
      const named = await reportSignal(world);
      await decide(named.id, { outcome: 'shared_concern' });
      assert.equal((await row(named.id)).outcome, 'shared_concern', 'a signal that names the person is shared without more');
      const consult = await reportSignal(world, { kind: 'consult' });
      const notConcern = await refusal(decide(consult.id, { outcome: 'shared_concern' }));
      assert.deepEqual(
        notConcern.issues.map((issue) => issue.path),
        ['outcome'],
        'a consult cannot be a shared concern',
      );
      const noSubject = await refusal(decide(consult.id, { outcome: 'no_concern', subject: SIGNAL_SUBJECT }));
      assert.deepEqual(
        noSubject.issues.map((issue) => issue.path),
        ['subject'],
        'a person is recorded only for a shared concern',
      );
    });

    test('only the coordinator decides: the reporter is refused (403), anyone else does not find the signal (404)', async () => {
      const created = await reportSignal(world);
      const before = await row(created.id);
      const reporter = await refusal(decide(created.id, { outcome: 'no_concern' }, world.teacher.actor));
      assert.equal(reporter.code, 'forbidden', 'the reporter may see but not decide');
      for (const who of [world.youthWorker, world.users.dpo, world.users.analyst, world.users.admin, world.users.otherTenant]) {
        const refused = await refusal(decide(created.id, { outcome: 'no_concern' }, who.actor));
        assert.equal(refused.code, 'not_found', 'an actor who may not see the signal does not find it');
      }
      assert.deepEqual(await row(created.id), before, 'nothing changed');
    });

    // Last: it rotates the network's blind-index key.
    test('after a rotation of the blind-index key the reporter still finds the signals reported before it', async () => {
      const before = await reportSignal(world, 'police', { anonymous: true, kind: 'consult' });
      await env.ctx.keyring.rotate(world.tenant.tenantId, 'blind_index');
      const after = await reportSignal(world, 'police', { anonymous: true, kind: 'consult' });
      assert.notEqual((await row(before.id)).reporter_lookup, (await row(after.id)).reporter_lookup, 'the new key gives a new lookup');
      for (const created of [before, after]) {
        const read = await readSignal(env.ctx, world.police.actor, created.id, 'overview');
        assert.equal(read.relation.reporter, true, 'the reporter finds their signal from before and after the rotation');
      }
    });
  });
}
