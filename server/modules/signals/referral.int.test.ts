import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PDFParse } from 'pdf-parse';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { reportSignal, seedSignalWorld, type ReportOptions, type SignalReporterName, type SignalWorld } from '../../test/signal-world.ts';
import { dayOf } from '../../platform/calendar-days.ts';
import { translator } from '../../ui/i18n.ts';
import { formatLocalDay } from '../../ui/local-time.ts';
import { decideSignal } from './index.ts';
import { auditEvents } from '../../test/audit-events.ts';

const DAY = 24 * 60 * 60 * 1000;

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

for (const target of databaseTargets()) {
  describe(`referral and "already known?" on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    type Who = 'coordinator' | 'keyFigureThisTable' | 'outsider' | 'otherTenant' | 'dpo' | SignalReporterName;
    const tokenOf = (who: Who): string =>
      who in world.users ? world.users[who as keyof SignalWorld['users']].token : world[who as SignalReporterName].token;
    const as = (who: Who) => bearer(tokenOf(who));
    const post = (who: Who, url: string, payload: object) => app.inject({ method: 'POST', url, headers: as(who), payload });
    const get = (who: Who, url: string) => app.inject({ method: 'GET', url, headers: as(who) });
    const tenant = () => world.tenant.tenantId;
    const signalRow = (id: string) =>
      env.ctx.db.selectFrom('signals').selectAll().where('tenant_id', '=', tenant()).where('id', '=', id).executeTakeFirstOrThrow();
    const caseRow = (id: string) =>
      env.ctx.db.selectFrom('cases').selectAll().where('tenant_id', '=', tenant()).where('id', '=', id).executeTakeFirstOrThrow();
    const caseCount = async () =>
      Number(
        (
          await env.ctx.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', tenant())
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditOf = (action: string, resourceId: string) =>
      auditEvents(env.ctx.db)
        .selectAll()
        .where('tenant_id', '=', tenant())
        .where('action', '=', action)
        .where('resource_id', '=', resourceId)
        .execute();
    /** A signal reported (by the teacher unless named) and decided as a shared concern by the coordinator. */
    const sharedSignal = async (options: ReportOptions = {}, by: SignalReporterName = 'teacher'): Promise<string> => {
      const { id } = await reportSignal(world, by, options);
      await decideSignal(
        { signalId: id, input: { outcome: 'shared_concern', rationale: 'Fictional rationale: the concern is shared.' } },
        world.coordinator.actor,
        env.ctx,
      );
      return id;
    };
    const referral = { identityDisclosure: 'restricted', summary: 'Fictional reason for referral.' } as const;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('referral is refused before a shared concern (409), to the reporter (403) and invisible to others (404 like a missing id)', async () => {
      const { id } = await reportSignal(world);
      const before = await signalRow(id);
      const cases = await caseCount();
      const early = await post('coordinator', `/api/v1/signals/${id}/referral`, referral);
      assert.equal(early.statusCode, 409, `before a shared concern the referral answers 409: ${early.body}`);
      const reporter = await post('teacher', `/api/v1/signals/${id}/referral`, referral);
      assert.equal(reporter.statusCode, 403, `the reporter sees their signal but may not refer it: ${reporter.body}`);
      const forbidden = await env.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', tenant())
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', world.teacher.id)
        .execute();
      assert.ok(
        forbidden.some((event) => String(event.details).includes('signals.refer')),
        'the 403 of the reporter is in the audit trail as a denied signals.refer',
      );
      const missing = await post('outsider', '/api/v1/signals/00000000-0000-4000-8000-000000000000/referral', referral);
      for (const who of ['outsider', 'keyFigureThisTable', 'otherTenant', 'dpo', 'youthWorker'] as const) {
        const answer = await post(who, `/api/v1/signals/${id}/referral`, referral);
        assert.equal(answer.statusCode, 404, `${who} does not see the signal: 404`);
        assert.equal(answer.body, missing.body, `${who} gets the same body as for a missing signal`);
      }
      const pdf = await get('teacher', `/api/v1/signals/${id}/referral.pdf`);
      assert.equal(pdf.statusCode, 403, 'the reporter may not print the referral form');
      const matches = await get('outsider', `/api/v1/signals/${id}/matches`);
      assert.equal(matches.statusCode, 404, 'an outsider does not learn whether the person is known');
      assert.deepEqual(await signalRow(id), before, 'the refused requests changed nothing on the signal');
      assert.equal(await caseCount(), cases, 'the refused requests opened no case');
    });

    test('routing at the 18th birthday: the day before to the minors table, on the day to the adults table; an override needs a reason', async () => {
      const today = env.clock.now();
      const birthday = new Date(today.getTime() + DAY);
      const born = `${birthday.getUTCFullYear() - 18}-${String(birthday.getUTCMonth() + 1).padStart(2, '0')}-${String(birthday.getUTCDate()).padStart(2, '0')}`;
      const minor = await sharedSignal({ subject: { familyName: 'Grens-Fictief', birthDate: born } });
      const routedMinor = await post('coordinator', `/api/v1/signals/${minor}/referral`, { ...referral, identityDisclosure: 'anonymous' });
      assert.equal(routedMinor.statusCode, 201, routedMinor.body);
      assert.equal(
        (await caseRow(routedMinor.json().data.caseId)).table_id,
        world.tables.minors,
        'the day before the 18th birthday: the minors table',
      );
      env.clock.advance(DAY);
      const adult = await sharedSignal({ subject: { familyName: 'Grens-Fictief-Twee', birthDate: born } });
      const noReason = await post('coordinator', `/api/v1/signals/${adult}/referral`, { ...referral, tableId: world.tables.minors });
      assert.equal(noReason.statusCode, 400, 'on the 18th birthday the minors table without a reason is refused');
      assert.deepEqual(
        noReason.json().error.issues.map((issue: { path: string }) => issue.path),
        ['ageExceptionReason'],
        'the problem is on the reason field',
      );
      const routedAdult = await post('coordinator', `/api/v1/signals/${adult}/referral`, referral);
      assert.equal(routedAdult.statusCode, 201, routedAdult.body);
      assert.equal((await caseRow(routedAdult.json().data.caseId)).table_id, world.tables.adults, 'on the 18th birthday: the adults table');
      const override = await sharedSignal({ subject: { familyName: 'Grens-Fictief-Drie', birthDate: born } });
      const withReason = await post('coordinator', `/api/v1/signals/${override}/referral`, {
        ...referral,
        tableId: world.tables.minors,
        ageExceptionReason: 'Fictional reason: the minors table already follows the family.',
      });
      assert.equal(withReason.statusCode, 201, withReason.body);
      assert.equal((await caseRow(withReason.json().data.caseId)).table_id, world.tables.minors, 'with a reason the override holds');
    });

    test('a referral opens a case with the screening and inquiry summaries for the table, seats a known reporter organisation, and is audited', async () => {
      const id = await sharedSignal({ subject: { givenName: 'Mila', familyName: 'Verwijs-Fictief', birthDate: '2011-08-20' } });
      const instrument = await env.ctx.db
        .selectFrom('screening_instruments')
        .select('id')
        .where('key', '=', 'observation')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      const screened = await post('coordinator', `/api/v1/signals/${id}/screenings`, {
        instrumentId: instrument.id,
        answers: {},
        judgement: {
          wellbeingVulnerable: false,
          radicalisationVulnerable: true,
          urgency: 'high',
          rationale: 'Fictional rationale of the screening for the table.',
        },
      });
      assert.equal(screened.statusCode, 201, screened.body);
      const inquiry = await post('coordinator', '/api/v1/inquiries', {
        signalId: id,
        mode: 'named',
        organisationIds: [world.organisations.police, world.organisations.community],
        purpose: 'Fictional purpose: is the person known?',
        legalBasis: 'art_458ter',
      });
      assert.equal(inquiry.statusCode, 201, inquiry.body);
      const inquiryId = inquiry.json().data.id;
      const yes = await post('police', `/api/v1/inquiries/${inquiryId}/answers`, { known: 'yes', guidanceRunning: true });
      assert.equal(yes.statusCode < 300, true, yes.body);
      const declined = await post('youthWorker', `/api/v1/inquiries/${inquiryId}/answers`, {
        known: 'declined',
        note: 'Fictional note for the coordinator only.',
      });
      assert.equal(declined.statusCode < 300, true, declined.body);
      const created = await post('coordinator', `/api/v1/signals/${id}/referral`, { ...referral, seatReporterOrganisation: true });
      assert.equal(created.statusCode, 201, created.body);
      const { caseId, reference } = created.json().data;
      const signal = await signalRow(id);
      assert.equal(signal.status, 'referred', 'the signal is referred');
      assert.equal(signal.case_id, caseId, 'the signal points at its case');
      const kase = await caseRow(caseId);
      assert.equal(kase.reference, reference, 'the answer names the case reference');
      assert.equal(kase.table_id, world.tables.minors, 'a minor goes to the minors table');
      assert.equal(kase.referrer_organisation_id, world.organisations.school, "the known reporter's organisation is the referrer");
      const items = await get('keyFigureThisTable', `/api/v1/cases/${caseId}/items`);
      assert.equal(items.statusCode, 200, items.body);
      const bodies: string[] = items.json().data.map((item: { body: string }) => item.body);
      assert.ok(
        bodies.some((body) => body.includes('Fictional rationale of the screening for the table.')),
        `the key figure of the table reads the screening summary: ${JSON.stringify(bodies)}`,
      );
      assert.ok(
        bodies.some((body) => body.includes('Politiezone Rivierstede')),
        `the key figure reads the inquiry summary with the yes answer: ${JSON.stringify(bodies)}`,
      );
      const everything = bodies.join('\n');
      assert.ok(!everything.includes('Buurthuis De Kaai'), 'the organisation that declined is not passed on');
      assert.ok(!everything.includes('Fictional note for the coordinator only.'), "the coordinator's note stays with the coordinator");
      assert.equal((await auditOf('signal.referred', id)).length, 1, 'the referral is audited once');
      const again = await post('coordinator', `/api/v1/signals/${id}/referral`, referral);
      assert.equal(again.statusCode, 409, 'a referred signal is not referred twice');

      const printed = await get('coordinator', `/api/v1/signals/${id}/referral.pdf`);
      assert.equal(printed.statusCode, 200, printed.body);
      assert.equal(printed.headers['content-type'], 'application/pdf', 'the form is a PDF');
      const text = await pdfText(printed.rawPayload);
      assert.ok(text.includes(reference), 'the PDF holds the case pseudonym');
      assert.ok(text.includes('Atheneum De Linde'), "a known reporter's organisation is on the form");
      assert.ok(!text.includes('Verwijs-Fictief'), 'the PDF does not name the person');
      assert.ok(text.includes('Politiezone Rivierstede'), 'the PDF holds the yes answer of the inquiry');
      assert.ok(!text.includes('Buurthuis De Kaai'), 'the PDF does not name the organisation that declined');
      assert.equal((await auditOf('signal.referral_printed', id)).length, 1, 'the print is audited');
    });

    test('an anonymous reporter: the organisation cannot be seated, the case and the PDF hold no trace of the reporter', async () => {
      const id = await sharedSignal({ anonymous: true, subject: { familyName: 'Anoniem-Fictief', birthDate: '2012-02-29' } });
      const seat = await post('coordinator', `/api/v1/signals/${id}/referral`, { ...referral, seatReporterOrganisation: true });
      assert.equal(seat.statusCode, 400, 'an anonymous reporter cannot be seated');
      const created = await post('coordinator', `/api/v1/signals/${id}/referral`, referral);
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await caseRow(created.json().data.caseId)).referrer_organisation_id, null, 'the case names no referrer organisation');
      const printed = await get('coordinator', `/api/v1/signals/${id}/referral.pdf`);
      assert.equal(printed.statusCode, 200, printed.body);
      const text = await pdfText(printed.rawPayload);
      assert.ok(text.includes(created.json().data.reference), 'the PDF holds the pseudonym');
      for (const trace of [world.teacher.name, world.teacher.email, 'Atheneum De Linde', world.teacher.id])
        assert.ok(!text.includes(trace), `the PDF holds no trace of the anonymous reporter (${trace})`);
      for (const answer of [created, printed]) {
        for (const trace of [world.teacher.name, world.teacher.email, world.teacher.id, world.organisations.school])
          assert.ok(!answer.body.includes(trace), `no answer to the coordinator names the anonymous reporter (${trace})`);
      }
      const events = await env.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', tenant())
        .where('resource_id', '=', id)
        .execute();
      for (const event of events.filter((e) => e.action === 'signal.referred' || e.action === 'signal.referral_printed'))
        assert.ok(!JSON.stringify(event).includes(world.teacher.id), `the ${event.action} event does not name the reporter`);
    });

    test('already known: a second signal about the person of a case finds the case and the first signal', async () => {
      const person = { givenName: 'Noor', familyName: 'Verhaegen-Test', birthDate: '2010-05-14' };
      const first = await sharedSignal({ subject: person });
      const second = await sharedSignal({ subject: person }, 'youthWorker');
      const answer = await get('coordinator', `/api/v1/signals/${second}/matches`);
      assert.equal(answer.statusCode, 200, answer.body);
      const { data } = answer.json();
      assert.equal(data.comparable, true, 'a signal with family name and birth date is compared');
      assert.deepEqual(
        data.cases.map((entry: { id: string }) => entry.id),
        [world.caseA.id],
        'the case of the same person is found',
      );
      assert.deepEqual(
        data.signals.map((entry: { id: string }) => entry.id),
        [first],
        'the earlier signal about the same person is found, not this one',
      );
      assert.equal(data.timesReferred, 1, 'the person was referred once before (case A)');
      const audited = await auditOf('signal.matches_viewed', second);
      assert.equal(audited.length, 1, 'the look-up is audited');
      assert.deepEqual(JSON.parse(String(audited[0]!.details)), { cases: 1, signals: 1 }, 'with the counts only');
      const reporter = await get('youthWorker', `/api/v1/signals/${second}/matches`);
      assert.equal(reporter.statusCode, 403, 'the reporter may not look up matches');
      const consult = await reportSignal(world, { kind: 'consult' });
      const none = await get('coordinator', `/api/v1/signals/${consult.id}/matches`);
      assert.equal(none.statusCode, 200, none.body);
      assert.deepEqual(none.json().data, { comparable: false, cases: [], signals: [], timesReferred: 0 }, 'a consult compares with nothing');
    });

    test('add to a known case: an item the key figures read, the known reporter seated as a guest, the anonymous one never', async () => {
      const person = { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' };
      const known = await sharedSignal({ subject: person, description: 'Fictional observation for case A from the school.' });
      const before = await get('teacher', `/api/v1/cases/${world.caseA.id}`);
      assert.equal(before.statusCode, 404, 'the teacher does not see case A before');
      const added = await post('coordinator', `/api/v1/signals/${known}/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'table',
        legalBasis: 'art_458ter',
        itemClasses: ['school'],
        seatReporterOrganisation: true,
      });
      assert.equal(added.statusCode, 201, added.body);
      const items = await get('keyFigureThisTable', `/api/v1/cases/${world.caseA.id}/items`);
      assert.ok(
        items.json().data.some((item: { body: string }) => item.body.includes('Fictional observation for case A from the school.')),
        "the key figure of the case's table reads the signal's information",
      );
      const signal = await signalRow(known);
      assert.deepEqual([signal.status, signal.case_id], ['referred', world.caseA.id], 'the signal is referred to case A');
      const seated = await get('teacher', `/api/v1/cases/${world.caseA.id}`);
      assert.equal(seated.statusCode, 200, 'the known reporter now takes part in case A');
      assert.equal((await auditOf('signal.added_to_case', known)).length, 1, 'the addition is audited');

      const anonymous = await sharedSignal({ anonymous: true, subject: person, description: 'Fictional anonymous observation.' }, 'youthWorker');
      const refused = await post('coordinator', `/api/v1/signals/${anonymous}/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'table',
        legalBasis: 'art_458ter',
        seatReporterOrganisation: true,
      });
      assert.equal(refused.statusCode, 400, 'an anonymous reporter is never seated');
      const plain = await post('coordinator', `/api/v1/signals/${anonymous}/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'table',
        legalBasis: 'art_458ter',
      });
      assert.equal(plain.statusCode, 201, plain.body);
      const youthWorker = await get('youthWorker', `/api/v1/cases/${world.caseA.id}`);
      assert.equal(youthWorker.statusCode, 404, 'the anonymous reporter does not take part in the case');
      const wrongBasis = await sharedSignal({ subject: person }, 'police');
      const refusedBasis = await post('coordinator', `/api/v1/signals/${wrongBasis}/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'care_network',
        legalBasis: 'art_458ter',
      });
      assert.equal(refusedBasis.statusCode, 400, 'a legal basis that does not hold for the audience is refused by the cases module');
      assert.equal((await signalRow(wrongBasis)).status, 'in_consultation', 'and the signal is unchanged');
    });
    test('the form of a signal added to a known case says "added to the case", on the day it was added, with the decision’s reason — not the case’s summary and opening day', async () => {
      const caseOpened = dayOf(new Date((await caseRow(world.caseA.id)).created_at));
      env.clock.advance(3 * DAY);
      const rationale = 'Fictional rationale: the school sees the same withdrawal again.';
      const { id } = await reportSignal(world, 'teacher', { subject: { familyName: 'Verhaegen-Test', birthDate: '2010-05-14' } });
      await decideSignal({ signalId: id, input: { outcome: 'shared_concern', rationale } }, world.coordinator.actor, env.ctx);
      const added = await post('coordinator', `/api/v1/signals/${id}/add-to-case`, {
        caseId: world.caseA.id,
        audience: 'table',
        legalBasis: 'art_458ter',
      });
      assert.equal(added.statusCode, 201, added.body);
      const addedDay = dayOf(env.clock.now());
      assert.notEqual(addedDay, caseOpened, 'the test adds the signal on another day than the case was opened');
      assert.ok((await signalRow(id)).added_to_case_at !== null, 'the signal keeps when it was added');

      for (const locale of ['en', 'nl', 'fr'] as const) {
        const t = translator(locale);
        const printed = await app.inject({
          method: 'GET',
          url: `/api/v1/signals/${id}/referral.pdf`,
          headers: { ...as('coordinator'), 'accept-language': locale },
        });
        assert.equal(printed.statusCode, 200, printed.body);
        const text = (await pdfText(printed.rawPayload)).replace(/\s+/g, ' ');
        const words = (key: string) => t(key).replace(/\s+/g, ' ');
        assert.ok(
          text.includes(words('referral.pdf.added_to_case')),
          `the ${locale} form says the signal was added to a case already at the table: ${text.slice(0, 400)}`,
        );
        assert.ok(text.includes(words('referral.pdf.added_date')), `the ${locale} form labels the date as the day it was added`);
        assert.ok(!text.includes(words('referral.pdf.date')), `the ${locale} form has no "referral date"`);
        assert.ok(text.includes(words('referral.pdf.reason_added')), `the ${locale} form gives the reason for adding`);
        assert.ok(!text.includes(words('referral.pdf.reason')), `the ${locale} form has no "reason for referral"`);
        assert.ok(text.includes(formatLocalDay(addedDay, locale)), `the ${locale} form gives the day the signal was added (${addedDay})`);
        assert.ok(!text.includes(formatLocalDay(caseOpened, locale)), `the ${locale} form does not give the day case A was opened (${caseOpened})`);
        assert.ok(text.includes(rationale), `the ${locale} form gives the coordinator’s reason for sharing the concern`);
        assert.ok(
          !text.includes('Fictional concern: withdrawal from school and online contacts.'),
          `the ${locale} form does not pass case A’s summary off as the reason`,
        );
      }

      // A signal referred through a new case keeps "referred", its case's opening day and the reason typed.
      const referred = await sharedSignal({ subject: { familyName: 'Nieuw-Fictief', birthDate: '2011-03-03' } });
      const created = await post('coordinator', `/api/v1/signals/${referred}/referral`, referral);
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await signalRow(referred)).added_to_case_at, null, 'a referral through a new case is not "added"');
      const t = translator('en');
      const text = (
        await pdfText(
          (
            await app.inject({
              method: 'GET',
              url: `/api/v1/signals/${referred}/referral.pdf`,
              headers: { ...as('coordinator'), 'accept-language': 'en' },
            })
          ).rawPayload,
        )
      ).replace(/\s+/g, ' ');
      assert.ok(
        text.includes(t('referral.pdf.date')) && text.includes(t('referral.pdf.reason')),
        'the referred form speaks of the referral date and reason',
      );
      assert.ok(!text.includes(t('referral.pdf.added_to_case')), 'and not of adding to a case');
      assert.ok(text.includes(referral.summary), 'with the reason typed when referring');
      assert.ok(text.includes(formatLocalDay(addedDay, 'en')), 'on the day of the referral');
    });

    test('the look-up and the print fail closed when their audit write fails', async () => {
      const id = await sharedSignal({ subject: { familyName: 'Gesloten-Fictief', birthDate: '2011-04-04' } });
      const created = await post('coordinator', `/api/v1/signals/${id}/referral`, referral);
      assert.equal(created.statusCode, 201, created.body);
      const raw = env.database.handle.db;
      await raw.schema.alterTable('audit_segments').renameTo('audit_segments_off').execute();
      try {
        const matches = await get('coordinator', `/api/v1/signals/${id}/matches`);
        assert.equal(matches.statusCode, 500, 'no matches without the audit event');
        assert.ok(!matches.body.includes('Gesloten'), 'and nothing of the person in the answer');
        const pdf = await get('coordinator', `/api/v1/signals/${id}/referral.pdf`);
        assert.equal(pdf.statusCode, 500, 'no referral form without the audit event');
        assert.notEqual(pdf.headers['content-type'], 'application/pdf', 'no PDF bytes go out');
      } finally {
        await raw.schema.alterTable('audit_segments_off').renameTo('audit_segments').execute();
      }
    });
    test('a reporter who made themself known: seated only when they agreed', async () => {
      const made = async (agreeToSeat: boolean): Promise<string> => {
        const id = await sharedSignal({ anonymous: true, subject: { familyName: `Zetel-${String(agreeToSeat)}-Fictief`, birthDate: '2011-06-06' } });
        const asked = await post('coordinator', `/api/v1/signals/${id}/disclosure-request`, {
          reason: 'Fictional reason: the table needs to know who reported.',
        });
        assert.ok(asked.statusCode < 300, asked.body);
        const answered = await post('teacher', `/api/v1/signals/${id}/disclosure`, { decision: 'make_known', agreeToSeat });
        assert.ok(answered.statusCode < 300, answered.body);
        return id;
      };
      const refused = await made(false);
      const seat = await post('coordinator', `/api/v1/signals/${refused}/referral`, { ...referral, seatReporterOrganisation: true });
      assert.equal(seat.statusCode, 400, 'a reporter who did not agree is not seated');
      const unseated = await post('coordinator', `/api/v1/signals/${refused}/referral`, referral);
      assert.equal(unseated.statusCode, 201, unseated.body);
      const form = await pdfText((await get('coordinator', `/api/v1/signals/${refused}/referral.pdf`)).rawPayload);
      assert.ok(!form.includes('Atheneum De Linde'), 'and their organisation is not named on the referral form');
      const agreed = await made(true);
      const seated = await post('coordinator', `/api/v1/signals/${agreed}/referral`, { ...referral, seatReporterOrganisation: true });
      assert.equal(seated.statusCode, 201, seated.body);
      assert.equal(
        (await caseRow(seated.json().data.caseId)).referrer_organisation_id,
        world.organisations.school,
        "a reporter who agreed: their organisation is the case's referrer",
      );
    });
    test('a double submit opens one case; a referral the cases module refuses leaves the signal as it was', async () => {
      const id = await sharedSignal({ subject: { familyName: 'Dubbel-Fictief', birthDate: '2012-01-01' } });
      const before = await signalRow(id);
      const refused = await post('coordinator', `/api/v1/signals/${id}/referral`, {
        ...referral,
        caseOwnerOrganisationId: '00000000-0000-4000-8000-000000000000',
      });
      assert.equal(refused.statusCode, 400, 'an unknown case owner is refused by the cases module');
      assert.deepEqual(await signalRow(id), before, 'the refused referral changed nothing on the signal');
      const cases = await caseCount();
      const answers = await Promise.all([1, 2].map(() => post('coordinator', `/api/v1/signals/${id}/referral`, referral)));
      assert.deepEqual(
        answers.map((answer) => answer.statusCode).sort(),
        [201, 409],
        `one of two simultaneous referrals opens the case, the other is refused: ${answers.map((answer) => answer.body).join(' | ')}`,
      );
      assert.equal(await caseCount(), cases + 1, 'exactly one case was opened');
      const created = answers.find((answer) => answer.statusCode === 201)!.json().data.caseId;
      assert.equal((await signalRow(id)).case_id, created, 'the signal points at that case');
    });
  });
}
