import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedCaseWorld, addWorldItem, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { UNTOUCHED_DAYS } from './home-panels.ts';

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** The HTML of one home panel (its section), or '' when the page has no such panel. */
const panel = (body: string, id: string) => body.split(`<section id="${id}"`)[1]?.split('</section>')[0] ?? '';
const navOf = (body: string) => body.split('class="main-nav"')[1]?.split('</nav>')[0] ?? '';

for (const target of databaseTargets()) {
  describe(`home page of what needs me on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let minuteTaker: Awaited<ReturnType<typeof seedUser>>;
    const t = translator('nl');

    const signIn = async (user: { email: string; totpSecret: string }) => {
      const client = new PageClient(app, { 'accept-language': 'nl' });
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    const homeOf = async (who: WorldActor) => {
      const page = await (await signIn(world.users[who])).get('/');
      assert.equal(page.statusCode, 200, `the home page of ${who} answers 200`);
      return page.body;
    };
    const caseLink = (caseRef: { id: string; reference: string }) => `<a href="/cases/${caseRef.id}">${caseRef.reference}</a>`;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      minuteTaker = await seedUser(env.ctx, world.tenant, ['minute_taker'], { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the coordinator: new information, open cases, cases without a case owner, untouched cases, and what they do here', async () => {
      const body = await homeOf('coordinator');
      for (const id of ['home-cases-new', 'home-cases-open', 'home-cases-ownerless', 'home-cases-untouched', 'home-roles']) {
        assert.ok(panel(body, id) !== '', `the coordinator's home has the panel ${id}`);
      }
      assert.ok(panel(body, 'home-cases-new').includes(html(t('home.cases_new.empty'))), 'nothing new: the coordinator made every step so far');
      assert.ok(panel(body, 'home-cases-open').includes(caseLink(world.caseA)), 'case A is open');
      assert.ok(panel(body, 'home-cases-open').includes(caseLink(world.caseB)), 'case B is open');
      assert.ok(panel(body, 'home-cases-ownerless').includes(caseLink(world.caseB)), 'case B has no case owner');
      assert.ok(!panel(body, 'home-cases-ownerless').includes(caseLink(world.caseA)), 'case A has one');
      assert.ok(
        panel(body, 'home-cases-untouched').includes(html(t('home.cases_untouched.empty', { days: UNTOUCHED_DAYS }))),
        'nothing is untouched yet',
      );
      assert.ok(panel(body, 'home-roles').includes(html(t('home.role_account.coordinator'))), 'the role is explained');
      assert.ok(!body.includes('Verhaegen-Test') && !body.includes('Fictional concern'), 'no names, no content');
    });

    test('new information: steps by others since my last read, only those I may see; reading the case clears it', async () => {
      await addWorldItem(env.ctx, world, { body: 'Fictional note for the table.', audience: 'table', legalBasis: 'art_458ter' });
      const coordinator = await signIn(world.users.coordinator);
      const before = await coordinator.get('/');
      assert.ok(panel(before.body, 'home-cases-new').includes(caseLink(world.caseA)), 'case A has new information for the coordinator');
      assert.ok(panel(before.body, 'home-cases-new').includes(html(t('home.cases_new.count', { count: 1 }))), 'one new step');
      const reads = async () =>
        (await env.database.handle.db.selectFrom('audit_events').select('id').where('actor_user_id', '=', world.users.coordinator.id).execute())
          .length;
      const auditedBefore = await reads();
      await coordinator.get('/');
      assert.equal(await reads(), auditedBefore, 'reading the home page is not audited as a read of a case');
      assert.equal((await coordinator.get(`/cases/${world.caseA.id}`)).statusCode, 200, 'the coordinator opens case A');
      const visit = await env.database.handle.db
        .selectFrom('case_visits')
        .select('last_visited_at')
        .where('user_id', '=', world.users.coordinator.id)
        .where('case_id', '=', world.caseA.id)
        .executeTakeFirst();
      assert.ok(visit, 'the read recorded the visit');
      const afterRead = await coordinator.get('/');
      assert.ok(!panel(afterRead.body, 'home-cases-new').includes(caseLink(world.caseA)), 'read: nothing new on case A any more');

      // The guest of case A reads it, then the police add a note for their own organisation only.
      const guest = await signIn(world.users.guestThisCase);
      assert.equal((await guest.get(`/cases/${world.caseA.id}`)).statusCode, 200, 'the guest reads case A');
      env.clock.advance(1000);
      await addWorldItem(env.ctx, world, { body: 'Fictional police working note.', audience: 'own_organisation', legalBasis: 'art_458ter' });
      const hidden = await guest.get('/');
      assert.ok(
        !panel(hidden.body, 'home-cases-new').includes(caseLink(world.caseA)),
        'a step about an item kept from the guest is not news to them',
      );
      assert.ok((await coordinator.get('/')).body.includes(html(t('home.cases_new.heading'))), 'the coordinator still has the panel');
      env.clock.advance(1000);
      await addWorldItem(env.ctx, world, { body: 'Fictional note for the table, again.', audience: 'table', legalBasis: 'art_458ter' });
      const shown = await guest.get('/');
      assert.ok(panel(shown.body, 'home-cases-new').includes(caseLink(world.caseA)), 'a note the guest may read is');
      assert.ok(
        panel(shown.body, 'home-cases-new').includes(html(t('home.cases_new.count', { count: 1 }))),
        'counted once: the hidden one is left out',
      );
    });

    test('need-to-know: a professional sees only the cases they stand in; the coordinator’s panels are not theirs', async () => {
      const otherTable = await homeOf('keyFigureOtherTable');
      assert.ok(!otherTable.includes(`/cases/${world.caseA.id}`), 'the key figure of the other table never sees case A');
      assert.ok(panel(otherTable, 'home-cases-open').includes(caseLink(world.caseB)), 'but case B, on their table');
      assert.equal(panel(otherTable, 'home-cases-ownerless'), '', 'no coordinator panel');
      assert.equal(panel(otherTable, 'home-cases-untouched'), '', 'no coordinator panel');
      const outsider = await homeOf('outsider');
      assert.ok(!outsider.includes('href="/cases/'), 'the outsider sees no case');
      assert.ok(panel(outsider, 'home-cases-open').includes(html(t('home.cases_open.empty'))), 'and is told so');
    });

    test('the minute taker, analyst, administrator and DPO: a plain account and only links that open', async () => {
      const taker = await signIn(minuteTaker);
      const body = (await taker.get('/')).body;
      assert.ok(panel(body, 'home-roles').includes(html(t('home.role_account.minute_taker'))), 'the minute taker is told what they will do');
      assert.equal(panel(body, 'home-cases-open'), '', 'no case panels for the minute taker');
      const hrefs = [...`${navOf(body)}${panel(body, 'home-roles')}`.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);
      for (const href of hrefs) {
        assert.equal((await taker.get(href)).statusCode, 200, `the minute taker's link ${href} opens`);
      }
      assert.ok(!hrefs.includes('/cases') && !hrefs.includes('/tables'), 'no link to cases or tables');
      for (const who of ['analyst', 'admin', 'dpo'] as const) {
        const client = await signIn(world.users[who]);
        const page = (await client.get('/')).body;
        const role = who === 'analyst' ? 'analyst' : who;
        assert.ok(panel(page, 'home-roles').includes(html(t(`home.role_account.${role}`))), `the ${who} is told what they do`);
        const links = [...`${navOf(page)}${panel(page, 'home-roles')}`.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);
        for (const href of links) assert.equal((await client.get(href)).statusCode, 200, `the ${who}'s link ${href} opens`);
      }
    });

    test(`the coordinator's untouched panel lists open cases without a change for ${UNTOUCHED_DAYS} days (fake clock)`, async () => {
      env.clock.advance((UNTOUCHED_DAYS - 1) * 24 * 3600 * 1000);
      const early = await homeOf('coordinator');
      assert.ok(!panel(early, 'home-cases-untouched').includes(caseLink(world.caseB)), `after ${UNTOUCHED_DAYS - 1} days case B is not listed`);
      env.clock.advance(2 * 24 * 3600 * 1000);
      const late = await homeOf('coordinator');
      assert.ok(panel(late, 'home-cases-untouched').includes(caseLink(world.caseB)), `after ${UNTOUCHED_DAYS + 1} days case B is`);
      assert.ok(panel(late, 'home-cases-untouched').includes(caseLink(world.caseA)), 'and case A');
      const keyFigure = await homeOf('keyFigureThisTable');
      assert.equal(panel(keyFigure, 'home-cases-untouched'), '', 'only the coordinator has this panel');
    });
  });
}
