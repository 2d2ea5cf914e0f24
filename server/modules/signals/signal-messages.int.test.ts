import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { outboxMails, reportSignal, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The reply channel and making oneself known, through the API on both databases: both directions,
 * also for an anonymous reporter; what the mails hold (never content, never the reporter); who may
 * read and write (another reporter gets the 404 of a missing signal); the disclosure flow; the audit.
 */

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const MISSING = '00000000-0000-4000-8000-000000000000';
/** A mail as its reader sees it: quoted-printable soft breaks joined, `=3D` read as `=`. */
const plain = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

for (const target of databaseTargets()) {
  describe(`the reply channel on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const db = () => env.ctx.db;
    const row = (id: string) =>
      db().selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    const messageRows = (id: string) =>
      db()
        .selectFrom('signal_messages')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('signal_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    const auditOf = (id: string, action: string) =>
      auditEvents(env.database.handle.db).selectAll().where('resource_id', '=', id).where('action', '=', action).execute();
    /** Each change a second after the last: the thread is ordered by time. */
    const post = (url: string, token: string, payload: Record<string, unknown>) => {
      env.clock.advance(1000);
      return app.inject({ method: 'POST', url, headers: bearer(token), payload });
    };
    const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('an anonymous reporter and the coordinator write both ways; nobody sees who reported', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const mailsBefore = outboxMails(world).length;

      const asked = await post(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token, { body: 'Fictional question: since when?' });
      assert.equal(asked.statusCode, 201, `the coordinator writes on the channel (${asked.body})`);
      assert.equal((await row(signal.id)).status, 'in_consultation', 'a message of the coordinator takes the signal up');
      const toReporter = outboxMails(world).slice(mailsBefore);
      assert.deepEqual(
        toReporter.map((mail) => mail.to),
        [world.teacher.email],
        'the anonymous reporter gets one mail, at the address the system found',
      );
      assert.ok(plain(toReporter[0]!.raw).includes(signal.reference), 'the mail names the signal by its reference');
      assert.ok(plain(toReporter[0]!.raw).includes(`/signals/${signal.id}/messages`), 'the mail links to the messages tab');
      assert.ok(!plain(toReporter[0]!.raw).includes('since when'), 'the mail does not hold the message');

      const mine = await get(`/api/v1/signals/${signal.id}/messages`, world.teacher.token);
      assert.equal(mine.statusCode, 200, 'the reporter reads their own channel');
      const mineBody = mine.json() as { data: { author: string; body: string }[]; abilities: { message: boolean } };
      assert.deepEqual(
        mineBody.data.map((entry) => [entry.author, entry.body]),
        [['consult_point', 'Fictional question: since when?']],
        'the reporter sees the consult point’s message',
      );
      assert.equal(mineBody.abilities.message, true, 'the reporter may answer');

      const mailsBeforeAnswer = outboxMails(world).length;
      const answered = await post(`/api/v1/signals/${signal.id}/messages`, world.teacher.token, {
        body: 'Fictional answer: since the autumn holiday.',
      });
      assert.equal(answered.statusCode, 201, `the anonymous reporter answers (${answered.body})`);
      const stored = await messageRows(signal.id);
      assert.equal(stored.length, 2, 'both messages are stored');
      assert.equal(stored[1]!.side, 'reporter', 'the answer is on the reporter’s side');
      assert.equal(stored[1]!.author_user_id, null, 'the anonymous reporter is not stored as the author');
      assert.ok(!stored[1]!.body_sealed.includes('autumn'), 'the body is sealed');
      const toCoordinators = outboxMails(world).slice(mailsBeforeAnswer);
      assert.deepEqual(
        toCoordinators.map((mail) => mail.to),
        [world.coordinator.email],
        'the coordinators get a mail that the reporter wrote',
      );
      for (const mail of toCoordinators) {
        for (const trace of [world.teacher.name, world.teacher.email, world.teacher.id, 'autumn'])
          assert.ok(!plain(mail.raw).includes(trace), `the coordinator's mail holds no "${trace}"`);
      }

      const theirs = await get(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token);
      assert.equal(theirs.statusCode, 200, 'the coordinator reads the channel');
      const theirsBody = theirs.json() as { data: { author: string; authorName: string | null }[] };
      assert.deepEqual(
        theirsBody.data.map((entry) => [entry.author, entry.authorName]),
        [
          ['consult_point', null],
          ['reporter', null],
        ],
        'the coordinator sees "reporter", without a name',
      );
      for (const trace of [world.teacher.name, world.teacher.email, world.teacher.id, world.organisations.school])
        assert.ok(!theirs.body.includes(trace), `the coordinator's answer holds no "${trace}"`);

      const sent = await auditOf(signal.id, 'signal.message_sent');
      assert.equal(sent.length, 2, 'each message is recorded');
      assert.equal(sent[0]!.actor_user_id, world.coordinator.id, 'the coordinator’s message is recorded with the coordinator');
      assert.equal(sent[1]!.actor_user_id, null, 'the anonymous reporter’s message is recorded without a user');
      assert.equal(sent[1]!.actor_organisation_id, null, 'and without an organisation');
      assert.equal(sent[1]!.request_id, null, 'and without the request id that the request log could tie to them');
      const reads = await auditOf(signal.id, 'signal.viewed');
      const messageReads = reads.filter((event) => event.details?.includes('"messages"'));
      assert.deepEqual(
        messageReads.map((event) => event.purpose),
        ['own_report', 'consult_point'],
        'every read of the thread is recorded with its purpose',
      );
      assert.equal(messageReads[0]!.actor_user_id, null, 'the anonymous reporter’s read is recorded without a user');
    });

    test('for a named reporter the coordinator sees the name of who wrote', async () => {
      const signal = await reportSignal(world, 'youthWorker', { anonymous: false });
      const written = await post(`/api/v1/signals/${signal.id}/messages`, world.youthWorker.token, {
        body: 'Fictional addition of the youth worker.',
      });
      assert.equal(written.statusCode, 201, 'the named reporter writes');
      const theirs = (await get(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token)).json() as {
        data: { author: string; authorName: string | null }[];
      };
      assert.deepEqual(
        theirs.data[0],
        { ...theirs.data[0], author: 'reporter', authorName: world.youthWorker.name },
        'the named reporter’s name is shown',
      );
      const own = (await get(`/api/v1/signals/${signal.id}/messages`, world.youthWorker.token)).json() as {
        data: { author: string; authorName: string | null }[];
      };
      assert.deepEqual([own.data[0]!.author, own.data[0]!.authorName], ['you', null], 'the reporter sees their own message as "you"');
    });

    test('another reporter, the DPO and the analyst get the 404 of a missing signal, and nothing is written', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const missingRead = await get(`/api/v1/signals/${MISSING}/messages`, world.youthWorker.token);
      const missingWrite = await post(`/api/v1/signals/${MISSING}/messages`, world.youthWorker.token, { body: 'x' });
      for (const who of [world.youthWorker, world.police, world.users.dpo, world.users.analyst, world.users.otherTenant]) {
        const read = await get(`/api/v1/signals/${signal.id}/messages`, who.token);
        assert.equal(read.statusCode, 404, `an outsider's read is a 404 (${who.email})`);
        assert.equal(read.body, missingRead.body, 'byte-identical to a missing signal');
        const write = await post(`/api/v1/signals/${signal.id}/messages`, who.token, { body: 'x' });
        assert.equal(write.statusCode, 404, `an outsider's message is a 404 (${who.email})`);
        assert.equal(write.body, missingWrite.body, 'byte-identical to a missing signal');
      }
      assert.equal((await messageRows(signal.id)).length, 0, 'no message was stored');
      const denied = (await auditOf(signal.id, 'signal.viewed')).filter((event) => event.decision === 'deny');
      assert.ok(denied.length >= 5, 'the refused attempts are recorded');
    });

    test('an empty or over-long message is refused with a localised issue, nothing stored', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const empty = await post(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token, { body: '   ' });
      assert.equal(empty.statusCode, 400, 'an empty message is refused');
      assert.equal(
        (empty.json() as { error: { code: string; issues: { path: string }[] } }).error.issues[0]!.path,
        'body',
        'the issue names the body',
      );
      const long = await post(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token, { body: 'x'.repeat(5001) });
      assert.equal(long.statusCode, 400, 'a message over 5000 characters is refused');
      const extra = await post(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token, { body: 'x', author: 'someone' });
      assert.equal(extra.statusCode, 400, 'an unknown field is refused');
      assert.equal((await messageRows(signal.id)).length, 0, 'nothing was stored');
      assert.equal((await row(signal.id)).status, 'received', 'the signal was not taken up');
    });

    test('making oneself known: asked, answered, recorded; the organisation’s consent to be seated is kept', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const notAsked = await post(`/api/v1/signals/${signal.id}/disclosure`, world.teacher.token, { decision: 'make_known' });
      assert.equal(notAsked.statusCode, 409, 'the reporter cannot answer a question nobody asked');
      const byReporter = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.teacher.token, { reason: 'x' });
      assert.equal(byReporter.statusCode, 403, 'the reporter cannot ask themself');
      const noReason = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, {});
      assert.equal(noReason.statusCode, 400, 'a request needs a reason');
      assert.equal((await row(signal.id)).disclosure_status, 'not_asked', 'a refused request changes nothing');

      const mailsBefore = outboxMails(world).length;
      const asked = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, {
        reason: 'Fictional reason: we want to involve your organisation.',
      });
      assert.equal(asked.statusCode, 201, `the coordinator asks (${asked.body})`);
      assert.equal((await row(signal.id)).disclosure_status, 'asked', 'the signal records the request');
      const mails = outboxMails(world).slice(mailsBefore);
      assert.deepEqual(
        mails.map((mail) => mail.to),
        [world.teacher.email],
        'the reporter is told by mail',
      );
      assert.ok(!plain(mails[0]!.raw).includes('involve your organisation'), 'the mail does not hold the reason');
      const again = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, { reason: 'again' });
      assert.equal(again.statusCode, 409, 'a second request while the first is open is refused');

      const thread = (await get(`/api/v1/signals/${signal.id}/messages`, world.teacher.token)).json() as {
        data: { kind: string }[];
        disclosureStatus: string;
        abilities: { answerDisclosure: boolean };
      };
      assert.deepEqual(
        thread.data.map((entry) => entry.kind),
        ['disclosure_request'],
        'the reporter reads the request on the channel',
      );
      assert.equal(thread.abilities.answerDisclosure, true, 'and may answer it');

      const bad = await post(`/api/v1/signals/${signal.id}/disclosure`, world.teacher.token, { decision: 'maybe' });
      assert.equal(bad.statusCode, 400, 'an unknown decision is refused');
      const otherReporter = await post(`/api/v1/signals/${signal.id}/disclosure`, world.youthWorker.token, { decision: 'make_known' });
      assert.equal(otherReporter.statusCode, 404, 'another reporter cannot answer for the reporter');

      const known = await post(`/api/v1/signals/${signal.id}/disclosure`, world.teacher.token, { decision: 'make_known', agreeToSeat: true });
      assert.equal(known.statusCode, 200, `the reporter makes themself known (${known.body})`);
      const stored = await row(signal.id);
      assert.equal(stored.disclosure_status, 'made_known', 'the decision is recorded on the signal');
      assert.equal(stored.reporter_user_id, world.teacher.id, 'the reporter is now in the clear column');
      assert.equal(stored.reporter_organisation_id, world.organisations.school, 'with their organisation');
      assert.equal(stored.reporter_anonymous, 0, 'the signal is no longer anonymous');
      assert.equal(stored.reporter_sealed, null, 'the sealed copy is no longer needed');
      assert.equal(stored.reporter_agrees_to_seat, 1, 'the consent to seat the organisation is kept for the referral');
      assert.equal((await auditOf(signal.id, 'signal.disclosure_requested')).length, 1, 'the request is audited');
      const answered = await auditOf(signal.id, 'signal.disclosure_answered');
      assert.equal(answered.length, 1, 'the answer is audited');
      assert.match(answered[0]!.details ?? '', /"decision":"make_known"/, 'with the decision');
      const coordinatorView = (await get(`/api/v1/signals/${signal.id}/messages`, world.coordinator.token)).json() as {
        data: { kind: string; body: string }[];
      };
      assert.deepEqual(
        coordinatorView.data.map((entry) => [entry.kind, entry.body]),
        [
          ['disclosure_request', 'Fictional reason: we want to involve your organisation.'],
          ['disclosure_answer', 'make_known_seat'],
        ],
        'the answer is a message of the channel (a code each screen words in its language)',
      );
      const twice = await post(`/api/v1/signals/${signal.id}/disclosure`, world.teacher.token, { decision: 'stay_anonymous' });
      assert.equal(twice.statusCode, 409, 'the answer is given once');
    });

    test('staying anonymous is recorded without the reporter, and keeps them anonymous', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, { reason: 'Fictional reason.' });
      const declined = await post(`/api/v1/signals/${signal.id}/disclosure`, world.teacher.token, { decision: 'stay_anonymous', agreeToSeat: true });
      assert.equal(declined.statusCode, 200, 'the reporter stays anonymous');
      const stored = await row(signal.id);
      assert.equal(stored.disclosure_status, 'declined', 'the decision is recorded');
      assert.equal(stored.reporter_user_id, null, 'no reporter in a clear column');
      assert.equal(stored.reporter_organisation_id, null, 'no organisation in a clear column');
      assert.equal(stored.reporter_agrees_to_seat, null, 'no seat consent without making oneself known');
      const answered = await auditOf(signal.id, 'signal.disclosure_answered');
      assert.equal(answered[0]!.actor_user_id, null, 'the answer is recorded without the reporter');
      const askAgain = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, { reason: 'Circumstances changed.' });
      assert.equal(askAgain.statusCode, 201, 'the coordinator may ask again later');
    });

    test('a named signal cannot be asked to be made known', async () => {
      const signal = await reportSignal(world, { anonymous: false });
      const asked = await post(`/api/v1/signals/${signal.id}/disclosure-request`, world.coordinator.token, { reason: 'Fictional.' });
      assert.equal(asked.statusCode, 409, 'the reporter is already known');
    });
  });
}
