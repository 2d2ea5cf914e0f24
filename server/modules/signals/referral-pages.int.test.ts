import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { reportSignal, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import { translator } from '../../ui/i18n.ts';
import { decideSignal } from './index.ts';

for (const target of databaseTargets()) {
  describe(`the referral tab on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    const t = translator('nl');
    const clients = new Map<string, PageClient>();
    const as = async (who: 'coordinator' | 'teacher' | 'outsider'): Promise<PageClient> => {
      const known = clients.get(who);
      if (known) return known;
      const user = who === 'teacher' ? world.teacher : world.users[who];
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(who, client);
      return client;
    };
    const signalRow = (id: string) =>
      env.ctx.db.selectFrom('signals').selectAll().where('tenant_id', '=', world.tenant.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    const share = (id: string) =>
      decideSignal(
        { signalId: id, input: { outcome: 'shared_concern', rationale: 'Fictional rationale for the tab.' } },
        world.coordinator.actor,
        env.ctx,
      );
    const noor = { givenName: 'Noor', familyName: 'Verhaegen-Test', birthDate: '2010-05-14' };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('only the coordinator has the tab; before a shared concern it says so', async () => {
      const { id } = await reportSignal(world, { subject: noor });
      const coordinator = await as('coordinator');
      const early = await coordinator.get(`/signals/${id}/referral`);
      assert.equal(early.statusCode, 200, early.body);
      assert.ok(
        early.body.includes(t('referral.form.needs_shared_concern')),
        'before the decision the tab explains the referral waits for a shared concern',
      );
      assert.ok(!early.body.includes(t('referral.known.title')), 'no look-up of matches before a shared concern');
      for (const who of ['teacher', 'outsider'] as const) {
        const page = await (await as(who)).get(`/signals/${id}/referral`);
        assert.equal(page.statusCode, 404, `${who} has no referral tab: 404`);
      }
    });

    test('the coordinator sees the known case, is refused an empty reason, refers, and gets the case link and the PDF', async () => {
      const { id } = await reportSignal(world, { subject: noor });
      await share(id);
      const coordinator = await as('coordinator');
      const page = await coordinator.get(`/signals/${id}/referral`);
      assert.equal(page.statusCode, 200, page.body);
      assert.ok(page.body.includes(t('referral.known.title')), 'the "already known?" panel is shown');
      assert.ok(page.body.includes(world.caseA.reference), 'the case of the same person is listed by its reference');
      assert.match(page.body, new RegExp(`<option value="${world.tables.minors}" selected`), 'the minors table is preselected for a minor');
      assert.ok(page.body.includes('for="field-summary"'), 'the reason field has a label');
      const empty = await coordinator.post(`/signals/${id}/referral`, {
        tableId: world.tables.minors,
        identityDisclosure: 'restricted',
        summary: '',
      });
      assert.equal(empty.statusCode, 400, 'an empty reason is refused');
      assert.ok(empty.body.includes('error-summary'), 'the errors are summarised at the top of the form');
      assert.equal((await signalRow(id)).status, 'in_consultation', 'nothing changed');
      const referred = await coordinator.post(`/signals/${id}/referral`, {
        tableId: world.tables.minors,
        identityDisclosure: 'restricted',
        summary: 'Fictional reason for referral from the tab.',
        caseOwnerOrganisationId: '',
        ageExceptionReason: '',
      });
      assert.equal(referred.statusCode, 303, referred.body);
      assert.equal(referred.headers.location, `/signals/${id}/referral`, 'back to the tab');
      const signal = await signalRow(id);
      assert.equal(signal.status, 'referred', 'the signal is referred');
      const after = await coordinator.get(`/signals/${id}/referral`);
      assert.ok(after.body.includes(`/cases/${signal.case_id}`), 'the tab links to the new case');
      const pdf = await coordinator.get(`/signals/${id}/referral.pdf`);
      assert.equal(pdf.statusCode, 200, 'the PDF is served to the coordinator');
      assert.equal(pdf.headers['content-type'], 'application/pdf', 'as a PDF');
    });

    test('the add form puts the signal on the known case', async () => {
      const { id } = await reportSignal(world, { subject: noor, description: 'Fictional observation added from the tab.' });
      await share(id);
      const coordinator = await as('coordinator');
      const refused = await coordinator.post(`/signals/${id}/referral/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'care_network',
        legalBasis: 'art_458ter',
      });
      assert.equal(refused.statusCode, 400, 'a legal basis that does not hold for the audience is refused');
      assert.ok(refused.body.includes('error-summary'), 'with an error summary');
      const added = await coordinator.post(`/signals/${id}/referral/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'table',
        legalBasis: 'art_458ter',
        itemClasses: ['school'],
      });
      assert.equal(added.statusCode, 303, added.body);
      const signal = await signalRow(id);
      assert.deepEqual([signal.status, signal.case_id], ['referred', world.caseA.id], 'the signal went to case A');
      const tab = await coordinator.get(`/signals/${id}/referral`);
      const t = translator('nl');
      assert.ok(
        tab.body.includes(`<h2 id="referred-heading">${t('referral.done.title_added')}</h2>`),
        'the tab says the signal was added to an existing case, not referred',
      );
    });
  });
}
