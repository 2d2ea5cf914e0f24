import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { filesUnder, found, pgDump, type Blob } from '../../test/canary-scan.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { createAgreement } from './create-agreement.ts';
import { createObjective } from './create-objective.ts';
import { evaluateObjective } from './evaluate-objective.ts';
import { viewPlan } from './view-plan.ts';

/**
 * The plans module's encryption canary: markers written through the use cases into every sealed
 * column of the module (objective title, evaluation note, agreement description) are in none of the
 * bytes the database leaves behind, while a control marker in a clear column is found; each reads
 * back through the plan.
 */
for (const target of databaseTargets()) {
  describe(`plans encryption canary on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    const marker = () => `PLANS-CANARY-${randomBytes(12).toString('hex')}`;
    const secrets = { title: marker(), note: marker(), description: marker() };
    const control = `PLANS-CTRL-${randomBytes(12).toString('hex')}`;

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedCaseWorld(env.ctx);
    });
    after(async () => {
      await env.dispose();
    });

    test('every plans entry of SEALED_COLUMNS gets a marker through its use case; none is stored in clear; all read back', async () => {
      assert.deepEqual(
        SEALED_COLUMNS.filter((entry) => entry.module === 'plans').map((entry) => `${entry.table}.${entry.column}`),
        ['plan_objectives.title_sealed', 'plan_evaluations.note_sealed', 'plan_agreements.description_sealed'],
        'the canary covers every sealed column of the plans module',
      );
      const coordinator = world.users.coordinator.actor;
      const { id: objectiveId } = await createObjective({ caseId: world.caseA.id, input: { title: secrets.title } }, coordinator, env.ctx);
      await evaluateObjective({ objectiveId, input: { note: secrets.note } }, coordinator, env.ctx);
      const { id: agreementId } = await createAgreement(
        {
          caseId: world.caseA.id,
          input: { objectiveId, organisationId: world.organisations.police, description: secrets.description, dueDate: '2026-02-01' },
        },
        coordinator,
        env.ctx,
      );
      // The control: a clear column of the same rows, which the scan must find.
      await env.database.handle.db.updateTable('plan_agreements').set({ reason: control }).where('id', '=', agreementId).execute();
      const assertScan = (blobs: readonly Blob[], where: string) => {
        assert.ok(
          blobs.some((blob) => blob.bytes.length > 0),
          `${where}: there are bytes to scan`,
        );
        assert.deepEqual(found(blobs, { control }), ['control'], `${where}: the control marker in a clear column is found (the scan works)`);
        assert.deepEqual(found(blobs, secrets), [], `${where}: no plans marker is stored in clear`);
      };
      if (target.kind === 'sqlite') {
        const directory = path.dirname(env.database.location);
        const wal = `${env.database.location}-wal`;
        assert.ok(existsSync(wal) && statSync(wal).size > 0, 'the WAL holds recent writes before the checkpoint');
        assertScan([...filesUnder(directory), ...filesUnder(env.ctx.config.dataDir)], 'SQLite files and DATA_DIR before the checkpoint');
        env.database.handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
        assertScan([{ name: env.database.location, bytes: readFileSync(env.database.location) }], 'the database file after the checkpoint');
      } else {
        assertScan([{ name: 'pg_dump', bytes: await pgDump(env.database.location) }, ...filesUnder(env.ctx.config.dataDir)], 'pg_dump and DATA_DIR');
      }
      const plan = await viewPlan({ caseId: world.caseA.id }, coordinator, env.ctx);
      assert.deepEqual(
        { title: plan.objectives[0]?.title, note: plan.objectives[0]?.evaluations?.[0]?.note, description: plan.agreements[0]?.description },
        secrets,
        'every marker reads back through the plan',
      );
    });
  });
}
