import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { WorldUser } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { outboxMails, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';

/**
 * The anonymous reporter through the core of the consult point: a teacher reports anonymously through
 * the form, reads their own signal; the coordinator lists it, opens it (page and API) and decides; the
 * DPO reads the audit trail of the signal. Everything the coordinator and the DPO receive, and every
 * mail to the coordinator, is collected: none holds the teacher's name, email, user id, organisation
 * id or organisation name. (The messages, inquiry and referral tabs add their own parts to this journey.)
 */
for (const target of databaseTargets()) {
  describe(`the anonymous reporter stays anonymous on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const signIn = async (user: WorldUser) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('no response, page, mail or audit view the coordinator or the DPO gets names the anonymous reporter', async () => {
      const traces = [
        world.teacher.name,
        world.teacher.email,
        world.teacher.id,
        world.organisations.school,
        'Atheneum De Linde',
        'Tine',
        'Leerkracht',
      ];
      const mailsBefore = outboxMails(world).length;
      const teacher = await signIn(world.teacher);
      assert.equal((await teacher.get('/signals/new')).statusCode, 200, 'the teacher opens the report form');
      const sent = await teacher.post('/signals/new', {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictional anonymous concern about a pupil.',
        reporterAnonymous: 'yes',
        subjectFamilyName: 'Fictief-Anoniem',
        subjectBirthDate: '2010-06-06',
      });
      assert.equal(sent.statusCode, 303, 'the anonymous report is stored');
      const signalPath = String(sent.headers.location);
      const signalId = signalPath.split('/')[2]!;
      assert.equal((await teacher.get(signalPath)).statusCode, 200, 'the teacher reads their own signal');

      const seen: { what: string; body: string }[] = [];
      const coordinator = await signIn(world.coordinator);
      for (const path of ['/', '/signals', signalPath]) seen.push({ what: `coordinator page ${path}`, body: (await coordinator.get(path)).body });
      for (const path of ['/api/v1/signals', `/api/v1/signals/${signalId}`]) {
        seen.push({
          what: `coordinator API ${path}`,
          body: (await app.inject({ method: 'GET', url: path, headers: bearer(world.coordinator.token) })).body,
        });
      }
      const decided = await coordinator.post(`/signals/${signalId}/decision`, {
        outcome: 'non_shared_concern',
        rationale: 'Fictional rationale.',
        advice: 'Fictional advice.',
      });
      assert.equal(decided.statusCode, 303, 'the coordinator decides');
      seen.push({ what: 'coordinator page after the decision', body: (await coordinator.get(signalPath)).body });

      const dpo = world.users.dpo;
      for (const action of ['signal.created', 'signal.viewed', 'signal.decided']) {
        const events = await app.inject({ method: 'GET', url: `/api/v1/audit/events?action=${action}`, headers: bearer(dpo.token) });
        assert.equal(events.statusCode, 200, `the DPO reads the ${action} events`);
        const aboutSignal = (events.json().data as { resource: { id: string | null } }[]).filter((event) => event.resource.id === signalId);
        assert.ok(aboutSignal.length > 0, `the trail holds ${action} events of the signal`);
        seen.push({ what: `DPO audit API ${action}`, body: JSON.stringify(aboutSignal) });
      }
      const dpoPages = await signIn(dpo);
      const auditPage = await dpoPages.get('/audit?action=signal.created');
      assert.equal(auditPage.statusCode, 200, 'the DPO opens the audit trail page');
      assert.ok(auditPage.body.includes(translator('nl')('audit.action.signal.created')), 'the page lists the signal.created events');
      // The filter lists every user and organisation of the network to choose from; the events are what could betray someone.
      seen.push({ what: 'DPO audit page (signal.created)', body: auditPage.body.replace(/<select[\s\S]*?<\/select>/g, '') });

      for (const mail of outboxMails(world)
        .slice(mailsBefore)
        .filter((mail) => !mail.to.includes(world.teacher.email))) {
        seen.push({ what: `mail to ${mail.to}`, body: mail.raw });
      }
      assert.ok(
        seen.some((entry) => entry.what.startsWith('mail to')),
        'the coordinator was mailed',
      );
      for (const { what, body } of seen) {
        for (const trace of traces) assert.ok(!body.includes(trace), `${what} holds no trace of the reporter (${trace})`);
      }
    });
  });
}
