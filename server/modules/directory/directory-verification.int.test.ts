import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, secondNode, type TestEnvironment } from '../../test/harness.ts';
import { createJobRunner, jobsOfTenant } from '../jobs/index.ts';
import { createService } from './create-service.ts';
import { DIRECTORY_VERIFICATION_SCAN_JOB, registerDirectoryJobHandlers, scheduleVerificationScan } from './remind-verification.ts';
import { verifyService } from './verify-service.ts';

const DAY = 24 * 60 * 60 * 1000;

for (const target of databaseTargets()) {
  describe(`social map verification reminder on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    const db = () => env.database.handle.db;
    const outbox = () => {
      const folder = path.join(env.ctx.config.dataDir, 'outbox');
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .sort()
        .map((file) => {
          const raw = readFileSync(path.join(folder, file), 'utf8').replace(/=\r?\n/g, '');
          return { to: /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '', raw };
        });
    };
    const reminded = async () =>
      (await db().selectFrom('audit_events').select('resource_id').where('action', '=', 'directory.verification_reminded').execute())
        .map((row) => row.resource_id)
        .sort();

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedCaseWorld(env.ctx);
      registerDirectoryJobHandlers();
    });
    after(async () => env.dispose());

    test('entries not verified for a year: their curators get ONE reminder, across a rerun, a restart and a second node', async () => {
      const police = world.users.keyFigureThisTable.actor;
      const entry = (name: string) => ({ name, description: `${name}: fictief aanbod.`, organisation: { name: `Aanbieder ${name}` } });
      const old = (await createService({ input: entry('Fictief oud aanbod') }, police, env.ctx)).id;
      const coordinatorOnly = (
        await createService(
          { input: { ...entry('Fictief aanbod zonder curator'), curatorOrganisationId: null } },
          world.users.coordinator.actor,
          env.ctx,
        )
      ).id;
      env.clock.advance(366 * DAY);
      const fresh = (await createService({ input: entry('Fictief nieuw aanbod') }, police, env.ctx)).id;
      await verifyService({ id: fresh }, police, env.ctx);
      const mailsBefore = outbox().length;
      await scheduleVerificationScan(env.ctx, world.tenant.tenantId);
      const node = secondNode(env);
      try {
        await Promise.all([
          createJobRunner(env.ctx, { pollMs: 1000, owner: 'first' }).runDue(),
          createJobRunner(node.ctx, { pollMs: 1000, owner: 'second-node' }).runDue(),
        ]);
      } finally {
        await node.close();
      }
      assert.deepEqual(
        await reminded(),
        [old],
        'the year-old entry of an organisation is reminded once; the fresh one and the coordinator-only one are not',
      );
      const mails = outbox().slice(mailsBefore);
      assert.deepEqual(
        mails.map((mail) => mail.to),
        [world.users.keyFigureThisTable.email],
        'one mail, to the professional of the curator organisation',
      );
      assert.ok(mails[0]!.raw.includes(`/directory/services/${old}`), 'the mail links to the entry');
      assert.ok(!mails[0]!.raw.includes(coordinatorOnly), 'the mail names only its organisation’s entries');
      // A rerun of the same day's scan (a restart schedules it again: deduplicated) and the next day's scan send nothing more.
      const again = await scheduleVerificationScan(env.ctx, world.tenant.tenantId);
      assert.equal(again.created, false, 'a restart adds no second scan of the day');
      env.clock.advance(DAY);
      await createJobRunner(env.ctx, { pollMs: 1000, owner: 'restarted' }).runDue();
      assert.deepEqual(await reminded(), [old], 'no second reminder the next day');
      assert.equal(outbox().length, mailsBefore + 1, 'no second mail');
      const scans = (await jobsOfTenant(db(), world.tenant.tenantId)).filter((job) => job.kind === DIRECTORY_VERIFICATION_SCAN_JOB);
      assert.ok(
        scans.some((job) => job.status === 'pending'),
        'the chain goes on: a later day’s scan is pending',
      );
      // Verifying clears the mark: a year later the entry is due again, with one new reminder.
      await verifyService({ id: old }, police, env.ctx);
      const row = await db().selectFrom('directory_services').select('verification_reminded_at').where('id', '=', old).executeTakeFirstOrThrow();
      assert.equal(row.verification_reminded_at, null, 'verifying clears the reminder mark');
    });
  });
}
