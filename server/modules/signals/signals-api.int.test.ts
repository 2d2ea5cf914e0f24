import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import type { WorldUser } from '../../test/case-world.ts';
import { reportSignal, seedSignalWorld, SIGNAL_SUBJECT, type SignalWorld } from '../../test/signal-world.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The signals API on both databases: what each role gets from POST/GET /api/v1/signals and
 * GET /api/v1/signals/:id, the decision, and the HTTP denial matrix — invisible is 404 byte-identical
 * to a missing id, forbidden is 403 and audited, bad input is 400 with localised issues; nothing changes.
 */
const MISSING = '00000000-0000-4000-8000-000000000000';

for (const target of databaseTargets()) {
  describe(`signals API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const row = (id: string) =>
      env.ctx.db.selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    const get = (who: WorldUser, url: string) => app.inject({ method: 'GET', url, headers: bearer(who.token) });
    const post = (who: WorldUser, url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, headers: bearer(who.token), payload: payload as object });
    const denials = (userId: string) =>
      env.database.handle.db.selectFrom('audit_events').selectAll().where('actor_user_id', '=', userId).where('decision', '=', 'deny').execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a professional reports through the API, anonymously; the coordinator sees "anonymous", the reporter their own report', async () => {
      const created = await post(world.teacher, '/api/v1/signals', {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictional API concern.',
        reporterAnonymous: true,
        subject: SIGNAL_SUBJECT,
      });
      assert.equal(created.statusCode, 201, 'the signal is created');
      const { id, reference } = created.json().data as { id: string; reference: string };
      assert.match(reference, /^SIG-/, 'with its reference');
      const coordinator = await get(world.coordinator, `/api/v1/signals/${id}`);
      assert.equal(coordinator.statusCode, 200, 'the coordinator reads the signal');
      const seen = coordinator.json().data;
      assert.deepEqual(
        seen.reporter,
        { anonymous: true, name: null, organisation: null, contact: null },
        'the reporter is anonymous to the coordinator',
      );
      assert.deepEqual(
        seen.subject,
        { givenName: 'Sami', familyName: 'Fictief-Signaal', birthDate: '2011-03-09' },
        'the coordinator sees the person',
      );
      assert.doesNotMatch(
        coordinator.body,
        new RegExp(`${world.teacher.id}|${world.teacher.email}|${world.organisations.school}|Tine`),
        'nothing in the answer names the reporter',
      );
      const own = await get(world.teacher, `/api/v1/signals/${id}`);
      assert.equal(own.statusCode, 200, 'the reporter reads their own signal');
      assert.deepEqual(
        Object.keys(own.json().data).sort(),
        ['createdAt', 'description', 'disclosureStatus', 'id', 'kind', 'reference', 'status', 'theme'],
        'the reporter sees status, what they wrote and the disclosure status — nothing more',
      );
    });

    test('a named reporter is shown to the coordinator by name and organisation', async () => {
      const created = await reportSignal(world, 'police', { anonymous: false });
      const seen = (await get(world.coordinator, `/api/v1/signals/${created.id}`)).json().data;
      assert.equal(seen.reporter.anonymous, false, 'not anonymous');
      assert.equal(seen.reporter.name, 'Pieter Wijkagent-Fictief', 'the reporter’s name');
      assert.equal(seen.reporter.organisation, 'Politiezone Rivierstede', 'and organisation');
    });

    test('the coordinator registers on someone’s behalf by sending a channel; a professional may not', async () => {
      const payload = {
        kind: 'consult',
        theme: 'drugs',
        description: 'Fictional phone consult.',
        channel: 'phone',
        reporter: { name: 'Fictional caller' },
      };
      const registered = await post(world.coordinator, '/api/v1/signals', payload);
      assert.equal(registered.statusCode, 201, 'the coordinator registers the signal');
      assert.equal((await row(registered.json().data.id)).channel, 'phone', 'with its channel');
      const refused = await post(world.teacher, '/api/v1/signals', payload);
      assert.equal(refused.statusCode, 403, 'a professional does not register on someone’s behalf');
    });

    test('the list: everything for the coordinator with filters, the longest waiting first; one’s own for a professional, never who reported', async () => {
      const older = await reportSignal(world, 'youthWorker', { kind: 'consult', theme: 'gangs' });
      env.clock.advance(3 * 24 * 3600 * 1000);
      const newer = await reportSignal(world, 'youthWorker', { kind: 'consult', theme: 'gangs' });
      const filtered = await get(world.coordinator, '/api/v1/signals?theme=gangs&kind=consult');
      assert.equal(filtered.statusCode, 200, 'the coordinator lists');
      const entries = filtered.json().data as { id: string; waitingDays: number | null; channel?: string }[];
      assert.deepEqual(
        entries.map((entry) => entry.id),
        [older.id, newer.id],
        'the longest waiting first, filtered on theme and kind',
      );
      assert.equal(entries[0]!.waitingDays, 3, 'the older one waited three days');
      assert.doesNotMatch(filtered.body, /reporter|Yusuf|Jeugdwerker/, 'the list never names who reported');
      const [listed] = await auditEvents(env.database.handle.db, { latestFirst: true })
        .selectAll()
        .where('actor_user_id', '=', world.coordinator.id)
        .where('action', '=', 'signal.listed')
        .limit(1)
        .execute();
      assert.deepEqual(JSON.parse(listed!.details!), { count: 2 }, 'the coordinator’s list is recorded with its count');
      const mine = await get(world.youthWorker, '/api/v1/signals');
      const ids = (mine.json().data as { id: string }[]).map((entry) => entry.id);
      assert.ok(ids.includes(older.id) && ids.includes(newer.id), 'the youth worker sees their own signals');
      const teacherList = await get(world.teacher, '/api/v1/signals');
      assert.ok(!(teacherList.json().data as { id: string }[]).some((entry) => entry.id === older.id), 'and nobody else’s');
      const page = await get(world.coordinator, '/api/v1/signals?theme=gangs&kind=consult&limit=1');
      assert.equal(page.json().nextCursor, '1', 'a page of one points at the next');
      const second = await get(world.coordinator, `/api/v1/signals?theme=gangs&kind=consult&limit=1&cursor=${page.json().nextCursor}`);
      assert.deepEqual(
        (second.json().data as { id: string }[]).map((entry) => entry.id),
        [newer.id],
        'the next page holds the newer one',
      );
      for (const who of [world.users.dpo, world.users.analyst, world.users.admin]) {
        assert.equal((await get(who, '/api/v1/signals')).statusCode, 403, 'roles without a consult point role may not list');
      }
    });

    test('the decision through the API: rationale required (400, nothing changed), then recorded; a second decision is 409', async () => {
      const created = await reportSignal(world);
      const before = await row(created.id);
      const missing = await post(world.coordinator, `/api/v1/signals/${created.id}/decision`, { outcome: 'no_concern', rationale: '' });
      assert.equal(missing.statusCode, 400, 'a decision without rationale is refused');
      assert.equal(missing.json().error.code, 'validation_failed', 'as validation_failed');
      assert.deepEqual(
        missing.json().error.issues.map((issue: { path: string }) => issue.path),
        ['rationale'],
        'on the rationale',
      );
      assert.ok(missing.json().error.issues[0].message.length > 0, 'with a localised message');
      assert.deepEqual(await row(created.id), before, 'nothing changed');
      const decided = await post(world.coordinator, `/api/v1/signals/${created.id}/decision`, {
        outcome: 'shared_concern',
        rationale: 'Fictional rationale.',
      });
      assert.equal(decided.statusCode, 200, 'the decision is recorded');
      assert.equal(decided.json().data.outcome, 'shared_concern', 'the answer shows the outcome');
      const again = await post(world.coordinator, `/api/v1/signals/${created.id}/decision`, { outcome: 'no_concern', rationale: 'Fictional.' });
      assert.equal(again.statusCode, 409, 'a decided signal is not decided again');
    });

    test('the OpenAPI document describes the signals routes', async () => {
      const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
      for (const path of ['/api/v1/signals', '/api/v1/signals/{id}', '/api/v1/signals/{id}/decision']) {
        assert.ok(openapi.paths[path], `${path} is described`);
      }
      assert.ok(openapi.paths['/api/v1/signals'].post.requestBody, 'the report body is described');
    });

    test('the denial matrix: invisible is 404 byte-identical to a missing id, forbidden is 403 and audited, nothing changes', async () => {
      const created = await reportSignal(world, { anonymous: false });
      const before = await row(created.id);
      const decision = { outcome: 'no_concern', rationale: 'Fictional.' };
      for (const who of [
        world.youthWorker,
        world.police,
        world.users.dpo,
        world.users.analyst,
        world.users.admin,
        world.users.keyFigureThisTable,
        world.users.otherTenant,
      ]) {
        for (const [method, path, payload] of [
          ['GET', '', undefined],
          ['POST', '/decision', decision],
        ] as const) {
          const invisible = await app.inject({
            method,
            url: `/api/v1/signals/${created.id}${path}`,
            headers: bearer(who.token),
            ...(payload && { payload }),
          });
          const absent = await app.inject({
            method,
            url: `/api/v1/signals/${MISSING}${path}`,
            headers: bearer(who.token),
            ...(payload && { payload }),
          });
          assert.equal(invisible.statusCode, 404, `${method} ${path || '/'} of an invisible signal is 404`);
          assert.equal(invisible.body, absent.body, `${method} ${path || '/'}: byte-identical to a missing id`);
        }
      }
      const denialsBefore = (await denials(world.teacher.id)).length;
      const forbidden = await post(world.teacher, `/api/v1/signals/${created.id}/decision`, decision);
      assert.equal(forbidden.statusCode, 403, 'the reporter may see but not decide');
      assert.equal((await denials(world.teacher.id)).length, denialsBefore + 1, 'the refusal is audited');
      const badInput = await post(world.coordinator, `/api/v1/signals/${created.id}/decision`, { outcome: 'maybe', rationale: 'Fictional.' });
      assert.equal(badInput.statusCode, 400, 'an unknown outcome is bad input');
      const unknownField = await post(world.teacher, '/api/v1/signals', {
        kind: 'consult',
        theme: 'drugs',
        description: 'x',
        reporterAnonymous: false,
        extra: 1,
      });
      assert.equal(unknownField.statusCode, 400, 'an unknown field is refused');
      assert.deepEqual(await row(created.id), before, 'nothing changed');
      const visitor = await app.inject({ method: 'GET', url: `/api/v1/signals/${created.id}` });
      assert.equal(visitor.statusCode, 401, 'a visitor is not signed in');
    });
  });
}
