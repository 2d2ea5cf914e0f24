import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { filesUnder, found, pgDump, type Blob } from '../../test/canary-scan.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { attestMeeting, planMeeting, startMeeting, viewMeetingAgenda } from '../meetings/index.ts';
import { addMinuteDecision } from './add-minute-entry.ts';
import { viewMinutes } from './view-minutes.ts';

/**
 * The minutes module's encryption canary: a marker written through `addMinuteDecision` into the
 * module's one sealed column (the decision's text) is in none of the bytes the database leaves
 * behind, while a control marker in a clear column is found; it reads back through the minutes.
 */
for (const target of databaseTargets()) {
  describe(`minutes encryption canary on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    let app: FastifyInstance;
    const secrets = { decision: `MINUTES-CANARY-${randomBytes(12).toString('hex')}` };
    // Short: the clear column is the entry's kind (20 characters).
    const control = `MC-${randomBytes(7).toString('hex')}`;

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedCaseWorld(env.ctx);
      // The application registers the modules: the meetings module tells the cases door about meetings.
      app = await createTestApp(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the decision text is sealed: no marker in clear, the control found, the marker read back', async () => {
      assert.deepEqual(
        SEALED_COLUMNS.filter((entry) => entry.module === 'minutes').map((entry) => `${entry.table}.${entry.column}`),
        ['meeting_minute_entries.text_sealed'],
        'the canary covers every sealed column of the minutes module',
      );
      const coordinator = world.users.coordinator.actor;
      const startsAt = new Date(env.clock.now().getTime() + 7 * 86_400_000).toISOString();
      const meeting = await planMeeting({ tableId: world.tables.minors, input: { startsAt, kind: 'regular' } }, coordinator, env.ctx);
      await attestMeeting({ meetingId: meeting.id }, coordinator, env.ctx);
      const agenda = await viewMeetingAgenda({ meetingId: meeting.id, part: 'api' }, coordinator, env.ctx);
      assert.ok(
        agenda.items.some((item) => item.caseId === world.caseA.id),
        'case A is on the agenda',
      );
      await startMeeting({ meetingId: meeting.id, expectedVersion: meeting.version }, coordinator, env.ctx);
      const { id } = await addMinuteDecision(
        { meetingId: meeting.id, caseId: world.caseA.id, input: { text: secrets.decision } },
        coordinator,
        env.ctx,
      );
      // The control: a clear column of the same row, which the scan must find.
      await env.database.handle.db.updateTable('meeting_minute_entries').set({ kind: control }).where('id', '=', id).execute();
      const assertScan = (blobs: readonly Blob[], where: string) => {
        assert.ok(
          blobs.some((blob) => blob.bytes.length > 0),
          `${where}: there are bytes to scan`,
        );
        assert.deepEqual(found(blobs, { control }), ['control'], `${where}: the control marker in a clear column is found (the scan works)`);
        assert.deepEqual(found(blobs, secrets), [], `${where}: no minutes marker is stored in clear`);
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
      await env.database.handle.db.updateTable('meeting_minute_entries').set({ kind: 'decision' }).where('id', '=', id).execute();
      const minutes = await viewMinutes({ meetingId: meeting.id, part: 'api' }, coordinator, env.ctx);
      const entries = minutes.cases.find((entry) => entry.caseId === world.caseA.id)?.entries ?? [];
      assert.deepEqual(
        entries.map((entry) => entry.text),
        [secrets.decision],
        'the marker reads back through the minutes',
      );
    });
  });
}
