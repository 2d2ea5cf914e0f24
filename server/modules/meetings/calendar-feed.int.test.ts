import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { sha256 } from '../../platform/crypto.ts';
import { auditEvents } from '../../test/audit-events.ts';
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
import { feedFetchLimiter } from './calendar-feed.routes.ts';

/*
 * The personal calendar feed on both databases: a secret URL created from a signed-in session
 * (shown once, stored as SHA-256 only), fetched without sign-in or cookie; it holds the planned
 * meetings of the owner's tables only, titles only; a revoked feed, an unknown token and a disabled
 * owner answer the same 404.
 */

const DAY = 86_400_000;
const TABLE = {
  name: 'Volwassenentafel Meerzicht',
  audience: 'adults',
  purpose: 'Fictief doel: zorgen over volwassenen in Meerzicht samen bekijken.',
  legalFramework: 'art_458ter',
};
const OTHER_TABLE = { ...TABLE, name: 'Jongerentafel Zuidhaven', audience: 'minors', purpose: 'Fictief doel van een andere tafel.' };

type Seeded = Awaited<ReturnType<typeof seedUser>>;

for (const target of databaseTargets()) {
  describe(`personal calendar feed on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let coordinator: Seeded;
    let keyFigure: Seeded;
    let otherMember: Seeded;
    let tableId: string;
    let otherTableId: string;
    let ownMeetingId: string;
    let otherMeetingId: string;

    const db = () => env.database.handle.db;
    const api = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: Record<string, unknown>) =>
      app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
    const signedIn = async (user: Seeded) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    /** Fetches a feed as a calendar program does: no cookie, no sign-in. */
    const fetchFeed = (url: string) => app.inject({ method: 'GET', url: new URL(url).pathname });
    const createFeedThroughPage = async (user: Seeded): Promise<string> => {
      const client = await signedIn(user);
      const account = await client.get('/account');
      assert.ok(account.body.includes('href="/account/calendar-feed"'), 'the account page links to the calendar feed');
      const page = await client.get('/account/calendar-feed');
      assert.equal(page.statusCode, 200, 'the feed page answers');
      assert.ok(page.body.includes('alleen titels en tijden'), 'the page explains the feed holds titles and times only');
      const created = await client.post('/account/calendar-feed', {});
      assert.equal(created.statusCode, 201, `the feed is created from the page: ${created.statusCode}`);
      const url = /id="calendar-feed-url"[^>]*value="([^"]+)"/.exec(created.body)?.[1];
      assert.ok(url, 'the page shows the new feed URL');
      const again = await client.get('/account/calendar-feed');
      assert.ok(!again.body.includes(url), 'the URL is shown once: the page does not show it again');
      return url;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
      keyFigure = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      otherMember = await seedUser(env.ctx, tenant, ['professional'], { password: TEST_PASSWORD });
      for (const [table, member, assign] of [
        [TABLE, keyFigure, (id: string) => (tableId = id)],
        [OTHER_TABLE, otherMember, (id: string) => (otherTableId = id)],
      ] as const) {
        const created = await api('POST', '/api/v1/tables', coordinator.token, table);
        assert.equal(created.statusCode, 201, `the table is created: ${created.body}`);
        assign(created.json().data.id);
        const seated = await api('POST', `/api/v1/tables/${created.json().data.id}/members`, coordinator.token, {
          userId: member.id,
          role: 'key_figure',
        });
        assert.equal(seated.statusCode, 201, `the member is seated: ${seated.body}`);
      }
      const plan = async (id: string, days: number) => {
        const planned = await api('POST', `/api/v1/tables/${id}/meetings`, coordinator.token, {
          startsAt: new Date(env.clock.now().getTime() + days * DAY).toISOString(),
          kind: 'regular',
        });
        assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
        return planned.json().data.id as string;
      };
      ownMeetingId = await plan(tableId, 14);
      otherMeetingId = await plan(otherTableId, 14);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a key figure creates a feed on the page; fetched without a cookie it holds their table’s meeting only, title only, on the Brussels clock', async () => {
      const url = await createFeedThroughPage(keyFigure);
      assert.match(
        url,
        /^http:\/\/localhost(:\d+)?\/calendar\/[0-9a-f-]{36}_[A-Za-z0-9_-]{43}\.ics$/,
        'the URL is the feed path with the secret token',
      );
      const feed = await fetchFeed(url);
      assert.equal(feed.statusCode, 200, `the feed answers without sign-in: ${feed.body}`);
      assert.match(String(feed.headers['content-type']), /^text\/calendar/, 'the feed is an iCalendar file');
      assert.equal(feed.headers['set-cookie'], undefined, 'the feed sets no cookie');
      const calendar = new ICAL.Component(ICAL.parse(feed.body));
      assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH', 'a feed publishes');
      assert.equal(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), 'Europe/Brussels', 'with the network’s VTIMEZONE');
      const events = calendar.getAllSubcomponents('vevent');
      assert.deepEqual(
        events.map((event) => event.getFirstPropertyValue('uid')),
        [`${ownMeetingId}@partnertafel`],
        'only the meeting of the key figure’s own table, with the UID of its calendar.ics; the other table’s meeting is absent',
      );
      assert.equal(events[0]!.getFirstPropertyValue('summary'), `${TABLE.name} – vergadering`, 'the title is the table’s name and “vergadering”');
      assert.equal(events[0]!.getFirstProperty('dtstart')!.getParameter('tzid'), 'Europe/Brussels', 'the start carries the network’s TZID');
      assert.ok(!feed.body.includes(TABLE.purpose), 'the feed does not hold the table’s purpose');
      assert.ok(!feed.body.includes(otherMeetingId) && !feed.body.includes(OTHER_TABLE.name), 'nothing of the other table');

      const coordinatorFeed = await fetchFeed(await createFeedThroughPage(coordinator));
      const uids = new ICAL.Component(ICAL.parse(coordinatorFeed.body))
        .getAllSubcomponents('vevent')
        .map((event) => event.getFirstPropertyValue('uid'));
      assert.deepEqual(
        [...uids].sort(),
        [`${ownMeetingId}@partnertafel`, `${otherMeetingId}@partnertafel`].sort(),
        'the coordinator’s feed holds the meetings of every table (meetings.read)',
      );
    });

    test('no secret is stored in clear: the row holds the SHA-256 of the token, and no column holds the token', async () => {
      const url = await createFeedThroughPage(otherMember);
      const token = new URL(url).pathname.slice('/calendar/'.length, -'.ics'.length);
      const rows = await db().selectFrom('calendar_feeds').selectAll().where('user_id', '=', otherMember.id).execute();
      assert.equal(rows.length, 1, 'one feed row for the member');
      assert.equal(rows[0]!.token_hash, sha256(token), 'the row holds the token’s SHA-256');
      const secret = token.split('_').slice(1).join('_');
      for (const [column, value] of Object.entries(rows[0]!))
        assert.ok(!String(value).includes(secret), `the column ${column} does not hold the secret`);
      const audit = await db()
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'calendar_feed.created')
        .where('actor_user_id', '=', otherMember.id)
        .execute();
      assert.equal(audit.length, 1, 'creating the feed is audited');
      assert.ok(!String(audit[0]!.details).includes(secret), 'the audit event does not hold the secret');
      const fetched = await fetchFeed(url);
      assert.equal(fetched.statusCode, 200, 'the feed works');
      const used = await db().selectFrom('calendar_feeds').select('last_used_at').where('user_id', '=', otherMember.id).executeTakeFirstOrThrow();
      assert.equal(used.last_used_at, env.clock.now().toISOString(), 'the fetch is noted on the feed');
    });

    test('revoked, replaced, unknown and malformed tokens and a disabled owner all answer the same 404', async () => {
      const first = await createFeedThroughPage(keyFigure);
      const second = await createFeedThroughPage(keyFigure);
      const unknown = await fetchFeed(`http://localhost/calendar/${tenant.tenantId}_${'A'.repeat(43)}.ics`);
      assert.equal(unknown.statusCode, 404, 'an unknown token is 404');
      const replaced = await fetchFeed(first);
      assert.equal(replaced.statusCode, 404, 'a feed replaced by a new one is 404');
      assert.equal(replaced.body, unknown.body, 'a replaced feed answers byte-identically to an unknown token');
      const malformed = await app.inject({ method: 'GET', url: '/calendar/not-a-token.ics' });
      assert.equal(malformed.statusCode, 404, 'a malformed token is 404');
      assert.equal((await fetchFeed(second)).statusCode, 200, 'the newest feed works');

      const client = await signedIn(keyFigure);
      await client.get('/account/calendar-feed');
      const revoked = await client.post('/account/calendar-feed/revoke', {});
      assert.equal(revoked.statusCode, 303, 'revoking redirects back to the page');
      const afterRevoke = await fetchFeed(second);
      assert.equal(afterRevoke.statusCode, 404, 'a revoked feed is 404');
      assert.equal(afterRevoke.body, unknown.body, 'a revoked feed answers byte-identically to an unknown token');
      const audit = await db()
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'calendar_feed.revoked')
        .where('actor_user_id', '=', keyFigure.id)
        .execute();
      assert.equal(audit.length, 1, 'the revocation is audited once (the replaced feed was revoked on creation, not here)');

      const third = await createFeedThroughPage(keyFigure);
      assert.equal((await fetchFeed(third)).statusCode, 200, 'a new feed works');
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', keyFigure.id).execute();
      try {
        const disabled = await fetchFeed(third);
        assert.equal(disabled.statusCode, 404, 'the feed of a disabled account is 404');
        assert.equal(disabled.body, unknown.body, 'byte-identical to an unknown token');
      } finally {
        await db().updateTable('users').set({ status: 'active' }).where('id', '=', keyFigure.id).execute();
      }
    });

    test('the API: a token cannot mint a feed (403 audited, nothing stored); a signed-in session can; DELETE revokes', async () => {
      const before = await db().selectFrom('calendar_feeds').select('id').where('user_id', '=', otherMember.id).execute();
      const byToken = await api('POST', '/api/v1/me/calendar-feed', otherMember.token);
      assert.equal(byToken.statusCode, 403, `a Bearer token cannot create a feed: ${byToken.body}`);
      const denial = await auditEvents(db(), { latestFirst: true })
        .select(['decision', 'action'])
        .where('actor_user_id', '=', otherMember.id)
        .executeTakeFirstOrThrow();
      assert.equal(denial.decision, 'deny', 'the refusal is audited as a denial');
      const after = await db().selectFrom('calendar_feeds').select('id').where('user_id', '=', otherMember.id).execute();
      assert.equal(after.length, before.length, 'nothing was stored');

      const client = await signedIn(otherMember);
      await client.get('/account/calendar-feed');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/me/calendar-feed',
        headers: {
          cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          'x-csrf-token': client.csrfToken,
          origin: 'http://localhost:80',
          'sec-fetch-site': 'same-origin',
        },
      });
      assert.equal(created.statusCode, 201, `a signed-in session creates a feed through the API: ${created.body}`);
      const url = created.json().data.url as string;
      assert.equal((await fetchFeed(url)).statusCode, 200, 'the API’s URL works');
      const deleted = await api('DELETE', '/api/v1/me/calendar-feed', otherMember.token);
      assert.equal(deleted.statusCode, 204, 'DELETE revokes (a token may revoke)');
      assert.equal((await fetchFeed(url)).statusCode, 404, 'the revoked URL is 404');
      const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
      assert.deepEqual(
        Object.keys(openapi.paths['/api/v1/me/calendar-feed']).sort(),
        ['delete', 'post'],
        'the OpenAPI document lists POST and DELETE of the feed',
      );
    });

    test('the window: a meeting more than twelve months ahead is absent, one more than three months past drops out', async () => {
      const url = await createFeedThroughPage(keyFigure);
      const far = await api('POST', `/api/v1/tables/${tableId}/meetings`, coordinator.token, {
        startsAt: new Date(env.clock.now().getTime() + 400 * DAY).toISOString(),
        kind: 'interim',
      });
      assert.equal(far.statusCode, 201, far.body);
      const uids = (body: string) =>
        new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((event) => event.getFirstPropertyValue('uid'));
      assert.deepEqual(uids((await fetchFeed(url)).body), [`${ownMeetingId}@partnertafel`], 'the meeting 400 days ahead is not in the feed');
      const farUid = `${far.json().data.id}@partnertafel`;
      env.clock.advance(60 * DAY);
      assert.deepEqual(
        uids((await fetchFeed(url)).body),
        [`${ownMeetingId}@partnertafel`, farUid],
        'two months later: the meeting 46 days past is still in, the far one (now 340 days ahead) has come in',
      );
      env.clock.advance(60 * DAY);
      assert.deepEqual(uids((await fetchFeed(url)).body), [farUid], 'four months later the meeting 106 days past has dropped out');
    });
  });
}

test('the feed fetch limiter: a client may fetch the limit per minute, then waits for the next minute', () => {
  let now = 0;
  const allowed = feedFetchLimiter(3, () => now);
  assert.deepEqual([allowed('a'), allowed('a'), allowed('a'), allowed('a')], [true, true, true, false], 'the fourth fetch in a minute is refused');
  assert.equal(allowed('b'), true, 'another client has its own count');
  now = 60_000;
  assert.equal(allowed('a'), true, 'the next minute starts a new count');
});
