import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';

/*
 * The forms on `/meetings/:id` that move and cancel a planned meeting: the coordinator sees them, a
 * member does not; bad input redraws the page with localised errors next to the fields and at the
 * top and changes nothing; a confirmed cancellation cancels, after which the forms are gone.
 */

const TABLE = {
  name: 'Volwassenentafel Kaaiwijk',
  audience: 'adults',
  purpose: 'Fictief: zorgen over volwassenen uit verschillende diensten samen bekijken.',
  legalFramework: 'art_458ter',
};

for (const target of databaseTargets()) {
  describe(`meeting change forms on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let coordinatorClient: PageClient;
    let keyFigureClient: PageClient;
    let meetingId: string;
    const meetingRow = () =>
      env.database.handle.db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenant.tenantId)
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      const keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const created = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: bearer(coordinator.token), payload: TABLE });
      assert.equal(created.statusCode, 201, `the table is created: ${created.body}`);
      const tableId = created.json().data.id as string;
      const seated = await app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/members`,
        headers: bearer(coordinator.token),
        payload: { userId: keyFigure.id, role: 'key_figure' },
      });
      assert.equal(seated.statusCode, 201, `the key figure is seated: ${seated.body}`);
      const planned = await app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/meetings`,
        headers: bearer(coordinator.token),
        payload: { startsAt: '2026-02-02T08:00:00Z' },
      });
      assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
      meetingId = planned.json().data.id;
      coordinatorClient = new PageClient(app);
      await signInWithPages(coordinatorClient, {
        email: coordinator.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(coordinator.totpSecret, env.clock),
      });
      keyFigureClient = new PageClient(app);
      await signInWithPages(keyFigureClient, {
        email: keyFigure.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(keyFigure.totpSecret, env.clock),
      });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator sees both forms with labelled fields and the current times; a member sees neither', async () => {
      const page = await coordinatorClient.get(`/meetings/${meetingId}`);
      assert.equal(page.statusCode, 200, 'the meeting page answers');
      assert.match(page.body, new RegExp(`action="/meetings/${meetingId}/reschedule"`), 'the move form is there');
      assert.match(page.body, new RegExp(`action="/meetings/${meetingId}/cancel"`), 'the cancel form is there');
      assert.match(page.body, /<label[^>]*for="[^"]*startTime[^"]*"/, 'the start time has a label');
      assert.match(page.body, /value="09:00"/, '08:00 UTC shows as 09:00 Brussels time');
      const member = await keyFigureClient.get(`/meetings/${meetingId}`);
      assert.equal(member.statusCode, 200, 'the member reads the meeting page');
      assert.doesNotMatch(member.body, /\/reschedule"|\/cancel"/, 'the member gets no change form');
    });

    test('bad input redraws with errors at the top and next to the fields; nothing changes', async () => {
      const before = await meetingRow();
      const bad = await coordinatorClient.post(`/meetings/${meetingId}/reschedule`, {
        date: '2026-13-40',
        startTime: '25:00',
        endTime: '11:00',
        version: '1',
      });
      assert.equal(bad.statusCode, 400, 'bad times: 400');
      assert.match(bad.body, /error-summary/, 'the errors are summed up at the top');
      assert.match(bad.body, /Geef een datum zoals 2027-03-01\.|Give a date such as 2027-03-01\./, 'the date error is localised');
      const unconfirmed = await coordinatorClient.post(`/meetings/${meetingId}/cancel`, { reason: 'holiday' });
      assert.equal(unconfirmed.statusCode, 400, 'a cancellation without confirmation: 400');
      assert.match(
        unconfirmed.body,
        /Bevestig dat u de vergadering wilt annuleren\.|Confirm that you want to cancel the meeting\./,
        'the confirmation error is shown',
      );
      assert.deepEqual(await meetingRow(), before, 'the meeting is unchanged');
    });

    test('a move through the form, then a confirmed cancellation; the forms are gone afterwards', async () => {
      const moved = await coordinatorClient.post(`/meetings/${meetingId}/reschedule`, {
        date: '2026-02-03',
        startTime: '14:00',
        endTime: '16:30',
        version: '1',
      });
      assert.equal(moved.statusCode, 303, `the move redirects: ${moved.body.slice(0, 200)}`);
      const row = await meetingRow();
      assert.deepEqual(
        { starts: row.starts_at, ends: row.ends_at },
        { starts: '2026-02-03T13:00:00.000Z', ends: '2026-02-03T15:30:00.000Z' },
        'Brussels wall clock to UTC',
      );
      const cancelled = await coordinatorClient.post(`/meetings/${meetingId}/cancel`, { reason: 'no_quorum', confirm: 'yes' });
      assert.equal(cancelled.statusCode, 303, 'the cancellation redirects');
      assert.equal((await meetingRow()).status, 'cancelled', 'the meeting is cancelled');
      const page = await coordinatorClient.get(`/meetings/${meetingId}`);
      assert.doesNotMatch(page.body, /\/reschedule"/, 'a cancelled meeting has no move form');
    });
  });
}
