import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contextFromHandle } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMailer } from '../../platform/mailer.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { seedSignalWorld, SIGNAL_SUBJECT, type SignalWorld } from '../../test/signal-world.ts';
import { startTestSmtpServer } from '../../test/smtp.ts';
import { createSignal } from './create-signal.ts';
import { sendSignalMessage } from './send-signal-message.ts';

/*
 * The consult point's mail over a real SMTP connection (a local test server), as in production: an
 * anonymous teacher's signal reaches the coordinator as "a new signal arrived" without a trace of the
 * teacher, and the coordinator's question reaches the teacher as "there is a message" — the reference
 * and a link, never the message, the description or the person.
 */

const DESCRIPTION = 'Fictief SMTP-signaal: een leerling spreekt over nieuwe vrienden online.';
const QUESTION = 'Fictieve vraag via SMTP: sinds wanneer merkt u dit?';

for (const target of databaseTargets()) {
  describe(`consult point mail over SMTP on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: SignalWorld;
    let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
    let ctx: AppContext;

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedSignalWorld(env);
      smtp = await startTestSmtpServer();
      const mailer = createMailer({ smtpUrl: smtp.url, dataDir: '/nonexistent', from: 'Partnertafel <no-reply@rivierstede.example>' });
      ctx = contextFromHandle(env.database.handle, {
        config: env.ctx.config,
        masterKey: env.ctx.masterKey,
        clock: env.clock,
        logger: createLogger('silent'),
        mailer,
      });
    });
    after(async () => {
      await smtp.close();
      await env.dispose();
    });

    test('an anonymous signal and the coordinator’s question travel by SMTP with the reference and a link only', async () => {
      const signal = await createSignal(
        { input: { kind: 'concern', theme: 'radicalisation', description: DESCRIPTION, reporterAnonymous: true, subject: SIGNAL_SUBJECT } },
        world.teacher.actor,
        ctx,
      );
      await smtp.waitFor(1);
      const toCoordinator = smtp.messages.find((mail) => mail.to.includes(world.coordinator.email));
      assert.ok(toCoordinator, `the coordinator (${world.coordinator.email}) gets a mail about the new signal over SMTP`);
      assert.ok(toCoordinator.raw.includes(signal.reference), 'the coordinator’s mail names the signal’s reference');
      for (const [label, trace] of Object.entries({
        'the teacher’s name': world.teacher.name,
        'the teacher’s email': world.teacher.email,
        'the teacher’s user id': world.teacher.id,
        'the school’s id': world.teacher.organisationId,
        'the description': DESCRIPTION,
        'the person’s family name': SIGNAL_SUBJECT.familyName!,
      }))
        assert.ok(!toCoordinator.raw.includes(trace), `the coordinator’s mail holds nothing of ${label}`);

      const before = smtp.messages.length;
      await sendSignalMessage({ signalId: signal.id, input: { body: QUESTION } }, world.coordinator.actor, ctx);
      await smtp.waitFor(before + 1);
      const toTeacher = smtp.messages.slice(before).find((mail) => mail.to.includes(world.teacher.email));
      assert.ok(toTeacher, 'the anonymous teacher still gets the notice at their own address, over SMTP');
      const unfolded = toTeacher.raw.replace(/=\r?\n/g, '');
      assert.ok(unfolded.includes(signal.reference), 'the teacher’s mail names the signal’s reference');
      assert.ok(unfolded.includes(`/signals/${signal.id}`), 'the teacher’s mail links to the signal');
      assert.ok(!unfolded.includes(QUESTION), 'the teacher’s mail does not hold the question itself');
      assert.ok(!unfolded.includes(DESCRIPTION), 'the teacher’s mail does not hold the description');
    });
  });
}
