import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PDFParse } from 'pdf-parse';
import type { WorldUser } from '../../test/case-world.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { createLogger } from '../../platform/logger.ts';
import { outboxMails, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';

/**
 * Issue 11's anonymity test over the FULL journey of the consult point: an anonymous teacher reports
 * a concern through the form; the coordinator screens it (API), writes on the reply channel, the
 * teacher answers, the coordinator asks the teacher to make themself known and the teacher declines;
 * the coordinator decides "shared concern", runs a named inquiry (police and the neighbourhood centre)
 * and a blind one (youth care's client register holds the person); the asked organisations read their
 * questions and answer (API and pages); the coordinator looks up matches and refers; the coordinator
 * and a key figure of the table read the case (pages and API); the referral form is printed (PDF,
 * read as text). Every answer the coordinator, the DPO (audit events API and pages, the case's
 * access report) and the inquired professionals receive is collected, with every mail to anyone but
 * the teacher, and every log line the application wrote, and none may hold the teacher's name, email, user id, organisation id or
 * organisation name.
 */

/** The subject of the concern: a fictional minor, also in youth care's client register. */
const SUBJECT = { givenName: 'Lotte', familyName: 'Anoniemtraject-Fictief', birthDate: '2011-10-04' };

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/**
 * A page without the lists that offer EVERY user or organisation of the network to choose from
 * (selects: the audit filter, a case's participant and owner choices, an answer's contact person;
 * the organisation checkboxes of the named inquiry and of a case's consent form): they name the school because it is part of the
 * network, not because it reported. What could betray the reporter is everything else on the page.
 */
function withoutChoiceLists(html: string): string {
  return html.replace(/<select[\s\S]*?<\/select>/g, '').replace(/<fieldset id="field-(?:[\w-]+-)?organisationIds"[\s\S]*?<\/fieldset>/g, '');
}

for (const target of databaseTargets()) {
  describe(`the anonymous reporter stays anonymous over the whole consult point journey on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    /** Every log line the application writes (at the most verbose level), as the operator would read them. */
    const logLines: string[] = [];
    const signIn = async (user: WorldUser) => {
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      return client;
    };
    const api = (user: WorldUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: bearer(user.token), ...(payload && { payload }) });

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedSignalWorld(env);
      app = await createTestApp({ ...env.ctx, logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }) });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('nothing the coordinator, the DPO or the inquired organisations receive names the anonymous teacher', async () => {
      const traces: Record<string, string> = {
        name: world.teacher.name,
        'given name': 'Tine',
        'family name': 'Leerkracht-Fictief',
        email: world.teacher.email,
        'user id': world.teacher.id,
        'organisation id': world.organisations.school,
        'organisation name': 'Atheneum De Linde',
      };
      const seen: { what: string; body: string }[] = [];
      const keep = <R extends { statusCode: number; body: string }>(what: string, response: R, expected = 200): R => {
        assert.equal(response.statusCode, expected, `${what} answers ${expected} (${response.body.slice(0, 300)})`);
        seen.push({ what, body: withoutChoiceLists(response.body) });
        return response;
      };
      const mailsBefore = outboxMails(world).length;

      // Youth care guides the person: its register holds them (a blind inquiry will find only youth care).
      const register = await api(world.users.caseOwnerMember, 'PUT', '/api/v1/client-register', {
        persons: [{ familyName: SUBJECT.familyName, birthDate: SUBJECT.birthDate }],
      });
      assert.equal(register.statusCode, 200, `youth care uploads its client register (${register.body})`);

      // 1. The teacher reports anonymously through the form.
      const teacher = await signIn(world.teacher);
      assert.equal((await teacher.get('/signals/new')).statusCode, 200, 'the teacher opens the report form');
      const sent = await teacher.post('/signals/new', {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictional anonymous concern: a pupil speaks of new online friends and skips class.',
        reporterAnonymous: 'yes',
        subjectGivenName: SUBJECT.givenName,
        subjectFamilyName: SUBJECT.familyName,
        subjectBirthDate: SUBJECT.birthDate,
      });
      assert.equal(sent.statusCode, 303, `the anonymous report is stored (${sent.body.slice(0, 300)})`);
      const signalPath = String(sent.headers.location);
      const signalId = signalPath.split('/')[2]!;
      assert.match(signalId, /^[0-9a-f-]{36}$/, 'the report form sends the teacher to the new signal');

      // 2. The coordinator finds it and screens it through the API.
      const coordinator = await signIn(world.coordinator);
      const coordinatorUser = world.coordinator;
      for (const path of ['/', '/signals', signalPath]) keep(`coordinator page ${path}`, await coordinator.get(path));
      keep('coordinator API signal list', await api(coordinatorUser, 'GET', '/api/v1/signals'));
      keep('coordinator API signal', await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}`));
      const instrument = await env.ctx.db
        .selectFrom('screening_instruments')
        .select('id')
        .where('key', '=', 'observation')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      keep(
        'coordinator API screening recorded',
        await api(coordinatorUser, 'POST', `/api/v1/signals/${signalId}/screenings`, {
          instrumentId: instrument.id,
          answers: { 'behaviour.observation': [{ fact: 'Fictional fact: skips the afternoon classes.', factor: 'risk' }] },
          judgement: { wellbeingVulnerable: true, radicalisationVulnerable: true, urgency: 'high', rationale: 'Fictional screening rationale.' },
        }),
        201,
      );
      keep('coordinator API screenings', await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}/screenings`));
      keep('coordinator page screening tab', await coordinator.get(`/signals/${signalId}/screening`));

      // 3. The reply channel both ways; the teacher is asked to make themself known and declines.
      keep(
        'coordinator API message sent',
        await api(coordinatorUser, 'POST', `/api/v1/signals/${signalId}/messages`, {
          body: 'Fictional question: since when does the pupil skip class?',
        }),
        201,
      );
      assert.equal((await teacher.get(`/signals/${signalId}/messages`)).statusCode, 200, 'the teacher opens the channel');
      const answered = await teacher.post(`/signals/${signalId}/messages`, { body: 'Fictional answer: since the autumn holiday.' });
      assert.equal(answered.statusCode, 303, 'the teacher answers on the channel (page)');
      keep(
        'coordinator API disclosure request',
        await api(coordinatorUser, 'POST', `/api/v1/signals/${signalId}/disclosure-request`, {
          reason: 'Fictional reason: the table may need to know who reported.',
        }),
        201,
      );
      const declined = await api(world.teacher, 'POST', `/api/v1/signals/${signalId}/disclosure`, { decision: 'stay_anonymous' });
      assert.ok(declined.statusCode < 300, `the teacher declines to make themself known (${declined.body})`);
      keep('coordinator API messages', await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}/messages`));
      keep('coordinator page messages tab', await coordinator.get(`/signals/${signalId}/messages`));

      // 4. Shared concern; a named inquiry to police and the neighbourhood centre, a blind one.
      keep(
        'coordinator API decision',
        await api(coordinatorUser, 'POST', `/api/v1/signals/${signalId}/decision`, {
          outcome: 'shared_concern',
          rationale: 'Fictional rationale: the concern is shared with the table.',
        }),
      );
      const named = keep(
        'coordinator API named inquiry',
        await api(coordinatorUser, 'POST', '/api/v1/inquiries', {
          signalId,
          mode: 'named',
          organisationIds: [world.organisations.police, world.organisations.community],
          purpose: 'Fictional purpose: does your organisation know the pupil?',
          legalBasis: 'art_458ter',
        }),
        201,
      );
      const namedId = named.json().data.id as string;
      const blind = keep(
        'coordinator API blind inquiry',
        await api(coordinatorUser, 'POST', '/api/v1/inquiries', {
          signalId,
          mode: 'blind',
          purpose: 'Fictional purpose: who already guides the pupil?',
          legalBasis: 'art_458ter',
        }),
        201,
      );
      const blindId = blind.json().data.id as string;
      assert.equal(blind.json().data.questions, 1, 'the blind inquiry asks exactly the one organisation whose register matches');

      // 5. The asked organisations read their questions and answer: police through the page, the
      // neighbourhood centre through the API, youth care (blind) reads the page and answers through the API.
      const police = await signIn(world.police);
      keep('police page /inquiries', await police.get('/inquiries'));
      keep('police page question', await police.get(`/inquiries/${namedId}`));
      const policeAnswer = await police.post(`/inquiries/${namedId}`, { known: 'yes', guidanceRunning: 'true', note: '' });
      assert.equal(policeAnswer.statusCode, 303, `the police answer through the page (${policeAnswer.body.slice(0, 300)})`);
      keep('police page question after answering', await police.get(`/inquiries/${namedId}`));
      keep('police API inquiries', await api(world.police, 'GET', '/api/v1/inquiries'));
      keep('police API question', await api(world.police, 'GET', `/api/v1/inquiries/${namedId}`));
      const community = world.youthWorker;
      keep('neighbourhood centre API inquiries', await api(community, 'GET', '/api/v1/inquiries'));
      keep('neighbourhood centre API question', await api(community, 'GET', `/api/v1/inquiries/${namedId}`));
      const communityAnswer = await api(community, 'POST', `/api/v1/inquiries/${namedId}/answers`, { known: 'no' });
      assert.ok(communityAnswer.statusCode < 300, `the neighbourhood centre answers through the API (${communityAnswer.body})`);
      seen.push({ what: 'neighbourhood centre API answer', body: communityAnswer.body });
      const communityPages = await signIn(world.users.guestOtherCase);
      keep('neighbourhood centre colleague page /inquiries', await communityPages.get('/inquiries'));
      keep('neighbourhood centre colleague page question', await communityPages.get(`/inquiries/${namedId}`));
      const youthCareUser = world.users.caseOwnerMember;
      const youthCare = await signIn(youthCareUser);
      keep('youth care page /', await youthCare.get('/'));
      keep('youth care page /inquiries', await youthCare.get('/inquiries'));
      keep('youth care page blind question', await youthCare.get(`/inquiries/${blindId}`));
      keep('youth care API inquiries', await api(youthCareUser, 'GET', '/api/v1/inquiries'));
      keep('youth care API blind question', await api(youthCareUser, 'GET', `/api/v1/inquiries/${blindId}`));
      const youthCareAnswer = await api(youthCareUser, 'POST', `/api/v1/inquiries/${blindId}/answers`, {
        known: 'yes',
        guidanceRunning: true,
        contactUserId: youthCareUser.id,
      });
      assert.ok(youthCareAnswer.statusCode < 300, `youth care answers through the API (${youthCareAnswer.body})`);
      seen.push({ what: 'youth care API answer', body: youthCareAnswer.body });

      // 6. The coordinator reads the answers, looks up matches and refers.
      keep('coordinator page /inquiries', await coordinator.get('/inquiries'));
      for (const id of [namedId, blindId]) {
        keep(`coordinator page inquiry ${id}`, await coordinator.get(`/inquiries/${id}`));
        keep(`coordinator API inquiry ${id}`, await api(coordinatorUser, 'GET', `/api/v1/inquiries/${id}`));
      }
      keep('coordinator API inquiries', await api(coordinatorUser, 'GET', '/api/v1/inquiries'));
      keep('coordinator page inquiries tab', await coordinator.get(`/signals/${signalId}/inquiries`));
      keep('coordinator API matches', await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}/matches`));
      keep('coordinator page referral tab', await coordinator.get(`/signals/${signalId}/referral`));
      const referred = keep(
        'coordinator API referral',
        await api(coordinatorUser, 'POST', `/api/v1/signals/${signalId}/referral`, {
          identityDisclosure: 'restricted',
          summary: 'Fictional reason for referral: the pupil withdraws and skips class.',
        }),
        201,
      );
      const { caseId, reference } = referred.json().data as { caseId: string; reference: string };
      const printed = await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}/referral.pdf`);
      assert.equal(printed.statusCode, 200, 'the coordinator prints the referral form');
      assert.equal(printed.headers['content-type'], 'application/pdf', 'the referral form is a PDF');
      const pdf = await pdfText(printed.rawPayload);
      assert.ok(pdf.includes(reference), 'the referral form holds the case pseudonym (the PDF was read as text)');
      seen.push({ what: 'referral PDF (text)', body: pdf });
      const printedPage = await coordinator.get(`/signals/${signalId}/referral.pdf`);
      assert.equal(printedPage.statusCode, 200, 'the referral form prints from the page too');
      seen.push({ what: 'referral PDF from the page (text)', body: await pdfText(printedPage.rawPayload) });
      for (const path of ['/signals', signalPath, `/signals/${signalId}/referral`, `/signals/${signalId}/messages`])
        keep(`coordinator page ${path} after the referral`, await coordinator.get(path));
      keep('coordinator API signal after the referral', await api(coordinatorUser, 'GET', `/api/v1/signals/${signalId}`));

      // 7. The case: the coordinator and the key figure of the minors table, pages and API.
      const keyFigureUser = world.users.keyFigureThisTable;
      const keyFigure = await signIn(keyFigureUser);
      for (const [who, user, client] of [
        ['coordinator', coordinatorUser, coordinator],
        ['key figure', keyFigureUser, keyFigure],
      ] as const) {
        for (const tab of ['', '/information', '/people', '/history'])
          keep(`${who} page /cases/${caseId}${tab}`, await client.get(`/cases/${caseId}${tab}`));
        for (const part of ['', '/items', '/timeline', '/participants'])
          keep(`${who} API /cases/${caseId}${part}`, await api(user, 'GET', `/api/v1/cases/${caseId}${part}`));
        keep(`${who} page /cases`, await client.get('/cases'));
      }
      keep(`coordinator page /cases/${caseId}/manage`, await coordinator.get(`/cases/${caseId}/manage`));
      keep('key figure page /', await keyFigure.get('/'));
      keep('police page / after answering', await police.get('/'));
      keep('youth care page / after answering', await youthCare.get('/'));

      // 8. The DPO: the audit trail of everything that happened (API and pages) and the case's access report.
      const dpoUser = world.users.dpo;
      const dpo = await signIn(dpoUser);
      const journeyResources = new Set([signalId, namedId, blindId, caseId]);
      const events = await env.ctx.db
        .selectFrom('audit_events')
        .select(['action', 'resource_id', 'case_id'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .execute();
      const journeyActions = [
        ...new Set(
          events
            .filter(
              (event) =>
                journeyResources.has(String(event.resource_id)) ||
                journeyResources.has(String(event.case_id)) ||
                /^(signal|screening|inquiry|client_register)\./.test(event.action),
            )
            .map((event) => event.action),
        ),
      ].sort();
      for (const expected of [
        'signal.created',
        'signal.viewed',
        'signal.message_sent',
        'signal.disclosure_answered',
        'signal.referred',
        'inquiry.answered',
      ])
        assert.ok(journeyActions.includes(expected), `the journey left ${expected} events in the trail (${journeyActions.join(', ')})`);
      for (const action of journeyActions) {
        let cursor: string | null = null;
        const ofJourney: unknown[] = [];
        do {
          const url: string = `/api/v1/audit/events?action=${action}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = await api(dpoUser, 'GET', url);
          assert.equal(page.statusCode, 200, `the DPO reads the ${action} events (${page.body.slice(0, 200)})`);
          const body = page.json() as {
            data: { resource: { id: string | null }; caseId: string | null; action: string }[];
            nextCursor: string | null;
          };
          // Events of the journey, and every event of the consult point's own actions.
          ofJourney.push(
            ...body.data.filter(
              (event) =>
                journeyResources.has(String(event.resource.id)) ||
                journeyResources.has(String(event.caseId)) ||
                /^(signal|screening|inquiry|client_register)\./.test(event.action),
            ),
          );
          cursor = body.nextCursor;
        } while (cursor);
        assert.ok(ofJourney.length > 0, `the DPO's API holds the ${action} events of the journey`);
        seen.push({ what: `DPO audit API ${action}`, body: JSON.stringify(ofJourney) });
        // The page of the same filter (its filter selects list every user and organisation: stripped).
        keep(`DPO audit page ${action}`, await dpo.get(`/audit?action=${action}`));
      }
      keep('DPO page /', await dpo.get('/'));
      keep('DPO audit page of the case', await dpo.get(`/audit?caseId=${caseId}`));
      keep('DPO audit API of the case', await api(dpoUser, 'GET', `/api/v1/audit/events?caseId=${caseId}`));
      keep('DPO access report API', await api(dpoUser, 'GET', `/api/v1/audit/access-report?caseId=${caseId}`));
      keep('DPO access report page', await dpo.get(`/audit/access-report?reference=${encodeURIComponent(reference)}`));
      keep(
        'DPO access report API with staff names',
        await app.inject({
          method: 'POST',
          url: '/api/v1/audit/access-report/staff-names',
          headers: bearer(dpoUser.token),
          payload: { caseId, reason: 'Fictional complaint: who read the case of the referred pupil?' },
        }),
      );

      // 9. Every mail to anyone but the teacher.
      const mails = outboxMails(world)
        .slice(mailsBefore)
        .filter((mail) => !mail.to.includes(world.teacher.email));
      const told = new Set(mails.map((mail) => mail.to));
      for (const user of [coordinatorUser, world.police, youthCareUser])
        assert.ok(told.has(user.email), `the journey mailed ${user.email} (the coordinator and the asked organisations are told)`);
      for (const mail of mails) seen.push({ what: `mail ${mail.file} to ${mail.to}`, body: mail.raw });
      assert.ok(
        outboxMails(world)
          .slice(mailsBefore)
          .some((mail) => mail.to.includes(world.teacher.email)),
        'the teacher was mailed (the channel works for the anonymous reporter), and those mails are the only ones left out',
      );

      // The DPO's trail cannot be joined to the teacher through a request either: the events of the
      // anonymous teacher's own actions carry no actor and no request id.
      const anonymousEvents = await env.ctx.db
        .selectFrom('audit_events')
        .select(['request_id', 'action', 'actor_organisation_id'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('resource_id', '=', signalId)
        .where('actor_user_id', 'is', null)
        .execute();
      assert.ok(
        anonymousEvents.some((event) => event.action === 'signal.created'),
        'the anonymous report is in the trail without an actor',
      );
      assert.deepEqual(
        anonymousEvents.filter((event) => event.request_id !== null || event.actor_organisation_id !== null),
        [],
        'no event of the anonymous teacher carries a request id or an organisation (nothing joins it to the teacher’s other events)',
      );

      // 10. The log lines of the whole journey (the operator reads them; the issue names "no log line").
      assert.ok(logLines.length > 50, `the application logged the journey's requests (${logLines.length} lines)`);
      seen.push({ what: 'log lines', body: logLines.join('') });

      const leaks = seen.flatMap(({ what, body }) =>
        Object.entries(traces).flatMap(([label, trace]) => (body.includes(trace) ? [`${what}: ${label}`] : [])),
      );
      assert.ok(seen.length > 60, `a journey's worth of answers, pages and mails was collected (${seen.length})`);
      assert.deepEqual(leaks, [], 'no answer, page, PDF, audit view or mail to anyone but the teacher holds a trace of the anonymous teacher');
    });
  });
}
