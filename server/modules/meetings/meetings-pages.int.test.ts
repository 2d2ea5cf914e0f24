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
import { translator } from '../../ui/i18n.ts';
import type { Locale } from '../../platform/config.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const TABLE = {
  name: 'Volwassenentafel Rivierstede',
  audience: 'adults',
  purpose: 'Zorgen over volwassenen uit verschillende diensten samen bekijken en één plan afspreken.',
  legalFramework: 'art_458ter',
};

for (const target of databaseTargets()) {
  describe(`meeting pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    let keyFigure: Awaited<ReturnType<typeof seedUser>>;
    let outsider: Awaited<ReturnType<typeof seedUser>>;
    let coordinatorClient: PageClient;
    let keyFigureClient: PageClient;
    let outsiderClient: PageClient;
    let tableId: string;

    const db = () => env.database.handle.db;
    const countMeetings = async () => (await db().selectFrom('meetings').select('id').where('table_id', '=', tableId).execute()).length;
    const signedIn = async (user: Awaited<ReturnType<typeof seedUser>>) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    const setLocale = (userId: string, locale: Locale) => db().updateTable('users').set({ locale }).where('id', '=', userId).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      outsider = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      const created = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: bearer(coordinator.token), payload: TABLE });
      tableId = created.json().data.id;
      await app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/members`,
        headers: bearer(coordinator.token),
        payload: { userId: keyFigure.id, role: 'key_figure' },
      });
      coordinatorClient = await signedIn(coordinator);
      keyFigureClient = await signedIn(keyFigure);
      outsiderClient = await signedIn(outsider);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the table page links to its meetings; the coordinator sets a schedule through the form (a bad rule is drawn again with 400)', async () => {
      const t = translator('nl');
      const tablePage = await coordinatorClient.get(`/tables/${tableId}`);
      assert.ok(
        tablePage.body.includes(`<a href="/tables/${tableId}/meetings">${html(t('meetings.link_from_table'))}</a>`),
        'the table page links to its meetings',
      );

      const empty = await coordinatorClient.get(`/tables/${tableId}/meetings`);
      assert.equal(empty.statusCode, 200, 'the coordinator opens the meetings page');
      assert.ok(empty.body.includes(html(t('meetings.empty'))), 'no meetings yet');
      assert.match(empty.body, /<label for="field-rrule">/, 'the rule field is labelled');
      assert.ok(!empty.body.includes(html(t('meetings.proposals_title'))), 'no proposals without a schedule');

      const bad = await coordinatorClient.post(`/tables/${tableId}/schedule`, {
        rrule: 'FREQ=HOURLY',
        localStartTime: '11:00',
        durationMinutes: '90',
        timeZone: '',
      });
      assert.equal(bad.statusCode, 400, 'a bad rule is drawn again');
      assert.ok(bad.body.includes(html(t('validation.meeting_rule_invalid'))), 'with the rule’s message');
      assert.ok(bad.body.includes('value="FREQ=HOURLY"'), 'keeping what was typed');
      assert.equal(
        await db().selectFrom('meeting_schedules').select('id').where('table_id', '=', tableId).executeTakeFirst(),
        undefined,
        'no schedule was saved',
      );

      const saved = await coordinatorClient.post(`/tables/${tableId}/schedule`, {
        rrule: 'FREQ=MONTHLY;BYDAY=1MO',
        localStartTime: '11:00',
        durationMinutes: '90',
        timeZone: '',
      });
      assert.equal(saved.statusCode, 303, 'the schedule is saved');
      assert.equal(saved.headers.location, `/tables/${tableId}/meetings`, 'back to the meetings page');
      const withProposals = await coordinatorClient.get(`/tables/${tableId}/meetings`);
      assert.ok(withProposals.body.includes(html(t('meetings.proposals_title'))), 'proposals are shown');
      assert.ok(
        withProposals.body.includes('name="startsAt" value="2026-02-02T10:00:00.000Z"'),
        'the first proposal: Monday 2 February 2026, 11:00 Brussels time',
      );
      assert.match(withProposals.body, /maandag 2 februari 2026[^<]*11:00/, 'the proposal is written in Dutch, on the Brussels clock');
    });

    test('“plan this meeting” plans once (a second click says so), and the meeting page shows it in the tenant zone in nl, fr and en', async () => {
      const first = await coordinatorClient.post(`/tables/${tableId}/meetings`, { startsAt: '2026-02-02T10:00:00.000Z', kind: 'regular' });
      assert.equal(first.statusCode, 303, 'planned');
      const meetingPath = first.headers.location as string;
      assert.match(meetingPath, /^\/meetings\/[0-9a-f-]{36}$/, 'the coordinator lands on the meeting');
      const again = await coordinatorClient.post(`/tables/${tableId}/meetings`, { startsAt: '2026-02-02T10:00:00.000Z', kind: 'regular' });
      assert.equal(again.statusCode, 303, 'a second click redirects too');
      assert.equal(again.headers.location, `/tables/${tableId}/meetings`, 'back to the list, where the flash says it was planned already');
      assert.equal(await countMeetings(), 1, 'one meeting was planned');

      const expected: Record<Locale, RegExp> = {
        nl: /maandag 2 februari 2026[^<]*11:00/,
        fr: /lundi 2 février 2026[^<]*11:00/,
        en: /Monday[^<]*2 February 2026[^<]*11:00/,
      };
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await setLocale(coordinator.id, locale);
        const t = translator(locale);
        const page = await coordinatorClient.get(meetingPath);
        assert.equal(page.statusCode, 200, `${locale}: the meeting page opens`);
        assert.ok(page.body.includes(`<html lang="${locale}"`), `${locale}: the page is in ${locale}`);
        assert.ok(
          page.body.includes(`<h1>${html(t('meetings.meeting_title', { table: TABLE.name }))}</h1>`),
          `${locale}: the heading names the table`,
        );
        assert.match(page.body, expected[locale], `${locale}: the start on the Brussels clock, in the reader's language`);
        assert.ok(
          page.body.includes(`href="${meetingPath}/calendar.ics" download="meeting.ics" hx-boost="false"`),
          `${locale}: a link to the calendar file, downloaded by the browser (not boosted)`,
        );
        assert.ok(!page.body.includes(TABLE.purpose), `${locale}: no table purpose or case content on the page`);
        const list = await coordinatorClient.get(`/tables/${tableId}/meetings`);
        assert.equal(list.statusCode, 200, `${locale}: the meetings page opens`);
        assert.ok(list.body.includes(`<h1>${html(t('meetings.table_title', { table: TABLE.name }))}</h1>`), `${locale}: the meetings page's heading`);
      }
      await setLocale(coordinator.id, 'nl');
      const ics = await coordinatorClient.get(`${meetingPath}/calendar.ics`);
      assert.equal(ics.statusCode, 200, 'the calendar file downloads');
      assert.match(String(ics.headers['content-type']), /^text\/calendar/, 'as text/calendar');
      assert.match(ics.body, /DTSTART;TZID=Europe\/Brussels:20260202T110000/, 'at 11:00 Brussels time');
    });

    test('a key figure sees the list and the meeting but no planning; an outsider gets 404; neither may post', async () => {
      const t = translator('nl');
      const list = await keyFigureClient.get(`/tables/${tableId}/meetings`);
      assert.equal(list.statusCode, 200, 'the key figure opens the meetings of their table');
      assert.ok(!list.body.includes('name="rrule"'), 'without the schedule form');
      assert.ok(!list.body.includes(html(t('meetings.proposals_title'))), 'without proposals');
      const meetingId = (await db().selectFrom('meetings').select('id').where('table_id', '=', tableId).executeTakeFirstOrThrow()).id;
      assert.equal((await keyFigureClient.get(`/meetings/${meetingId}`)).statusCode, 200, 'the key figure opens the meeting');
      const count = await countMeetings();
      const refused = await keyFigureClient.post(`/tables/${tableId}/meetings`, { startsAt: '2026-03-02T10:00:00.000Z' });
      assert.equal(refused.statusCode, 403, 'the key figure may not plan');
      const refusedSchedule = await keyFigureClient.post(`/tables/${tableId}/schedule`, {
        rrule: 'FREQ=DAILY',
        localStartTime: '08:00',
        durationMinutes: '30',
      });
      assert.equal(refusedSchedule.statusCode, 403, 'nor set the schedule');

      const missing = await outsiderClient.get('/meetings/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.statusCode, 404, 'a missing meeting is 404');
      const hidden = await outsiderClient.get(`/meetings/${meetingId}`);
      assert.equal(hidden.statusCode, 404, 'an outsider gets 404 for a real meeting');
      const main = (body: string) => body.split('<main')[1]?.split('</main>')[0];
      assert.equal(main(hidden.body), main(missing.body), 'the same page as for a missing one (only the language switch’s return path differs)');
      assert.equal((await outsiderClient.get(`/tables/${tableId}/meetings`)).statusCode, 404, 'an outsider does not see the table’s meetings');
      assert.equal(await countMeetings(), count, 'nothing was planned');
    });
  });
}
