import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PDFParse } from 'pdf-parse';
import { addWorldItem, seedCaseWorld, type CaseWorld, type WorldActor } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, seedUser, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The feedback form to the police, on both databases: drafted by the coordinator from a meeting for a
 * case on its agenda; secret items never enter it (refused on the server, nothing stored); every
 * attendee present must approve the current version (one refusal or a missing approval blocks
 * sending, an edit voids approvals); the sent PDF holds the form and no secret; the recipient's
 * seated users read it once sent. Invisible = 404 byte-identical with missing; forbidden = 403 audited.
 */

const MISSING = '00000000-0000-4000-8000-000000000000';
const en = translator('en');
// Fictional texts: what may be quoted, and markers that must never reach the form, its PDF or a mail.
const QUOTABLE = 'Fictief: de jongere gaat opnieuw naar school sinds de herfstvakantie.';
const BODY = 'Fictief: de tafel volgt de situatie op; er is een begeleiding gestart.';
const POLICE_SECRET = 'CANARY-POLICE Fictief proces-verbaal over een diefstal.';
const DANGER_SECRET = 'CANARY-458BIS Fictief acuut gevaar thuis.';
const NARROW_SECRET = 'CANARY-NARROW Fictief gedeeld met de zorgcontext alleen.';
const OWN_NOTE = 'CANARY-OWN Fictieve werknotitie van de jeugdhulp.';

for (const target of databaseTargets()) {
  describe(`feedback forms on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    let meetingId: string;
    let formId: string;
    let policeColleague: { id: string; token: string; email: string; totpSecret: string };
    const items: Record<'quotable' | 'police' | 'danger' | 'narrow' | 'own', string> = {} as never;

    const db = () => env.database.handle.db;
    const tokenOf = (who: WorldActor | 'policeColleague') => (who === 'policeColleague' ? policeColleague.token : world.users[who].token);
    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT',
      url: string,
      who: WorldActor | 'policeColleague',
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(tokenOf(who)), 'accept-language': 'en', ...headers },
        ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
      });
    const forms = () => db().selectFrom('feedback_forms').selectAll().orderBy('created_at').execute();
    const events = (action: string) =>
      auditEvents(db())
        .select(['action', 'decision', 'details', 'purpose', 'resource_id', 'actor_user_id', 'case_id'])
        .where('action', '=', action)
        .execute();
    const outbox = () => {
      const folder = path.join(env.ctx.config.dataDir, 'outbox');
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .sort()
        .map((file) => {
          const raw = readFileSync(path.join(folder, file), 'utf8').replace(/=\r?\n/g, '');
          return { to: /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '', raw };
        });
    };
    const draftInput = (quotedItemIds: string[]) => ({
      caseId: world.caseA.id,
      recipientOrganisationId: world.organisations.police,
      body: BODY,
      quotedItemIds,
    });

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      // A second key figure (youth care, the case owner) and a police colleague at the minors table.
      const colleague = await seedUser(env.ctx, world.tenant, ['professional'], {
        organisationId: world.organisations.police,
        password: TEST_PASSWORD,
      });
      policeColleague = { id: colleague.id, token: colleague.token, email: colleague.email, totpSecret: colleague.totpSecret };
      for (const userId of [world.users.caseOwnerMember.id, policeColleague.id]) {
        const seated = await call('POST', `/api/v1/tables/${world.tables.minors}/members`, 'coordinator', { userId, role: 'key_figure' });
        assert.equal(seated.statusCode, 201, `the member is seated: ${seated.body}`);
      }
      items.quotable = await addWorldItem(env.ctx, world, { body: QUOTABLE, audience: 'table', legalBasis: 'art_458ter', classes: ['school'] });
      items.police = await addWorldItem(env.ctx, world, { body: POLICE_SECRET, audience: 'table', legalBasis: 'art_458ter', classes: ['police'] });
      items.danger = await addWorldItem(env.ctx, world, { body: DANGER_SECRET, audience: 'table', legalBasis: 'art_458bis' });
      items.narrow = await addWorldItem(env.ctx, world, {
        body: NARROW_SECRET,
        audience: 'organisations',
        organisationIds: [world.organisations.youthCare, world.organisations.police],
        legalBasis: 'legal_obligation',
      });
      items.own = await addWorldItem(env.ctx, world, { body: OWN_NOTE, audience: 'own_organisation', legalBasis: 'art_458ter' }, 'caseOwnerMember');
      const planned = await call('POST', `/api/v1/tables/${world.tables.minors}/meetings`, 'coordinator', { startsAt: '2026-02-02T08:00:00Z' });
      assert.equal(planned.statusCode, 201, `the meeting is planned: ${planned.body}`);
      meetingId = planned.json().data.id;
      for (const who of ['coordinator', 'keyFigureThisTable'] as const) {
        const attested = await call('POST', `/api/v1/meetings/${meetingId}/attestation`, who);
        assert.equal(attested.statusCode, 200, `${who} attests: ${attested.body}`);
      }
      const agenda = await call('GET', `/api/v1/meetings/${meetingId}/agenda`, 'coordinator');
      assert.ok(
        agenda.json().data.items.some((item: { caseId: string }) => item.caseId === world.caseA.id),
        'case A is on the meeting’s agenda',
      );
      for (const [userId, status] of [
        [world.users.keyFigureThisTable.id, 'present'],
        [world.users.caseOwnerMember.id, 'present'],
        [policeColleague.id, 'absent'],
      ] as const) {
        const recorded = await call('PUT', `/api/v1/meetings/${meetingId}/attendance`, 'coordinator', { userId, status });
        assert.equal(recorded.statusCode, 200, `attendance is recorded: ${recorded.body}`);
      }
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a secret item cannot enter the form: police class, art. 458bis, a narrower audience, an item the drafter cannot read, an unknown id — 400 on quotedItemIds, nothing stored', async () => {
      for (const [name, itemId] of [
        ['police class', items.police],
        ['art. 458bis', items.danger],
        ['narrower audience', items.narrow],
        ['another organisation’s working note', items.own],
        ['an unknown id', MISSING],
      ] as const) {
        const refused = await call('POST', `/api/v1/meetings/${meetingId}/feedback-forms`, 'coordinator', draftInput([items.quotable, itemId]));
        assert.equal(refused.statusCode, 400, `${name}: refused (${refused.body})`);
        const error = refused.json().error;
        assert.equal(error.code, 'validation_failed', `${name}: validation_failed`);
        assert.equal(error.issues.length, 1, `${name}: one issue, for the one item that cannot be quoted`);
        assert.equal(error.issues[0].path, 'quotedItemIds', `${name}: the issue is on quotedItemIds`);
        assert.ok(error.issues[0].message.includes(itemId), `${name}: the message names the item (${error.issues[0].message})`);
      }
      const police = await call('POST', `/api/v1/meetings/${meetingId}/feedback-forms`, 'coordinator', draftInput([items.police]));
      assert.equal(
        police.json().error.issues[0].message,
        en('validation.feedback.quote_secret_class', { item: items.police }),
        'the police item is refused as police, judicial or health information',
      );
      const danger = await call('POST', `/api/v1/meetings/${meetingId}/feedback-forms`, 'coordinator', draftInput([items.danger]));
      assert.equal(
        danger.json().error.issues[0].message,
        en('validation.feedback.quote_danger_basis', { item: items.danger }),
        'art. 458bis is named',
      );
      assert.deepEqual(await forms(), [], 'no form was stored');
      assert.deepEqual(await events('feedback.drafted'), [], 'no drafting was recorded');
    });

    test('the coordinator drafts a form quoting a table item: 201, body and quote sealed, audited as feedback.drafted', async () => {
      const drafted = await call('POST', `/api/v1/meetings/${meetingId}/feedback-forms`, 'coordinator', draftInput([items.quotable]));
      assert.equal(drafted.statusCode, 201, `the form is drafted: ${drafted.body}`);
      formId = drafted.json().data.id;
      const [row] = await forms();
      assert.ok(row, 'one form stored');
      assert.equal(row.status, 'draft', 'a draft');
      assert.ok(!row.body_sealed.includes('Fictief') && !(row.quotes_sealed ?? '').includes('Fictief'), 'body and quotes are sealed, never in clear');
      assert.deepEqual(JSON.parse(row.quoted_item_ids), [items.quotable], 'the quoted item is remembered by id');
      const [event] = await events('feedback.drafted');
      assert.deepEqual(
        { actor: event?.actor_user_id, resource: event?.resource_id, caseId: event?.case_id, decision: event?.decision },
        { actor: world.users.coordinator.id, resource: formId, caseId: world.caseA.id, decision: 'permit' },
        'the drafting is audited on the case',
      );
      const view = await call('GET', `/api/v1/feedback-forms/${formId}`, 'coordinator');
      assert.equal(view.statusCode, 200, 'the coordinator reads the form');
      assert.deepEqual(
        { body: view.json().data.body, quotes: view.json().data.quotes, approvals: view.json().data.approvals },
        {
          body: BODY,
          quotes: [{ itemId: items.quotable, body: QUOTABLE }],
          approvals: { present: 2, approved: 0, refused: 0, missing: 2, mine: null },
        },
        'the form holds its body, the copied quote and the two present attendees still to decide',
      );
      assert.equal(view.headers.etag, '"1"', 'the ETag names version 1');
    });

    test('denials: invisible is 404 like a missing id on every route; a visible but forbidden change is 403 and audited; nothing changes', async () => {
      const routes = [
        ['GET', `/api/v1/feedback-forms/{id}`, undefined],
        ['PATCH', `/api/v1/feedback-forms/{id}`, { body: 'x' }],
        ['POST', `/api/v1/feedback-forms/{id}/approval`, { decision: 'approve' }],
        ['POST', `/api/v1/feedback-forms/{id}/send`, undefined],
        ['GET', `/api/v1/feedback-forms/{id}/pdf`, undefined],
      ] as const;
      const before = JSON.stringify(await forms());
      for (const [method, url, payload] of routes) {
        const missing = await call(method, url.replace('{id}', MISSING), 'outsider', payload, { 'if-match': '"1"' });
        assert.equal(missing.statusCode, 404, `${method} ${url}: a missing form is 404`);
        for (const who of ['outsider', 'keyFigureOtherTable', 'otherTenant', 'policeColleague', 'guestThisCase', 'admin', 'dpo'] as const) {
          const hidden = await call(method, url.replace('{id}', formId), who, payload, { 'if-match': '"1"' });
          assert.equal(hidden.statusCode, 404, `${method} ${url}: ${who} gets 404`);
          assert.equal(hidden.body, missing.body, `${method} ${url}: ${who} gets the bytes of a missing id`);
        }
      }
      const missingMeeting = await call('POST', `/api/v1/meetings/${MISSING}/feedback-forms`, 'outsider', draftInput([]));
      for (const who of ['outsider', 'keyFigureOtherTable', 'otherTenant'] as const) {
        const hidden = await call('POST', `/api/v1/meetings/${meetingId}/feedback-forms`, who, draftInput([]));
        assert.equal(hidden.statusCode, 404, `drafting: ${who} does not see the meeting`);
        assert.equal(hidden.body, missingMeeting.body, `drafting: ${who} gets the bytes of a missing meeting`);
      }
      const deniedBefore = (await events('access.denied')).length;
      for (const [method, url, payload, who] of [
        ['POST', `/api/v1/meetings/${meetingId}/feedback-forms`, draftInput([]), 'keyFigureThisTable'],
        ['PATCH', `/api/v1/feedback-forms/${formId}`, { body: 'Fictief: gewijzigd.' }, 'keyFigureThisTable'],
        ['POST', `/api/v1/feedback-forms/${formId}/send`, undefined, 'keyFigureThisTable'],
        ['POST', `/api/v1/feedback-forms/${formId}/approval`, { decision: 'approve' }, 'coordinator'],
      ] as const) {
        const forbidden = await call(method, url, who, payload, { 'if-match': '"1"' });
        assert.equal(forbidden.statusCode, 403, `${method} ${url}: ${who} is refused (${forbidden.body})`);
        assert.equal(forbidden.json().error.code, 'forbidden', `${method} ${url}: forbidden`);
      }
      const denied = (await events('access.denied')).slice(deniedBefore);
      assert.equal(denied.length, 4, 'each 403 is audited as access.denied');
      assert.ok(
        denied.every((event) => event.decision === 'deny'),
        'every denial is recorded with decision deny',
      );
      // A present attendee who has not attested yet: visible, but the attestation comes first.
      const unattested = await call('POST', `/api/v1/feedback-forms/${formId}/approval`, 'caseOwnerMember', { decision: 'approve' });
      assert.equal(unattested.statusCode, 403, 'a present attendee must attest before deciding');
      assert.equal(unattested.json().error.code, 'attestation_required', 'attestation_required');
      assert.equal(JSON.stringify(await forms()), before, 'no form changed');
      assert.deepEqual(await db().selectFrom('feedback_approvals').select('id').execute(), [], 'no decision stored');
    });

    test('one missing approval blocks sending: 409 naming how many are missing; nothing sent', async () => {
      const attested = await call('POST', `/api/v1/meetings/${meetingId}/attestation`, 'caseOwnerMember');
      assert.equal(attested.statusCode, 200, 'the youth care key figure attests');
      const approved = await call('POST', `/api/v1/feedback-forms/${formId}/approval`, 'keyFigureThisTable', { decision: 'approve' });
      assert.equal(approved.statusCode, 200, `the police key figure approves: ${approved.body}`);
      const blocked = await call('POST', `/api/v1/feedback-forms/${formId}/send`, 'coordinator');
      assert.equal(blocked.statusCode, 409, 'sending is blocked');
      assert.deepEqual(
        blocked.json().error,
        { code: 'conflict', message: en('feedback.error.approvals_missing', { count: 1, present: 2 }), missingApprovals: 1, refusals: 0 },
        'the conflict says one approval is missing',
      );
      assert.equal((await forms())[0]?.status, 'draft', 'still a draft');
      assert.equal((await events('feedback.approved')).length, 1, 'the approval is audited');
    });

    test('one refusal blocks sending', async () => {
      const refused = await call('POST', `/api/v1/feedback-forms/${formId}/approval`, 'caseOwnerMember', {
        decision: 'refuse',
        reason: 'Fictief: te vroeg.',
      });
      assert.equal(refused.statusCode, 200, 'the youth care key figure refuses');
      const blocked = await call('POST', `/api/v1/feedback-forms/${formId}/send`, 'coordinator');
      assert.equal(blocked.statusCode, 409, 'sending is blocked by the refusal');
      assert.equal(blocked.json().error.message, en('feedback.error.refused', { count: 1 }), 'the conflict names the refusal');
      assert.equal((await events('feedback.refused')).length, 1, 'the refusal is audited');
      const row = await db().selectFrom('feedback_approvals').select('reason_sealed').where('decision', '=', 'refuse').executeTakeFirstOrThrow();
      assert.ok(!String(row.reason_sealed).includes('Fictief'), 'the reason is sealed');
    });

    test('editing a draft bumps its version and voids the earlier approvals (If-Match; a stale version is 409)', async () => {
      const approved = await call('POST', `/api/v1/feedback-forms/${formId}/approval`, 'caseOwnerMember', { decision: 'approve' });
      assert.equal(approved.statusCode, 200, 'the youth care key figure changes their mind and approves');
      const missingHeader = await call('PATCH', `/api/v1/feedback-forms/${formId}`, 'coordinator', { body: BODY });
      assert.equal(missingHeader.statusCode, 400, 'If-Match is required');
      const stale = await call('PATCH', `/api/v1/feedback-forms/${formId}`, 'coordinator', { body: BODY }, { 'if-match': '"7"' });
      assert.equal(stale.statusCode, 409, 'a stale version is a conflict');
      const secret = await call('PATCH', `/api/v1/feedback-forms/${formId}`, 'coordinator', { quotedItemIds: [items.police] }, { 'if-match': '"1"' });
      assert.equal(secret.statusCode, 400, 'a secret item cannot enter by an edit either');
      const edited = await call('PATCH', `/api/v1/feedback-forms/${formId}`, 'coordinator', { body: `${BODY} Bijgewerkt.` }, { 'if-match': '"1"' });
      assert.equal(edited.statusCode, 200, `the draft is edited: ${edited.body}`);
      assert.equal(edited.headers.etag, '"2"', 'version 2');
      const view = await call('GET', `/api/v1/feedback-forms/${formId}`, 'keyFigureThisTable');
      assert.deepEqual(
        view.json().data.approvals,
        { present: 2, approved: 0, refused: 0, missing: 2, mine: null },
        'the earlier approvals no longer count',
      );
      const blocked = await call('POST', `/api/v1/feedback-forms/${formId}/send`, 'coordinator');
      assert.equal(blocked.json().error.missingApprovals, 2, 'both approvals are missing again');
      const [changed] = await events('feedback.changed');
      assert.equal(
        (changed?.details as Record<string, unknown> | null)?.version ?? JSON.parse(String(changed?.details)).version,
        2,
        'the change is audited with the new version',
      );
    });

    test('approved by all present, the coordinator sends: the PDF holds the body and quote and no secret; the recipient is mailed a link only and reads it; a sent form is immutable', async () => {
      for (const who of ['keyFigureThisTable', 'caseOwnerMember'] as const) {
        const approved = await call('POST', `/api/v1/feedback-forms/${formId}/approval`, who, { decision: 'approve' });
        assert.equal(approved.statusCode, 200, `${who} approves version 2`);
      }
      const sent = await call('POST', `/api/v1/feedback-forms/${formId}/send`, 'coordinator');
      assert.equal(sent.statusCode, 200, `the form is sent: ${sent.body}`);
      const [row] = await forms();
      assert.equal(row?.status, 'sent', 'the form is sent');
      assert.ok(row?.pdf_sealed && !row.pdf_sealed.includes('%PDF'), 'the PDF is stored sealed');
      const [event] = await events('feedback.sent');
      assert.equal(event?.resource_id, formId, 'the sending is audited');
      const pdf = await call('GET', `/api/v1/feedback-forms/${formId}/pdf`, 'coordinator');
      assert.equal(pdf.statusCode, 200, 'the PDF is served');
      assert.equal(pdf.headers['content-type'], 'application/pdf', 'as a PDF');
      const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
      const text = (await parser.getText()).text.replace(/\s+/g, ' ');
      await parser.destroy();
      assert.ok(text.includes('de tafel volgt de situatie op'), 'the PDF holds the body');
      assert.ok(text.includes('opnieuw naar school'), 'the PDF holds the quoted text');
      assert.ok(text.includes(world.caseA.reference), 'the PDF names the case by its pseudonym');
      assert.ok(text.includes(en('feedback.pdf.approved_by_all', { count: 2 })), 'the PDF says all 2 present approved');
      assert.ok(!text.includes('CANARY') && !text.includes('Verhaegen'), 'no secret item and no name in the PDF');
      const mails = outbox().filter((mail) => mail.raw.includes(`/feedback-forms/${formId}`));
      assert.deepEqual(
        mails.map((mail) => mail.to).sort(),
        [world.users.keyFigureThisTable.email, policeColleague.email].sort(),
        'the police users seated at the table are mailed',
      );
      assert.ok(
        mails.every((mail) => !mail.raw.includes('Fictief') && !mail.raw.includes('CANARY') && !mail.raw.includes(world.caseA.reference)),
        'the mails hold a link only',
      );
      const recipient = await call('GET', `/api/v1/feedback-forms/${formId}`, 'policeColleague');
      assert.equal(recipient.statusCode, 200, 'the absent police colleague at the table reads the sent form without attesting');
      const viewed = (await events('feedback.viewed')).filter((entry) => entry.actor_user_id === policeColleague.id);
      assert.equal(viewed[0]?.purpose, 'feedback', 'the recipient’s read is audited with purpose feedback');
      for (const [method, url, payload, who] of [
        ['PATCH', `/api/v1/feedback-forms/${formId}`, { body: 'Fictief: te laat.' }, 'coordinator'],
        ['POST', `/api/v1/feedback-forms/${formId}/approval`, { decision: 'refuse' }, 'keyFigureThisTable'],
        ['POST', `/api/v1/feedback-forms/${formId}/send`, undefined, 'coordinator'],
      ] as const) {
        const refused = await call(method, url, who, payload, { 'if-match': '"2"' });
        assert.equal(refused.statusCode, 409, `${method} ${url}: a sent form never changes`);
      }
      assert.equal((await events('feedback.sent')).length, 1, 'sent once');
    });

    test('pages: the meeting links to its forms; the draft form shows secret items disabled with the reason and errors next to the field; the form page and send confirmation render in nl, fr and en', async () => {
      const coordinator = new PageClient(app);
      const user = world.users.coordinator;
      await db().updateTable('users').set({ locale: 'en' }).where('id', '=', user.id).execute();
      await signInWithPages(coordinator, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      const meeting = await coordinator.get(`/meetings/${meetingId}`);
      assert.ok(meeting.body.includes(`href="/meetings/${meetingId}/feedback-forms"`), 'the meeting page links to its feedback forms');
      const list = await coordinator.get(`/meetings/${meetingId}/feedback-forms`);
      assert.equal(list.statusCode, 200, 'the list opens');
      assert.ok(list.body.includes(`/feedback-forms/${formId}`), 'the list shows the form');
      const draft = await coordinator.get(`/meetings/${meetingId}/feedback-forms/new?caseId=${world.caseA.id}`);
      assert.equal(draft.statusCode, 200, 'the draft form opens');
      assert.match(draft.body, new RegExp(`<input[^>]*value="${items.police}"[^>]*disabled`), 'the police item is offered disabled');
      const policeHint = new RegExp(`id="field-feedback-quotedItemIds-${items.police}-hint"[^>]*>([^<]*)<`).exec(draft.body)?.[1];
      assert.equal(policeHint?.trim(), en('feedback.refusal.secret_class'), 'with the reason next to it');
      assert.ok(!draft.body.includes('CANARY-POLICE'), 'the secret item’s text is not shown on the draft form');
      assert.ok(draft.body.includes(QUOTABLE), 'the quotable item’s text is offered');
      assert.ok(
        draft.body.indexOf('(police)') > 0 && draft.body.indexOf('(police)') < draft.body.indexOf('Atheneum'),
        'police organisations are offered first',
      );
      const before = (await forms()).length;
      const refused = await coordinator.post(`/meetings/${meetingId}/feedback-forms`, {
        caseId: world.caseA.id,
        recipientOrganisationId: world.organisations.police,
        body: BODY,
        quotedItemIds: [items.police],
      });
      assert.equal(refused.statusCode, 400, 'a forged secret quote is refused by the page too');
      assert.ok(refused.body.includes('href="#field-feedback-quotedItemIds"'), 'the error summary links to the quotes field');
      assert.ok(refused.body.includes('id="field-feedback-quotedItemIds-error"'), 'the error stands next to the field');
      assert.equal((await forms()).length, before, 'nothing stored');
      const saved = await coordinator.post(`/meetings/${meetingId}/feedback-forms`, {
        caseId: world.caseA.id,
        recipientOrganisationId: world.organisations.police,
        body: BODY,
        quotedItemIds: [items.quotable],
      });
      assert.equal(saved.statusCode, 303, `the page drafts a form: ${saved.body}`);
      const newId = String(saved.headers.location).split('/').pop() ?? '';
      for (const locale of ['nl', 'fr', 'en'] as const) {
        await db().updateTable('users').set({ locale }).where('id', '=', user.id).execute();
        const t = translator(locale);
        const page = await coordinator.get(`/feedback-forms/${newId}`);
        assert.equal(page.statusCode, 200, `${locale}: the form page opens`);
        assert.ok(page.body.includes(t('feedback.approvals_heading')), `${locale}: worded in ${locale}`);
        assert.ok(page.body.includes(`href="/feedback-forms/${newId}/send"`), `${locale}: the coordinator gets the send link`);
        const confirm = await coordinator.get(`/feedback-forms/${newId}/send`);
        assert.equal(confirm.statusCode, 200, `${locale}: the confirmation opens`);
        assert.ok(confirm.body.includes(t('feedback.send_confirm')), `${locale}: the confirmation asks in ${locale}`);
      }
      await db().updateTable('users').set({ locale: 'en' }).where('id', '=', user.id).execute();
      const blocked = await coordinator.post(`/feedback-forms/${newId}/send`, {});
      assert.equal(blocked.statusCode, 409, 'sending without approvals is refused on the page');
      assert.ok(
        blocked.body.includes(en('feedback.error.approvals_missing', { count: 2, present: 2 }).slice(0, 10)),
        'the page says approvals are missing',
      );
      const police = new PageClient(app);
      const keyFigure = world.users.keyFigureThisTable;
      await signInWithPages(police, { email: keyFigure.email, password: TEST_PASSWORD, code: () => nextTotpCode(keyFigure.totpSecret, env.clock) });
      const decisionPage = await police.get(`/feedback-forms/${newId}`);
      assert.ok(
        decisionPage.body.includes('value="approve"') && decisionPage.body.includes('value="refuse"'),
        'a present attendee gets the decision form',
      );
      assert.ok(!decisionPage.body.includes(`href="/feedback-forms/${newId}/send"`), 'no send link for an attendee');
      const decided = await police.post(`/feedback-forms/${newId}/approval`, { decision: 'approve', reason: '' });
      assert.equal(decided.statusCode, 303, 'the decision is recorded through the page');
      const colleague = new PageClient(app);
      await signInWithPages(colleague, {
        email: policeColleague.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(policeColleague.totpSecret, env.clock),
      });
      const recipientList = await colleague.get(`/meetings/${meetingId}/feedback-forms`);
      assert.equal(recipientList.statusCode, 200, 'the absent police colleague sees the meeting’s list');
      assert.ok(recipientList.body.includes(`/feedback-forms/${formId}`), 'the sent form addressed to their organisation is listed');
      assert.ok(!recipientList.body.includes(`/feedback-forms/${newId}`), 'the draft is not listed for them');
      assert.ok(!recipientList.body.includes(`/meetings/${meetingId}/feedback-forms/new`), 'no "new form" link for a key figure');
      const hiddenDraft = await colleague.get(`/feedback-forms/${newId}`);
      assert.equal(hiddenDraft.statusCode, 404, 'the draft page is 404 for them');
    });
  });
}
