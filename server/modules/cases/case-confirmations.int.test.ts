import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { addWorldConsent, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { formatLocalDay } from '../../ui/local-time.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The confirmation pages of the case screens, without JavaScript: withdrawing a consent asks the day
 * and the reason (both checked, the reason sealed and never audited), removing a participant asks
 * first; who may withdraw is the rule `cases.withdrawConsent` (a guest never, whoever recorded it).
 */
for (const target of databaseTargets()) {
  describe(`case confirmation pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const clients = new Map<WorldActor, PageClient>();
    const nl = translator('nl');
    const fr = translator('fr');
    const db = () => env.database.handle.db;
    const today = () => env.clock.now().toISOString().slice(0, 10);
    const withdrawPath = (consentId: string) => `/cases/${world.caseA.id}/consents/${consentId}/withdraw`;
    const consentRow = (consentId: string) =>
      db()
        .selectFrom('case_consents')
        .select(['withdrawn_at', 'withdrawn_by', 'withdrawn_on', 'withdrawal_reason_sealed'])
        .where('id', '=', consentId)
        .executeTakeFirstOrThrow();
    const withdrawalEvents = (consentId: string) =>
      auditEvents(db())
        .select(['action', 'details', 'decision', 'actor_user_id'])
        .where('action', '=', 'case.consent_withdrawn')
        .where('resource_id', '=', consentId)
        .execute();

    const as = async (who: WorldActor): Promise<PageClient> => {
      const known = clients.get(who);
      if (known) return known;
      const client = new PageClient(app);
      const user = world.users[who];
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(who, client);
      return client;
    };

    /** A consent of case A recorded as if by the given organisation (the coordinator records it, the row names the organisation). */
    const consentRecordedBy = async (organisationId: string) => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.city, world.organisations.welfare]);
      await db().updateTable('case_consents').set({ recorded_by_organisation_id: organisationId }).where('id', '=', consentId).execute();
      return consentId;
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the case page links to the confirmation page, which asks the question with a plain form, and withdraws with the day and reason', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.welfare]);
      const coordinator = await as('coordinator');
      const casePage = await coordinator.get(`/cases/${world.caseA.id}/people`);
      assert.ok(casePage.body.includes(`href="${withdrawPath(consentId)}"`), 'the case page links to the withdrawal’s confirmation page');
      assert.ok(!casePage.body.includes(`action="${withdrawPath(consentId)}"`), 'the case page no longer withdraws in one click');

      const page = await coordinator.get(withdrawPath(consentId));
      assert.equal(page.statusCode, 200, 'the confirmation page answers 200 OK');
      assert.ok(page.body.includes(`<h1>${html(nl('confirm.withdraw_consent.title'))}</h1>`), 'its heading asks the question');
      assert.ok(page.body.includes(html(nl('confirm.withdraw_consent.irreversible'))), 'it says what cannot be undone');
      assert.ok(page.body.includes('Fictional consent for tests'), 'it shows the purpose of the consent it concerns');
      assert.match(
        page.body,
        new RegExp(`<form method="post" action="${withdrawPath(consentId)}" novalidate=""><input type="hidden" name="_csrf" value="[^"]+"/>`),
        'a plain form posts to the withdrawal with the CSRF token (no JavaScript needed)',
      );
      assert.ok(page.body.includes('name="withdrawnOn" type="date"'), 'it asks the day of the withdrawal');
      assert.ok(page.body.includes('<textarea id="field-reason" name="reason"'), 'it asks the reason');
      assert.ok(page.body.includes(`<button type="submit" class="danger">${html(nl('confirm.withdraw_consent.confirm'))}</button>`), 'a red button');
      assert.ok(
        page.body.includes(`<a href="/cases/${world.caseA.id}/people#consents" class="cancel-link">${html(nl('confirm.cancel'))}</a>`),
        'Cancel goes back to the consents of the case page',
      );
      assert.equal((await consentRow(consentId)).withdrawn_at, null, 'opening the page changes nothing');

      const reason = 'Fictief: de moeder wil eerst zelf met de school praten.';
      const done = await coordinator.post(withdrawPath(consentId), { withdrawnOn: today(), reason });
      assert.equal(done.statusCode, 303, 'the withdrawal answers 303 See Other');
      assert.equal(done.headers.location, `/cases/${world.caseA.id}/people#consents`, 'back to the consents of the case page');
      const row = await consentRow(consentId);
      assert.equal(row.withdrawn_on, today(), 'the day the person withdrew it is kept');
      assert.equal(row.withdrawn_by, world.users.coordinator.id, 'who recorded the withdrawal is kept');
      assert.ok(row.withdrawal_reason_sealed && !row.withdrawal_reason_sealed.includes('moeder'), 'the reason is stored sealed, not in clear');
      const events = await withdrawalEvents(consentId);
      assert.equal(events.length, 1, 'one audit event records the withdrawal');
      assert.ok(!JSON.stringify(events[0]!.details ?? '').includes('moeder'), 'the audit event never holds the reason');

      const after = await coordinator.get(`/cases/${world.caseA.id}/people`);
      assert.ok(after.body.includes(html(nl('flash.case_consent_withdrawn'))), 'the flash message says it was withdrawn');
      assert.ok(
        after.body.includes(html(nl('cases.consent.withdrawn_on', { date: formatLocalDay(today(), 'nl') }))),
        'the case page shows the day of withdrawal',
      );
      assert.ok(after.body.includes(html(reason)), 'the case page shows the reason to who may see the consents');
      assert.ok(!after.body.includes(`href="${withdrawPath(consentId)}"`), 'a withdrawn consent has no withdraw link');
      const guestView = await (await as('guestThisCase')).get(`/cases/${world.caseA.id}/people`);
      assert.ok(guestView.body.includes(html(reason)), 'a guest, who sees the consents, sees the reason as well');

      const again = await coordinator.get(withdrawPath(consentId));
      assert.equal(again.statusCode, 409, 'the page of a consent already withdrawn answers 409 Conflict');
      assert.ok(again.body.includes(html(nl('cases.conflict.consent_already_withdrawn'))), 'and says it was already withdrawn');
      assert.ok(!again.body.includes('name="reason"'), 'without a form');
      const twice = await coordinator.post(withdrawPath(consentId), { withdrawnOn: today(), reason: 'x' });
      assert.equal(twice.statusCode, 409, 'withdrawing twice answers 409 Conflict');
      assert.equal((await withdrawalEvents(consentId)).length, 1, 'and records nothing more');
    });

    test('a day in the future, before the consent was given or missing, or no reason: 400 with the page drawn again in the user’s language, nothing changed', async () => {
      const consentId = await addWorldConsent(env.ctx, world, [world.organisations.welfare]);
      const given = (await db().selectFrom('case_consents').select('given_on').where('id', '=', consentId).executeTakeFirstOrThrow()).given_on;
      const coordinator = await as('coordinator');
      await coordinator.get(withdrawPath(consentId));
      const cases: [Record<string, string>, string, string][] = [
        [{ withdrawnOn: '2099-01-01', reason: 'Fictief.' }, 'withdrawnOn', nl('validation.case.date_in_future')],
        [{ withdrawnOn: '2020-01-01', reason: 'Fictief.' }, 'withdrawnOn', nl('validation.case.withdrawn_before_given', { date: given })],
        [{ withdrawnOn: '2026-02-30', reason: 'Fictief.' }, 'withdrawnOn', nl('validation.date')],
        [{ withdrawnOn: today() }, 'reason', nl('validation.required')],
        [{ reason: 'Fictief.' }, 'withdrawnOn', nl('validation.required')],
      ];
      const labels: Record<string, string> = {
        withdrawnOn: nl('confirm.withdraw_consent.withdrawn_on'),
        reason: nl('confirm.withdraw_consent.reason'),
      };
      for (const [fields, field, message] of cases) {
        const label = labels[field]!;
        const refused = await coordinator.post(withdrawPath(consentId), fields);
        assert.equal(refused.statusCode, 400, `${JSON.stringify(fields)} answers 400`);
        assert.ok(
          refused.body.includes(`<a href="#field-${field}">${html(nl('form.error_line', { field: label, message }))}</a>`),
          `${JSON.stringify(fields)}: the error summary names ${field}`,
        );
        assert.ok(refused.body.includes(`<h1>${html(nl('confirm.withdraw_consent.title'))}</h1>`), 'the confirmation page is drawn again');
        if (fields.reason) assert.ok(refused.body.includes(`>${fields.reason}</textarea>`), 'the reason typed is kept');
      }
      const row = await consentRow(consentId);
      assert.deepEqual(
        row,
        { withdrawn_at: null, withdrawn_by: null, withdrawn_on: null, withdrawal_reason_sealed: null },
        'the consent is unchanged after every refusal',
      );
      assert.equal((await withdrawalEvents(consentId)).length, 0, 'no withdrawal was audited');

      await coordinator.post('/language', { locale: 'fr', returnTo: '/' });
      await coordinator.get(withdrawPath(consentId));
      const french = await coordinator.post(withdrawPath(consentId), { withdrawnOn: '2099-01-01', reason: 'Fictif.' });
      assert.equal(french.statusCode, 400, 'in French too, a future day answers 400');
      assert.ok(french.body.includes(html(fr('validation.case.date_in_future'))), 'the message is in French');
      assert.ok(french.body.includes(`<h1>${html(fr('confirm.withdraw_consent.title'))}</h1>`), 'the question is in French');
      await coordinator.post('/language', { locale: 'nl', returnTo: '/' });
    });

    test('a guest never withdraws, not even a consent their own organisation recorded: no link, 403 on the page and the step, nothing changed', async () => {
      const consentId = await consentRecordedBy(world.organisations.welfare);
      const guest = await as('guestThisCase');
      const casePage = await guest.get(`/cases/${world.caseA.id}/people`);
      assert.equal(casePage.statusCode, 200, 'the guest sees the case');
      assert.ok(!casePage.body.includes(withdrawPath(consentId)), 'the guest gets no withdraw link');
      assert.equal((await guest.get(withdrawPath(consentId))).statusCode, 403, 'the confirmation page answers 403 to the guest');
      const refused = await guest.post(withdrawPath(consentId), { withdrawnOn: today(), reason: 'Fictief.' });
      assert.equal(refused.statusCode, 403, 'the step answers 403 to the guest');
      const api = await app.inject({
        method: 'POST',
        url: `/api/v1${withdrawPath(consentId)}`,
        headers: bearer(world.users.guestThisCase.token),
        payload: { withdrawnOn: today(), reason: 'Fictief.' },
      });
      assert.equal(api.statusCode, 403, 'the API answers 403 to the guest');
      assert.equal((await consentRow(consentId)).withdrawn_at, null, 'the consent is still current');
      const denials = await db()
        .selectFrom('audit_events')
        .select('details')
        .where('actor_user_id', '=', world.users.guestThisCase.id)
        .where('decision', '=', 'deny')
        .execute();
      assert.ok(
        denials.some((event) => JSON.stringify(event.details ?? '').includes('cases.withdrawConsent')),
        'the refused withdrawal is audited as a denial of cases.withdrawConsent',
      );

      const referrerConsent = await consentRecordedBy(world.organisations.education);
      const referrer = await as('referrer');
      assert.equal(
        (await referrer.get(withdrawPath(referrerConsent))).statusCode,
        403,
        'the referrer may not withdraw its own organisation’s consent',
      );
      const outsider = await as('outsider');
      assert.equal((await outsider.get(withdrawPath(consentId))).statusCode, 404, 'someone who may not see the case gets 404');
    });

    test('a key figure withdraws a consent their organisation recorded, not another organisation’s; the API takes the day and the reason', async () => {
      const own = await consentRecordedBy(world.organisations.police);
      const other = await consentRecordedBy(world.organisations.welfare);
      const headers = bearer(world.users.keyFigureThisTable.token);
      const post = (consentId: string, payload: Record<string, unknown>) =>
        app.inject({ method: 'POST', url: `/api/v1${withdrawPath(consentId)}`, headers, payload });
      assert.equal((await post(other, { withdrawnOn: today(), reason: 'Fictional.' })).statusCode, 403, 'not a consent of another organisation');
      const missing = await post(own, { withdrawnOn: today() });
      assert.equal(missing.statusCode, 400, 'the reason is required');
      assert.equal(missing.json().error.issues[0].path, 'reason', 'the issue names the reason');
      const done = await post(own, { withdrawnOn: today(), reason: 'Fictional: the young person asked it.' });
      assert.equal(done.statusCode, 204, done.body);
      const listed = await app.inject({ method: 'GET', url: `/api/v1/cases/${world.caseA.id}/consents`, headers });
      const consent = (listed.json().data as { id: string; withdrawnOn: string | null; withdrawalReason: string | null }[]).find((c) => c.id === own);
      assert.equal(consent?.withdrawnOn, today(), 'the API shows the day of withdrawal');
      assert.equal(consent?.withdrawalReason, 'Fictional: the young person asked it.', 'and the reason');
      const events = await withdrawalEvents(own);
      assert.equal(events.length, 1, 'the withdrawal is audited once');
      assert.equal(events[0]!.actor_user_id, world.users.keyFigureThisTable.id, 'as the key figure’s');
    });

    test('removing a participant asks first, then returns to the participants with a flash; a guest may not open the page', async () => {
      const coordinator = await as('coordinator');
      const careNetwork = world.users.careNetwork.id;
      const path = `/cases/${world.caseA.id}/participants/${careNetwork}/remove`;
      const casePage = await coordinator.get(`/cases/${world.caseA.id}/people`);
      assert.ok(casePage.body.includes(`href="${path}"`), 'the case page links to the confirmation page');
      const guest = await as('guestThisCase');
      assert.equal((await guest.get(path)).statusCode, 403, 'the guest may not open the page');
      const page = await coordinator.get(path);
      assert.equal(page.statusCode, 200, 'the confirmation page answers 200 OK');
      assert.ok(page.body.includes(html(nl('confirm.remove_participant.access_ends'))), 'it says what will happen');
      assert.ok(page.body.includes(`action="${path}"`), 'its form posts the removal');
      assert.ok(
        page.body.includes(`<a href="/cases/${world.caseA.id}/people#participants" class="cancel-link">`),
        'Cancel goes back to the participants',
      );
      const done = await coordinator.post(path, {});
      assert.equal(done.statusCode, 303, 'the removal answers 303 See Other');
      assert.equal(done.headers.location, `/cases/${world.caseA.id}/people#participants`, 'back to the participants');
      const rows = await db()
        .selectFrom('case_participants')
        .select('user_id')
        .where('case_id', '=', world.caseA.id)
        .where('user_id', '=', careNetwork)
        .execute();
      assert.equal(rows.length, 0, 'the participant is removed');
      const events = await db()
        .selectFrom('audit_events')
        .select('action')
        .where('action', '=', 'case.participant_removed')
        .where('resource_id', '=', careNetwork)
        .execute();
      assert.equal(events.length, 1, 'the removal is audited');
      assert.equal((await coordinator.get(path)).statusCode, 404, 'the page of someone no longer taking part answers 404');
    });
  });
}
