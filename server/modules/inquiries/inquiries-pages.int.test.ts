import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { reportSignal, seedSignalWorld, SIGNAL_SUBJECT, type SignalWorld } from '../../test/signal-world.ts';
import type { WorldUser } from '../../test/case-world.ts';
import { decideSignal } from '../signals/index.ts';
import { createInquiry } from './create-inquiry.ts';

for (const target of databaseTargets()) {
  describe(`network inquiry pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    let inquiry: { id: string; reference: string };
    let signalId = '';

    const signIn = async (user: WorldUser) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
      const signal = await reportSignal(world, { subject: SIGNAL_SUBJECT });
      signalId = signal.id;
      await decideSignal({ signalId, input: { outcome: 'shared_concern', rationale: 'Fictional: shared.' } }, world.coordinator.actor, world.ctx);
      inquiry = await createInquiry(
        {
          input: {
            signalId,
            mode: 'named',
            organisationIds: [world.organisations.school],
            purpose: 'Fictional purpose: is the pupil known at school?',
            legalBasis: 'art_458ter',
          },
        },
        world.coordinator.actor,
        world.ctx,
      );
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the asked professional lists the question, reads it (identity, purpose, basis, the right to decline) and answers through the form', async () => {
      const client = await signIn(world.teacher);
      const home = await client.get('/');
      assert.match(home.body, /id="home-inquiries-waiting"/, 'the home page shows the waiting question');
      assert.ok(home.body.includes(inquiry.reference), 'by its reference');
      assert.ok(!home.body.includes(SIGNAL_SUBJECT.familyName!), 'without the person');
      const list = await client.get('/inquiries');
      assert.equal(list.statusCode, 200, 'the list opens');
      assert.match(list.body, new RegExp(`href="/inquiries/${inquiry.id}"`), 'the list links to the question');
      assert.match(list.body, /href="\/client-register"/, 'the menu offers the client register to a professional');
      const page = await client.get(`/inquiries/${inquiry.id}`);
      assert.equal(page.statusCode, 200, 'the question opens');
      assert.ok(page.body.includes(SIGNAL_SUBJECT.familyName!), 'the page names the person');
      assert.ok(page.body.includes('Fictional purpose: is the pupil known at school?'), 'the page shows the purpose');
      assert.ok(page.body.includes('Artikel 458ter') || page.body.includes('458ter'), 'the page shows the legal basis');
      assert.match(page.body, /name="known" value="declined"/, 'declined is a choice');
      assert.match(page.body, /geen enkele partner is verplicht/, 'declining is explained as a right');
      const bad = await client.post(`/inquiries/${inquiry.id}`, { known: 'yes', contactUserId: randomUUID() });
      assert.equal(bad.statusCode, 400, 'a contact outside the organisation is refused with the form');
      assert.match(bad.body, /class="error-summary"/, 'with the error summary');
      const good = await client.post(`/inquiries/${inquiry.id}`, { known: 'declined', note: '' });
      assert.equal(good.statusCode, 303, 'the answer is sent');
      const after = await client.get(`/inquiries/${inquiry.id}`);
      assert.match(after.body, /Wij antwoorden niet/, 'the page shows the answer given');
    });

    test('another organisation gets 404 on the question and an empty list; the coordinator sees every inquiry and its answers', async () => {
      const outsider = await signIn(world.users.careNetwork);
      assert.ok(!(await outsider.get('/')).body.includes('home-inquiries-waiting'), 'an organisation that was not asked has no inquiry panel');
      assert.equal((await outsider.get(`/inquiries/${inquiry.id}`)).statusCode, 404, 'an organisation that was not asked gets 404');
      const list = await outsider.get('/inquiries');
      assert.equal(list.statusCode, 200, 'its list opens');
      assert.ok(!list.body.includes(inquiry.reference), 'and does not hold the inquiry');
      const coordinator = await signIn(world.coordinator);
      const all = await coordinator.get('/inquiries');
      assert.match(all.body, new RegExp(`href="/signals/${signalId}/inquiries"`), 'the coordinator’s list links to the signal’s tab');
      assert.ok(!all.body.includes('href="/client-register"'), 'the coordinator keeps no client register');
      const one = await coordinator.get(`/inquiries/${inquiry.id}`);
      assert.equal(one.statusCode, 200, 'the coordinator opens the inquiry');
      assert.ok(one.body.includes('Atheneum De Linde'), 'with the asked organisation');
      assert.match(one.body, /Wij antwoorden niet/, 'and its answer');
      const refused = await coordinator.post(`/inquiries/${inquiry.id}`, { known: 'no' });
      assert.equal(refused.statusCode, 403, 'the coordinator cannot answer');
    });

    test('the signal’s inquiries tab: the coordinator sees the answers and starts a blind inquiry (no match told plainly) or a named one; a field error keeps the form; the reporter gets 404', async () => {
      const coordinator = await signIn(world.coordinator);
      const tab = await coordinator.get(`/signals/${signalId}/inquiries`);
      assert.equal(tab.statusCode, 200, `the tab opens (${tab.statusCode})`);
      assert.ok(tab.body.includes(inquiry.reference), 'the tab lists the inquiry');
      assert.match(tab.body, /Wij antwoorden niet/, 'with the answer given');
      assert.match(tab.body, /name="mode" value="blind"/, 'and the start form');
      const blind = await coordinator.post(`/signals/${signalId}/inquiries`, {
        mode: 'blind',
        purpose: 'Fictional: blind.',
        legalBasis: 'art_458ter',
        deadline: '',
      });
      assert.equal(blind.statusCode, 303, `the blind inquiry starts (${blind.body.slice(0, 200)})`);
      const told = await coordinator.get(String(blind.headers.location));
      assert.match(told.body, /Geen enkele organisatie had een overeenkomst/, 'the coordinator is told no organisation matched');
      const invalid = await coordinator.post(`/signals/${signalId}/inquiries`, {
        mode: 'named',
        purpose: 'Fictional: named.',
        legalBasis: 'art_458ter',
      });
      assert.equal(invalid.statusCode, 400, 'a named inquiry without organisations redraws the form');
      assert.match(invalid.body, /class="error-summary"/, 'with the error summary');
      assert.ok(invalid.body.includes('Fictional: named.'), 'keeping what was typed');
      const named = await coordinator.post(`/signals/${signalId}/inquiries`, {
        mode: 'named',
        organisationIds: [world.organisations.police, world.organisations.welfare],
        purpose: 'Fictional: named.',
        legalBasis: 'art_458ter',
        deadline: '2026-01-15',
      });
      assert.equal(named.statusCode, 303, 'the named inquiry starts');
      const rows = await env.database.handle.db.selectFrom('inquiries').select('id').where('signal_id', '=', signalId).execute();
      assert.equal(rows.length, 3, 'the signal now has three inquiries');
      const reporter = await signIn(world.teacher);
      assert.equal((await reporter.get(`/signals/${signalId}/inquiries`)).statusCode, 404, 'the reporter does not have the inquiries tab (404)');
    });
  });
}
