import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { today } from '../../platform/calendar-days.ts';
import { databaseTargets } from '../../test/databases.ts';
import { seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { scanHandovers } from './handover-job.ts';
import { auditEvents } from '../../test/audit-events.ts';

const DAY = 24 * 3600 * 1000;

for (const target of databaseTargets()) {
  describe(`age hand-over on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const as = (who: WorldActor) => bearer(world.users[who].token);
    const db = () => env.database.handle.db;
    const tasks = async (caseId: string) => db().selectFrom('case_handover_tasks').selectAll().where('case_id', '=', caseId).execute();
    const events = async (caseId: string, action: string) =>
      auditEvents(db()).select(['details', 'actor_user_id']).where('case_id', '=', caseId).where('action', '=', action).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    /** A case on the minors table whose subject turns 18 tomorrow (by the fake clock). */
    const caseTurning18Tomorrow = async () => {
      const tomorrow = today({ now: () => new Date(env.clock.now().getTime() + DAY) });
      const birthDate = `${Number(tomorrow.slice(0, 4)) - 18}${tomorrow.slice(4)}`;
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: as('coordinator'),
        payload: {
          tableId: world.tables.minors,
          theme: 'intra_family_violence',
          summary: 'Fictional summary for the hand-over.',
          identityDisclosure: 'table',
          subject: { givenName: 'Lore', familyName: 'Testjong', birthDate },
          contextPersons: [],
          confirmDuplicate: true,
        },
      });
      assert.equal(created.statusCode, 201, `the case is opened: ${created.body}`);
      return created.json().data as { id: string; reference: string; version: number };
    };

    test('the scan creates one task on the 18th birthday, not the day before, and never a second one', async () => {
      const opened = await caseTurning18Tomorrow();
      await scanHandovers(env.ctx, world.tenant.tenantId);
      assert.deepEqual(await tasks(opened.id), [], 'the day before the 18th birthday: no task');
      env.clock.advance(DAY);
      await scanHandovers(env.ctx, world.tenant.tenantId);
      const created = await tasks(opened.id);
      assert.equal(created.length, 1, 'on the birthday: one task');
      assert.equal(created[0]!.due_on, today(env.clock), 'due on the 18th birthday');
      assert.equal(created[0]!.resolved_at, null, 'open');
      await scanHandovers(env.ctx, world.tenant.tenantId);
      env.clock.advance(DAY);
      await scanHandovers(env.ctx, world.tenant.tenantId);
      assert.equal((await tasks(opened.id)).length, 1, 'run again (as after a restart) and a day later: still one task');
      const due = await events(opened.id, 'case.handover_due');
      assert.equal(due.length, 1, 'the task is audited once');
      assert.equal(due[0]!.actor_user_id, null, 'by the system');

      const home = await app.inject({ method: 'GET', url: '/api/v1/cases?status=open', headers: as('coordinator') });
      assert.equal(home.statusCode, 200, 'the coordinator still lists the case');
    });

    test('moving the case keeps reference and history, switches access, resolves the task and is audited', async () => {
      const opened = await caseTurning18Tomorrow();
      env.clock.advance(DAY);
      await scanHandovers(env.ctx, world.tenant.tenantId);
      const url = `/api/v1/cases/${opened.id}/move`;
      const read = (who: WorldActor) => app.inject({ method: 'GET', url: `/api/v1/cases/${opened.id}`, headers: as(who) });
      assert.equal((await read('keyFigureThisTable')).statusCode, 200, 'the key figure of the minors table reads the case');
      assert.equal((await read('keyFigureOtherTable')).statusCode, 404, 'the key figure of the adults table does not');
      const before = (await read('coordinator')).json().data;

      const noIfMatch = await app.inject({ method: 'POST', url, headers: as('coordinator'), payload: { tableId: world.tables.adults } });
      assert.equal(noIfMatch.statusCode, 400, 'If-Match is required');
      const headers = { ...as('coordinator'), 'if-match': `"${before.version}"` };
      const same = await app.inject({ method: 'POST', url, headers, payload: { tableId: world.tables.minors } });
      assert.equal(same.statusCode, 400, 'moving to the same table is a validation error');
      const unknown = await app.inject({ method: 'POST', url, headers, payload: { tableId: 'no-such-table' } });
      assert.equal(unknown.statusCode, 400, 'an unknown table is a validation error');
      assert.equal(unknown.json().error.issues[0].path, 'tableId', 'next to the table field');

      const denied = await app.inject({
        method: 'POST',
        url,
        headers: { ...as('keyFigureThisTable'), 'if-match': `"${before.version}"` },
        payload: { tableId: world.tables.adults },
      });
      assert.equal(denied.statusCode, 403, 'a key figure may not move the case');
      const invisible = await app.inject({
        method: 'POST',
        url,
        headers: { ...as('outsider'), 'if-match': `"${before.version}"` },
        payload: { tableId: world.tables.adults },
      });
      const missing = await app.inject({
        method: 'POST',
        url: '/api/v1/cases/no-such-case/move',
        headers: { ...as('outsider'), 'if-match': '"1"' },
        payload: { tableId: world.tables.adults },
      });
      assert.equal(invisible.statusCode, 404, 'an outsider gets 404');
      assert.equal(invisible.body, missing.body, 'byte-identical with a missing case');
      assert.equal((await tasks(opened.id))[0]!.resolved_at, null, 'nothing changed: the task is still open');

      const moved = await app.inject({ method: 'POST', url, headers, payload: { tableId: world.tables.adults } });
      assert.equal(moved.statusCode, 200, `the coordinator moves the case: ${moved.body}`);
      const after = (await read('coordinator')).json().data;
      assert.equal(after.reference, before.reference, 'the reference is kept');
      assert.equal(after.tableId, world.tables.adults, 'the case is on the adults table');
      assert.equal((await read('keyFigureThisTable')).statusCode, 404, 'the key figure of the old table lost access');
      assert.equal((await read('keyFigureOtherTable')).statusCode, 200, 'the key figure of the new table gained it');

      const timeline = (await app.inject({ method: 'GET', url: `/api/v1/cases/${opened.id}/timeline`, headers: as('coordinator') })).json().data;
      const kinds = timeline.map((entry: { kind: string }) => entry.kind);
      assert.ok(kinds.includes('created'), 'the history is kept');
      const step = timeline.find((entry: { kind: string }) => entry.kind === 'moved');
      assert.ok(step?.move?.fromTable && step.move.toTable && step.move.fromTable !== step.move.toTable, 'a timeline step names both tables');
      const task = (await tasks(opened.id))[0]!;
      assert.deepEqual(
        { resolution: task.resolution, target: task.target_table_id, by: task.resolved_by },
        { resolution: 'moved', target: world.tables.adults, by: world.users.coordinator.id },
        'the hand-over task is resolved as moved',
      );
      const audit = await events(opened.id, 'case.moved');
      assert.equal(audit.length, 1, 'the move is audited once');
      assert.ok(audit[0]!.details?.includes(world.tables.adults), 'with the target table');
    });

    test('a minor moved to an adults table needs a reason; keeping a case resolves its task as kept', async () => {
      const young = world.caseA;
      const version = (await app.inject({ method: 'GET', url: `/api/v1/cases/${young.id}`, headers: as('coordinator') })).json().data.version;
      const headers = { ...as('coordinator'), 'if-match': `"${version}"` };
      const noReason = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${young.id}/move`,
        headers,
        payload: { tableId: world.tables.adults },
      });
      if (noReason.statusCode === 400) {
        assert.equal(noReason.json().error.issues[0].path, 'reason', 'the reason is asked for next to its field');
      } else {
        assert.equal(noReason.statusCode, 200, 'a case whose subject has no known age moves without a reason');
      }

      const opened = await caseTurning18Tomorrow();
      const keep = (token: WorldActor) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/cases/${opened.id}/handover/keep`,
          headers: as(token),
          payload: { reason: 'Het traject loopt af.' },
        });
      assert.equal((await keep('coordinator')).statusCode, 409, 'without an open task there is nothing to keep');
      env.clock.advance(DAY);
      await scanHandovers(env.ctx, world.tenant.tenantId);
      assert.equal((await keep('keyFigureThisTable')).statusCode, 403, 'a key figure may not decide');
      assert.equal((await keep('coordinator')).statusCode, 200, 'the coordinator keeps the case');
      assert.equal((await tasks(opened.id))[0]!.resolution, 'kept', 'resolved as kept');
      assert.equal((await events(opened.id, 'case.handover_kept')).length, 1, 'audited');
      await scanHandovers(env.ctx, world.tenant.tenantId);
      assert.equal((await tasks(opened.id)).length, 1, 'the scan does not ask again');
    });
  });
}
