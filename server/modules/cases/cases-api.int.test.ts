import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ageBandOn } from './cases.vocabulary.ts';
import { databaseTargets } from '../../test/databases.ts';
import { addWorldConsent, addWorldItem, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';

for (const target of databaseTargets()) {
  describe(`cases API on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const as = (who: keyof CaseWorld['users']) => bearer(world.users[who].token);
    const auditOf = async (caseId: string, action: string) =>
      env.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('case_id', '=', caseId)
        .where('action', '=', action)
        .execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator opens a case: pseudonym reference, identity shown to the coordinator, audited', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: as('coordinator'),
        payload: {
          tableId: world.tables.minors,
          theme: 'gangs',
          summary: 'Fictional summary for the API test.',
          identityDisclosure: 'restricted',
          subject: { givenName: 'Lio', familyName: 'Testmans', birthDate: '2011-02-03', gender: 'x' },
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { data, abilities } = created.json();
      assert.match(data.reference, /^[A-Z0-9]{3}-\d{4}-\d{3}$/, 'data.reference matches /^[A-Z0-9]{3}-\\d{4}-\\d{3}$/');
      assert.equal(data.subject.familyName, 'Testmans', 'data.subject.familyName is "Testmans"');
      assert.equal(data.subject.ageBand, '12-15', 'data.subject.ageBand is "12-15"');
      assert.equal(data.version, 1, 'data.version is 1');
      assert.equal(abilities.update, true, 'abilities.update is true');
      assert.equal((await auditOf(data.id, 'case.created')).length, 1, "auditOf(data.id, 'case.created') holds 1 entry");
      assert.equal((await auditOf(data.id, 'case.viewed')).length, 1, "auditOf(data.id, 'case.viewed') holds 1 entry");
    });

    test('a person around the subject is found by name and birth date too (the blind index covers every person with both)', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: as('coordinator'),
        payload: {
          tableId: world.tables.minors,
          theme: 'intra_family_violence',
          summary: 'Fictional summary with a parent.',
          identityDisclosure: 'table',
          subject: { givenName: 'Kobe', familyName: 'Testkind', birthDate: '2012-07-01' },
          contextPersons: [{ role: 'parent', givenName: 'Els', familyName: "D'Hondt-Test", birthDate: '1984-02-29' }],
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(
        created.json().data.contextPersons[0].familyName,
        "D'Hondt-Test",
        'created.json().data.contextPersons[0].familyName is "D\'Hondt-Test"',
      );
      const found = await app.inject({
        method: 'POST',
        url: '/api/v1/cases/search',
        headers: as('coordinator'),
        payload: { familyName: 'dhondt test', birthDate: '1984-02-29' },
      });
      assert.deepEqual(
        found.json().data.map((c: { id: string }) => c.id),
        [created.json().data.id],
        'the posted person search finds the case through the blind index, spelling-normalised',
      );
      const inUrl = await app.inject({
        method: 'GET',
        url: '/api/v1/cases?familyName=dhondt%20test&birthDate=1984-02-29',
        headers: as('coordinator'),
      });
      assert.equal(inUrl.statusCode, 400, 'a name in the URL is refused: proxies log URLs');
      const professional = await app.inject({
        method: 'POST',
        url: '/api/v1/cases/search',
        headers: as('keyFigureThisTable'),
        payload: { familyName: 'dhondt test', birthDate: '1984-02-29' },
      });
      assert.equal(professional.statusCode, 403, 'only the coordinator searches cases by person');
    });

    test('an anonymous case refuses a name; nothing is created', async () => {
      const before = (await env.ctx.db.selectFrom('cases').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { ...as('coordinator'), 'accept-language': 'fr' },
        payload: { tableId: world.tables.minors, theme: 'drugs', summary: 'x', identityDisclosure: 'anonymous', subject: { familyName: 'Nope' } },
      });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      const body = response.json();
      assert.equal(body.error.code, 'validation_failed', 'body.error.code is "validation_failed"');
      assert.equal(body.error.issues[0].path, 'subject.familyName', 'body.error.issues[0].path is "subject.familyName"');
      assert.match(body.error.issues[0].message, /anonyme/, 'body.error.issues[0].message matches /anonyme/');
      const afterCount = (await env.ctx.db.selectFrom('cases').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;
      assert.equal(afterCount, before, 'afterCount is unchanged (before)');
    });

    test('identity by disclosure level: restricted shows it to the case owner, not to a guest or key figure', async () => {
      const read = async (who: keyof CaseWorld['users']) =>
        (await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}`, headers: as(who) })).json().data;
      assert.equal(
        (await read('caseOwnerMember')).subject.familyName,
        'Verhaegen-Test',
        'read(\'caseOwnerMember\').subject.familyName is "Verhaegen-Test"',
      );
      assert.equal((await read('referrer')).subject.familyName, 'Verhaegen-Test', 'read(\'referrer\').subject.familyName is "Verhaegen-Test"');
      const guest = await read('guestThisCase');
      assert.equal(guest.subject.familyName, undefined, 'guest.subject.familyName is undefined');
      assert.equal(guest.subject.givenName, undefined, 'guest.subject.givenName is undefined');
      assert.equal(guest.subject.birthDate, undefined, 'guest.subject.birthDate is undefined');
      assert.equal(
        guest.subject.ageBand,
        ageBandOn('2010-05-14', env.clock.now().toISOString().slice(0, 10)),
        "guest.subject.ageBand is ageBandOn('2010-05-14', env.clock.now().toISOString().slice…",
      );
      assert.equal(guest.identityVisible, false, 'guest.identityVisible is false');
      assert.equal((await read('keyFigureThisTable')).subject.familyName, undefined, "read('keyFigureThisTable').subject.familyName is undefined");
    });

    test('lists hold only visible cases, and search by name is the coordinator’s', async () => {
      const list = async (who: keyof CaseWorld['users'], query = '') =>
        (await app.inject({ method: 'GET', url: `/api/v1/cases${query}`, headers: as(who) })).json().data as { id: string }[];
      assert.ok(
        (await list('guestThisCase')).some((c) => c.id === world.caseA.id),
        "some entry of list('guestThisCase') matches (c) => c.id === world.caseA.id",
      );
      assert.ok(!(await list('guestThisCase')).some((c) => c.id === world.caseB.id), "no entry of list('guestThisCase') matches");
      assert.deepEqual(await list('outsider'), [], "list('outsider') is empty");
      const byReference = await list('guestThisCase', `?q=${encodeURIComponent(world.caseA.reference.toLowerCase())}`);
      assert.deepEqual(
        byReference.map((c) => c.id),
        [world.caseA.id],
        'a reference is found whatever its case',
      );
      const search = (who: WorldActor) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/cases/search',
          headers: as(who),
          payload: { familyName: 'verhaegen test', birthDate: '2010-05-14' },
        });
      assert.deepEqual(
        ((await search('coordinator')).json().data as { id: string }[]).map((c) => c.id),
        [world.caseA.id],
        'the coordinator finds the case by family name and birth date',
      );
      const refused = await search('guestThisCase');
      assert.equal(refused.statusCode, 403, 'a guest may not search cases by person');
      const admin = await app.inject({ method: 'GET', url: '/api/v1/cases', headers: as('admin') });
      assert.equal(admin.statusCode, 403, 'the admin request answers 403 Forbidden');
    });

    test('the items of a case come in pages: every readable item once, oldest first; a foreign cursor is a 400', async () => {
      for (const n of [1, 2, 3]) {
        await addWorldItem(env.ctx, world, { body: `Fictional paged item ${n}`, audience: 'table', legalBasis: 'art_458ter' });
      }
      const all = (await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/items?limit=200`, headers: as('guestThisCase') })).json();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/cases/${world.caseA.id}/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await app.inject({ method: 'GET', url, headers: as('guestThisCase') });
        assert.equal(page.statusCode, 200, `a page of items answers 200 (${page.body})`);
        const body = page.json() as { data: { id: string }[]; nextCursor: string | null };
        assert.ok(body.data.length <= 2, 'a page holds at most the limit');
        seen.push(...body.data.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        (all.data as { id: string }[]).map((item) => item.id),
        'paging with the cursor yields every readable item once, in the order of the whole list',
      );
      assert.ok(seen.length >= 3, 'the three new items are among them');
      const foreign = await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/items?cursor=garbage`, headers: as('guestThisCase') });
      assert.equal(foreign.statusCode, 400, 'a cursor the server did not make is refused');
    });

    test('the list pages with a cursor in both orders: every visible case once, none twice', async () => {
      for (let n = 0; n < 3; n += 1) {
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: as('coordinator'),
          payload: { tableId: world.tables.adults, theme: 'other', summary: `Fictional paging case ${n}`, identityDisclosure: 'anonymous' },
        });
        assert.equal(created.statusCode, 201, 'the created request answers 201 Created');
        env.clock.advance(1000);
      }
      for (const sort of ['updated', 'reference']) {
        const all = (await app.inject({ method: 'GET', url: `/api/v1/cases?sort=${sort}`, headers: as('coordinator') })).json();
        assert.equal(all.nextCursor, null, 'all.nextCursor is null');
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = (await app.inject({ method: 'GET', url: `/api/v1/cases${query}`, headers: as('coordinator') })).json();
          assert.ok(page.data.length <= 2, 'the number of page.data is at most 2');
          seen.push(...page.data.map((c: { id: string }) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(
          seen,
          all.data.map((c: { id: string }) => c.id),
          `${sort}: the pages together are the whole list, in order`,
        );
        assert.ok(seen.length >= 4, 'the number of seen is at least 4');
      }
    });

    test('items follow their audience; a withdrawn consent hides the item from the partner at once, not from its author organisation', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.city, world.organisations.welfare, world.organisations.police]);
      const post = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseA.id}/items`,
        headers: as('keyFigureThisTable'),
        payload: {
          body: 'Fictional observation shared under consent.',
          audience: 'organisations',
          organisationIds: [world.organisations.welfare],
          legalBasis: 'consent',
          consentId,
        },
      });
      assert.equal(post.statusCode, 201, post.body);
      const itemId = post.json().data.id;
      const items = async (who: keyof CaseWorld['users']) =>
        ((await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/items`, headers: as(who) })).json().data as { id: string }[]).map(
          (i) => i.id,
        );
      assert.ok((await items('guestThisCase')).includes(itemId), "items('guestThisCase') contains itemId");
      assert.ok(!(await items('careNetwork')).includes(itemId), "items('careNetwork') does not contain itemId");
      const withdrawn = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseA.id}/consents/${consentId}/withdraw`,
        headers: as('coordinator'),
        payload: { withdrawnOn: env.clock.now().toISOString().slice(0, 10), reason: 'Fictional: the family moved away.' },
      });
      assert.equal(withdrawn.statusCode, 204, 'the withdrawn request answers 204 No Content');
      assert.ok(!(await items('guestThisCase')).includes(itemId), "items('guestThisCase') does not contain itemId");
      assert.ok((await items('keyFigureThisTable')).includes(itemId), 'the author organisation keeps its own contribution');
      assert.equal(
        (await auditOf(world.caseA.id, 'case.consent_withdrawn')).length,
        1,
        "auditOf(world.caseA.id, 'case.consent_withdrawn') holds 1 entry",
      );
      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseA.id}/consents/${consentId}/withdraw`,
        headers: as('coordinator'),
        payload: { withdrawnOn: env.clock.now().toISOString().slice(0, 10), reason: 'Fictional: the family moved away.' },
      });
      assert.equal(again.statusCode, 409, 'the repeated request answers 409 Conflict');
    });

    test('an item resting on a consent that does not cover the audience is refused and nothing is written', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.welfare]);
      const count = async () =>
        (await env.ctx.db.selectFrom('case_items').select('id').where('tenant_id', '=', world.tenant.tenantId).execute()).length;
      const before = await count();
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseA.id}/items`,
        headers: as('keyFigureThisTable'),
        payload: { body: 'Not covered.', audience: 'table', legalBasis: 'consent', consentId },
      });
      assert.equal(response.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(response.json().error.issues[0].path, 'consentId', 'response.json().error.issues[0].path is "consentId"');
      assert.equal(await count(), before, 'count() is unchanged (before)');
    });

    test('PATCH needs If-Match; a stale version answers 409 and changes nothing', async () => {
      const current = (await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseB.id}`, headers: as('coordinator') })).json().data;
      const missing = await app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${world.caseB.id}`,
        headers: as('coordinator'),
        payload: { summary: 'New' },
      });
      assert.equal(missing.statusCode, 400, 'the missing request answers 400 Bad Request');
      const ok = await app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${world.caseB.id}`,
        headers: { ...as('coordinator'), 'if-match': `"${current.version}"` },
        payload: { summary: 'Changed fictional summary.' },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().data.version, current.version + 1, 'ok.json().data.version is current.version + 1');
      const stale = await app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${world.caseB.id}`,
        headers: { ...as('coordinator'), 'if-match': String(current.version) },
        payload: { summary: 'Lost update' },
      });
      assert.equal(stale.statusCode, 409, 'the stale request answers 409 Conflict');
      assert.equal(stale.json().error.code, 'conflict', 'the error code is "conflict"');
      const after = (await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseB.id}`, headers: as('coordinator') })).json().data;
      assert.equal(after.summary, 'Changed fictional summary.', 'after.summary is "Changed fictional summary."');
      assert.equal(after.version, current.version + 1, 'after.version is current.version + 1');
    });

    test('raising disclosure, closing and reopening are audited and on the timeline', async () => {
      const raise = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseB.id}/disclosure`,
        headers: as('coordinator'),
        payload: { level: 'restricted', rationale: 'Fictional rationale.', subject: { familyName: 'Anon-Test', birthDate: '2004-01-01' } },
      });
      assert.equal(raise.statusCode, 200, raise.body);
      assert.equal(raise.json().data.identityDisclosure, 'restricted', 'raise.json().data.identityDisclosure is "restricted"');
      assert.equal(raise.json().data.subject.familyName, 'Anon-Test', 'raise.json().data.subject.familyName is "Anon-Test"');
      const lower = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseB.id}/disclosure`,
        headers: as('coordinator'),
        payload: { level: 'anonymous', rationale: 'x' },
      });
      assert.equal(lower.statusCode, 400, 'the lower request answers 400 Bad Request');
      const close = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseB.id}/close`,
        headers: as('coordinator'),
        payload: { outcome: 'regular_care', rationale: 'Fictional closing.' },
      });
      assert.equal(close.statusCode, 200, close.body);
      assert.equal(close.json().data.status, 'closed', 'close.json().data.status is "closed"');
      const item = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseB.id}/items`,
        headers: as('coordinator'),
        payload: { body: 'x', audience: 'table', legalBasis: 'art_458ter' },
      });
      assert.equal(item.statusCode, 409, 'a closed case takes no new information');
      const reopen = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${world.caseB.id}/reopen`,
        headers: as('coordinator'),
        payload: { reason: 'Fictional new signal.' },
      });
      assert.equal(reopen.statusCode, 200, 'the reopen request answers 200 OK');
      assert.equal(reopen.json().data.status, 'open', 'reopen.json().data.status is "open"');
      for (const action of ['case.disclosure_raised', 'case.closed', 'case.reopened'])
        assert.equal((await auditOf(world.caseB.id, action)).length, 1, action);
      const timeline = (await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseB.id}/timeline`, headers: as('coordinator') })).json()
        .data as { kind: string; text: string | null }[];
      assert.deepEqual(
        timeline.map((entry) => entry.kind).filter((kind) => ['disclosure_raised', 'closed', 'reopened'].includes(kind)),
        ['disclosure_raised', 'closed', 'reopened'],
        "timeline.map((entry) => entry.kind).filter((kind) => ['disclosure_rai… is ['disclosure_raised', 'closed', 'reopened']",
      );
      assert.equal(
        timeline.find((entry) => entry.kind === 'closed')?.text,
        'Fictional closing.',
        'timeline.find((entry) => entry.kind === \'closed\')?.text is "Fictional closing."',
      );
    });
  });
}
