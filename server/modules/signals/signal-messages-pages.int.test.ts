import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { WorldUser } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { reportSignal, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';

/**
 * The messages tab on both databases, in the browser's way (forms, post-redirect-get, htmx): the
 * coordinator writes and asks the anonymous reporter to make themself known; the reporter reads,
 * answers with one of two buttons; a refused form is drawn again with its errors; the coordinator's
 * page never shows who reported; someone else finds no tab.
 */
for (const target of databaseTargets()) {
  describe(`the messages tab on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const clients = new Map<string, PageClient>();
    const row = (id: string) =>
      env.ctx.db.selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    const as = async (user: WorldUser): Promise<PageClient> => {
      const known = clients.get(user.id);
      if (known) return known;
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(user.id, client);
      return client;
    };
    const later = () => env.clock.advance(1000);

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator and the anonymous reporter talk on the tab; the coordinator never sees who reported', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const coordinator = await as(world.coordinator);
      const tab = await coordinator.get(`/signals/${signal.id}/messages`);
      assert.equal(tab.statusCode, 200, 'the coordinator opens the messages tab');
      assert.match(tab.body, /aria-current="page"[^>]*>|<a[^>]*aria-current="page"/, 'the tab bar marks the current tab');
      assert.match(tab.body, /<label for="field-message-body"/, 'the message field has a label');
      assert.match(tab.body, /<label for="field-disclosure-reason"/, 'so has the reason to ask the reporter to make themself known');

      const empty = await coordinator.post(`/signals/${signal.id}/messages`, { body: '' });
      assert.equal(empty.statusCode, 400, 'an empty message draws the tab again');
      assert.match(empty.body, /error-summary/, 'with the error summary');
      assert.match(empty.body, /href="#field-message-body"/, 'linking to the field');

      later();
      const sent = await coordinator.post(`/signals/${signal.id}/messages`, { body: 'Fictional page question: how is the pupil today?' });
      assert.equal(sent.statusCode, 303, 'a message is sent (post-redirect-get)');
      assert.equal(sent.headers.location, `/signals/${signal.id}/messages#thread`, 'back to the thread');
      const afterSend = await coordinator.get(String(sent.headers.location));
      assert.match(afterSend.body, /Uw bericht is verstuurd/, 'the flash says it was sent');
      assert.match(afterSend.body, /how is the pupil today/, 'the thread shows the message');

      later();
      const htmx = await coordinator.post(`/signals/${signal.id}/messages`, { body: 'Fictional second question.' }, { 'hx-request': 'true' });
      assert.equal(htmx.statusCode, 200, 'with htmx the answer is 200');
      assert.match(String(htmx.headers['hx-location']), /messages#thread/, 'and tells htmx where to go');

      later();
      const asked = await coordinator.post(`/signals/${signal.id}/disclosure-request`, {
        reason: 'Fictional reason: we would like to involve your school.',
      });
      assert.equal(asked.statusCode, 303, 'the coordinator asks the reporter to make themself known');
      const waiting = await coordinator.get(`/signals/${signal.id}/messages`);
      assert.doesNotMatch(waiting.body, /<label for="field-disclosure-reason"/, 'no second request while the first is open');

      const teacher = await as(world.teacher);
      const mine = await teacher.get(`/signals/${signal.id}/messages`);
      assert.equal(mine.statusCode, 200, 'the reporter opens the messages tab');
      assert.match(mine.body, /how is the pupil today/, 'and reads the coordinator’s message');
      assert.match(mine.body, /<h3 id="message-[^"]+">Meldpunt/, 'written by the consult point');
      assert.match(mine.body, /value="make_known"/, 'the reporter is asked, with a button to make themself known');
      assert.match(mine.body, /value="stay_anonymous"/, 'and one to stay anonymous');
      assert.doesNotMatch(mine.body, /field-disclosure-reason/, 'the reporter cannot ask themself');

      later();
      const answered = await teacher.post(`/signals/${signal.id}/messages`, { body: 'Fictional page answer: quieter than last week.' });
      assert.equal(answered.statusCode, 303, 'the reporter answers');
      later();
      const stay = await teacher.post(`/signals/${signal.id}/disclosure`, { decision: 'stay_anonymous' });
      assert.equal(stay.statusCode, 303, 'the reporter stays anonymous with one button');
      assert.equal((await row(signal.id)).disclosure_status, 'declined', 'the decision is recorded');
      const afterAnswer = await teacher.get(String(stay.headers.location));
      assert.match(afterAnswer.body, /U blijft anoniem/, 'the flash confirms it');
      assert.doesNotMatch(afterAnswer.body, /value="make_known"/, 'the question is answered');

      const coordinatorView = await coordinator.get(`/signals/${signal.id}/messages`);
      assert.match(coordinatorView.body, /quieter than last week/, 'the coordinator reads the answer');
      assert.match(coordinatorView.body, /De melder blijft anoniem/, 'and the decision, in their language');
      for (const trace of [world.teacher.name, world.teacher.email])
        assert.ok(!coordinatorView.body.includes(trace), `the coordinator's tab holds no "${trace}"`);
    });

    test('making oneself known through the tab, with the organisation’s seat', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const coordinator = await as(world.coordinator);
      await coordinator.get(`/signals/${signal.id}/messages`);
      later();
      await coordinator.post(`/signals/${signal.id}/disclosure-request`, { reason: 'Fictional reason.' });
      const teacher = await as(world.teacher);
      await teacher.get(`/signals/${signal.id}/messages`);
      later();
      const known = await teacher.post(`/signals/${signal.id}/disclosure`, { decision: 'make_known', agreeToSeat: 'yes' });
      assert.equal(known.statusCode, 303, 'the reporter makes themself known');
      const stored = await row(signal.id);
      assert.deepEqual(
        [stored.disclosure_status, stored.reporter_user_id, stored.reporter_agrees_to_seat],
        ['made_known', world.teacher.id, 1],
        'known, with consent to seat the organisation',
      );
      later();
      await teacher.post(`/signals/${signal.id}/messages`, { body: 'Fictional message after making myself known.' });
      const coordinatorView = await coordinator.get(`/signals/${signal.id}/messages`);
      assert.ok(coordinatorView.body.includes(world.teacher.name), 'now the coordinator sees the reporter’s name on their new message');
    });

    test('someone who is not the reporter finds no messages tab', async () => {
      const signal = await reportSignal(world, { anonymous: true });
      const youthWorker = await as(world.youthWorker);
      const missing = await youthWorker.get('/signals/00000000-0000-4000-8000-000000000000/messages');
      const other = await youthWorker.get(`/signals/${signal.id}/messages`);
      assert.equal(other.statusCode, 404, 'another reporter gets a 404');
      assert.equal(
        other.body.replace(/content="[^"]+"|value="[^"]*"/g, ''),
        missing.body.replace(/content="[^"]+"|value="[^"]*"/g, ''),
        'alike to a missing signal',
      );
      const posted = await youthWorker.post(`/signals/${signal.id}/messages`, { body: 'Fictional intrusion.' });
      assert.equal(posted.statusCode, 404, 'and cannot write');
    });
  });
}
