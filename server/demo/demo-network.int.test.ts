import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { URI } from 'otpauth';
import { ROLES } from '../access/actor.ts';
import { signInWithPassword } from '../modules/accounts/index.ts';
import { listCases, listItems } from '../modules/cases/index.ts';
import { open } from '../platform/crypto.ts';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../test/harness.ts';
import { DEMO_NETWORK, DEMO_PASSWORD, DemoRefused, loadDemoNetwork, type LoadedDemoUser } from './demo-network.ts';
import { DEMO_SIGNAL_STATUSES } from './demo-signals.ts';
import { viewMinutes } from '../modules/minutes/index.ts';
import { gapReport, listServices, readDirectorySettings } from '../modules/directory/index.ts';
import { DEMO_DIRECTORY, DEMO_GAPS, DEMO_OVERDUE_SERVICE } from './demo-directory.ts';

for (const target of databaseTargets()) {
  describe(`demo network on ${target.kind}`, () => {
    let env: TestEnvironment;
    let users: LoadedDemoUser[];
    let tenantId: string;

    before(async () => {
      env = await createTestEnvironment(target);
      users = await loadDemoNetwork(env.ctx, { enrolMfa: true });
      tenantId = (await env.ctx.system.tenantBySlug('demo'))!.id;
    });
    after(() => env.dispose());

    test('two partner tables and three cases show need-to-know at work: each partner reads other items of the same case', async () => {
      const tables = await env.ctx.db.selectFrom('partner_tables').select('name').where('tenant_id', '=', tenantId).execute();
      assert.equal(tables.length, 2, 'tables holds 2 entries');
      const actorOf = (email: string, roles: ('coordinator' | 'professional')[]) => {
        const user = users.find((u) => u.email === `${email}@demo.partnertafel.example`)!;
        return {
          tenantId,
          userId: user.id,
          organisationId: '',
          roles: new Set(roles),
          locale: null,
          authentication: { kind: 'token', tokenId: 't' },
        } as const;
      };
      const withOrganisation = async (actor: ReturnType<typeof actorOf>) => {
        const row = await env.ctx.db
          .selectFrom('users')
          .select('organisation_id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', actor.userId)
          .executeTakeFirstOrThrow();
        return { ...actor, organisationId: row.organisation_id };
      };
      const coordinator = await withOrganisation(actorOf('coordinator', ['coordinator']));
      const cases = (await listCases({ filters: {} }, coordinator, env.ctx)).entries;
      assert.equal(cases.length, 3, 'three demo cases: two opened directly, one referred from the consult point');
      const named = cases.find((c) => c.theme === 'radicalisation' && c.reference.endsWith('-001'))!;
      const bodies = async (email: string) =>
        (await listItems({ caseId: named.id }, await withOrganisation(actorOf(email, ['professional'])), env.ctx)).data
          .map((item) => item.audience)
          .sort();
      // The police's own table item and the minute taker's note of the past meeting (a table item too).
      assert.deepEqual(await bodies('police'), ['table', 'table'], "bodies('police') is ['table', 'table']");
      assert.deepEqual(
        await bodies('youth-care'),
        ['care_network', 'organisations', 'own_organisation'],
        "bodies('youth-care') is ['care_network', 'organisations', 'own_organisation']",
      );
      assert.deepEqual(
        await bodies('family-support'),
        ['care_network', 'organisations'],
        "bodies('family-support') is ['care_network', 'organisations']",
      );
      assert.deepEqual(await bodies('school'), ['organisations', 'table', 'table'], "bodies('school') is ['organisations', 'table', 'table']");
    });

    test('the minors table met last month (closed, with minutes and a plan) and meets again on the next first Monday', async () => {
      const db = env.ctx.db;
      const user = users.find((u) => u.email === 'coordinator@demo.partnertafel.example')!;
      const { organisation_id: organisationId } = await db
        .selectFrom('users')
        .select('organisation_id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      const coordinator = {
        tenantId,
        userId: user.id,
        organisationId,
        roles: new Set(['coordinator'] as const),
        locale: null,
        authentication: { kind: 'token', tokenId: 't' },
      } as const;
      const tables = await db.selectFrom('partner_tables').select(['id', 'audience']).where('tenant_id', '=', tenantId).execute();
      const minorsId = tables.find((table) => table.audience === 'minors')!.id;
      const schedules = await db
        .selectFrom('meeting_schedules')
        .select(['table_id', 'rrule', 'local_start_time'])
        .where('tenant_id', '=', tenantId)
        .execute();
      assert.deepEqual(
        tables
          .map((table) => schedules.find((schedule) => schedule.table_id === table.id))
          .map((schedule) => [schedule?.rrule, schedule?.local_start_time])
          .sort(),
        [
          ['FREQ=MONTHLY;BYDAY=1MO', '09:00'],
          ['FREQ=MONTHLY;BYDAY=1MO', '11:00'],
        ],
        'both tables meet on the first Monday: minors at 09:00, adults at 11:00',
      );
      const meetings = await db
        .selectFrom('meetings')
        .select(['id', 'table_id', 'status', 'starts_at', 'agenda_built_at'])
        .where('tenant_id', '=', tenantId)
        .orderBy('starts_at')
        .execute();
      assert.deepEqual(
        meetings.map((meeting) => [meeting.table_id, meeting.status]),
        [
          [minorsId, 'closed'],
          [minorsId, 'planned'],
        ],
        'the minors table has a closed past meeting and a planned coming one',
      );
      const [past, coming] = meetings as [(typeof meetings)[number], (typeof meetings)[number]];
      const now = env.ctx.clock.now().getTime();
      assert.ok(Date.parse(past.starts_at) < now && Date.parse(coming.starts_at) > now, 'one meeting lies behind, one ahead');
      for (const meeting of [past, coming]) {
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Brussels',
          weekday: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        })
          .formatToParts(new Date(meeting.starts_at))
          .reduce<Record<string, string>>((parts, part) => ({ ...parts, [part.type]: part.value }), {});
        assert.deepEqual(
          [local.weekday, Number(local.day) <= 7, `${local.hour}:${local.minute}`],
          ['Mon', true, '09:00'],
          `the meeting of ${meeting.starts_at} is on a first Monday at 09:00 in Brussels`,
        );
      }
      const agendaOf = (meetingId: string) =>
        db
          .selectFrom('meeting_agenda_items')
          .select(['case_id', 'reason'])
          .where('tenant_id', '=', tenantId)
          .where('meeting_id', '=', meetingId)
          .orderBy('position')
          .execute();
      const named = (await listCases({ filters: {} }, coordinator, env.ctx)).entries.find(
        (entry) => entry.theme === 'radicalisation' && entry.reference.endsWith('-001'),
      )!;
      assert.ok(
        (await agendaOf(past.id)).some((item) => item.case_id === named.id),
        'the past agenda held the minors case',
      );
      const next = await agendaOf(coming.id);
      assert.ok(coming.agenda_built_at !== null && next.length > 0, 'the coming meeting’s agenda is built');
      assert.deepEqual(next[0], { case_id: named.id, reason: 'agreements' }, 'its open agreement puts the minors case first on the coming agenda');
      const count = async (table: 'meeting_attestations' | 'meeting_attendance') =>
        (await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('meeting_id', '=', past.id).execute()).length;
      assert.equal(await count('meeting_attestations'), 5, 'the coordinator, the minute taker and three key figures attested the past meeting');
      assert.equal(await count('meeting_attendance'), 4, 'the minute taker and three key figures are recorded present');
      const minutes = await viewMinutes({ meetingId: past.id, part: 'api' }, coordinator, env.ctx);
      assert.equal(minutes.meetingStatus, 'closed', 'the minutes are locked');
      const entries = minutes.cases.find((entry) => entry.caseId === named.id)?.entries ?? [];
      assert.deepEqual(entries.map((entry) => entry.kind).sort(), ['decision', 'note'], 'the minutes hold a note and a decision on the minors case');
      assert.ok(
        entries.every((entry) => entry.text.startsWith('Fictief:')),
        'their texts open again and are fictional',
      );
      const agreements = await db
        .selectFrom('plan_agreements')
        .select('status')
        .where('tenant_id', '=', tenantId)
        .where('case_id', '=', named.id)
        .execute();
      assert.deepEqual(agreements.map((agreement) => agreement.status).sort(), ['done', 'open'], 'one agreement is done, one open');
      const evaluations = await db.selectFrom('plan_evaluations').select('meeting_id').where('tenant_id', '=', tenantId).execute();
      assert.deepEqual(
        evaluations.map((evaluation) => evaluation.meeting_id),
        [past.id],
        'the evaluation is tied to the past meeting',
      );
    });

    test('the consult point holds a signal in each status, a screening, an answered inquiry and a client register', async () => {
      const signals = await env.ctx.db.selectFrom('signals').select(['status', 'reporter_anonymous']).where('tenant_id', '=', tenantId).execute();
      assert.deepEqual(
        new Set(signals.map((signal) => signal.status)),
        new Set(DEMO_SIGNAL_STATUSES),
        `the demo signals are in every status: ${DEMO_SIGNAL_STATUSES.join(', ')}`,
      );
      assert.ok(
        signals.some((signal) => signal.reporter_anonymous === 1),
        'at least one demo signal was reported anonymously',
      );
      const screenings = await env.ctx.db.selectFrom('screenings').select('category').where('tenant_id', '=', tenantId).execute();
      assert.deepEqual(
        screenings.map((screening) => screening.category),
        [4],
        'one demo screening, judged vulnerable on both axes (category 4)',
      );
      const answered = await env.ctx.db
        .selectFrom('inquiry_questions')
        .select('known')
        .where('tenant_id', '=', tenantId)
        .where('known', 'is not', null)
        .execute();
      assert.deepEqual(
        answered.map((question) => question.known),
        ['yes'],
        'one partner answered the demo inquiry: known',
      );
      const register = await env.ctx.db.selectFrom('client_register_entries').select('id').where('tenant_id', '=', tenantId).execute();
      assert.equal(register.length, 2, 'youth care keeps a client register of two people (blind indexes)');
    });

    test('the social map holds a dozen services of eight providers, one overdue for verification, and gaps; it is not published', async () => {
      const userOf = (email: string) => users.find((u) => u.email === `${email}@demo.partnertafel.example`)!;
      const actorOf = async (email: string, roles: ('coordinator' | 'analyst' | 'professional')[]) => {
        const row = await env.ctx.db
          .selectFrom('users')
          .select('organisation_id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', userOf(email).id)
          .executeTakeFirstOrThrow();
        return {
          tenantId,
          userId: userOf(email).id,
          organisationId: row.organisation_id,
          roles: new Set(roles),
          locale: null,
          authentication: { kind: 'token', tokenId: 't' },
        } as const;
      };
      const coordinator = await actorOf('coordinator', ['coordinator']);
      const all = (await listServices({ filters: {}, limit: 200 }, coordinator, env.ctx)).data;
      const expected = DEMO_DIRECTORY.flatMap((provider) => provider.services.map((service) => service.name));
      assert.deepEqual(all.map((service) => service.name).sort(), [...expected].sort(), 'every demo service is on the map');
      assert.ok(all.length >= 12, `about a dozen services (${all.length})`);
      assert.equal(new Set(all.map((service) => service.organisation.name)).size, 8, 'of eight providers');
      assert.deepEqual(
        all.filter((service) => service.verificationDue).map((service) => service.name),
        [DEMO_OVERDUE_SERVICE],
        'exactly one entry is overdue for verification; the others were verified recently',
      );
      assert.ok(
        all.every((service) => service.locations.every((location) => location.city === 'Rivierstede')),
        'every location lies in the fictional city',
      );
      const languages = new Set(all.flatMap((service) => service.languages.map((language) => language.code)));
      for (const code of ['nl', 'fr', 'en', 'ar']) assert.ok(languages.has(code), `a service is offered in ${code}`);
      const youthWork = await actorOf('youth-work', ['professional']);
      assert.ok(
        all.some((service) => service.curatorOrganisationId === youthWork.organisationId),
        'the youth work organisation curates its own entries',
      );

      const frenchFor15 = (await listServices({ filters: { language: 'fr', age: 15 }, limit: 200 }, youthWork, env.ctx)).data.map(
        (service) => service.name,
      );
      assert.ok(frenchFor15.includes('École des devoirs Le Quai'), `the French homework club is found for a 15-year-old: ${frenchFor15.join(', ')}`);
      assert.ok(!frenchFor15.includes('Drugpunt De Brug'), 'a Dutch-only service for adults is not');
      const waitingListFree = (await listServices({ filters: { noWaitingList: true }, limit: 200 }, youthWork, env.ctx)).data.map((s) => s.name);
      assert.ok(!waitingListFree.includes('Jongerenteam De Brug'), 'the mental-health team has a waiting list');

      const analyst = await actorOf('analyst', ['analyst']);
      const today = new Date(env.ctx.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      const report = await gapReport({ query: { from: '2000-01-01', to: today } }, analyst, env.ctx);
      const gaps = await env.ctx.db.selectFrom('directory_gaps').select('id').where('tenant_id', '=', tenantId).execute();
      assert.equal(gaps.length, DEMO_GAPS.length, 'the demo gaps are recorded');
      const waitingList = report.themeReason.rows.find((row) => row.theme === 'other')!.cells.waiting_list!;
      assert.deepEqual(waitingList, { count: 6, suppressed: false }, 'six gaps of one kind: the report shows their bar');
      const schoolLanguage = report.themeReason.rows.find((row) => row.theme === 'school_dropout')!.cells.language!;
      assert.deepEqual(schoolLanguage, { count: null, suppressed: true }, 'two gaps of another kind are shown as "< 5"');

      const settings = await readDirectorySettings(coordinator, env.ctx);
      assert.equal(settings.published, false, 'the map is not published (off by default)');
    });

    test('the tenant is the fictional Rivierstede network, Dutch by default', async () => {
      const tenant = await env.ctx.system.tenantById(tenantId);
      assert.equal(tenant?.name, 'Lokaal netwerk Rivierstede', 'tenant?.name is "Lokaal netwerk Rivierstede"');
      assert.equal(tenant?.default_locale, 'nl', 'tenant?.default_locale is "nl"');
    });

    test('the organisations are stored with sector, secrecy regime and protocol date', async () => {
      const rows = await env.ctx.db
        .selectFrom('organisations')
        .select(['name', 'sector', 'secrecy_regime', 'protocol_signed_on'])
        .where('tenant_id', '=', tenantId)
        .orderBy('name')
        .execute();
      const expected = DEMO_NETWORK.organisations
        .map((organisation) => ({
          name: organisation.name,
          sector: organisation.sector,
          secrecy_regime: organisation.secrecyRegime,
          protocol_signed_on: organisation.protocolSignedOn,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      assert.deepEqual(rows, expected, 'rows is expected');
      assert.deepEqual(
        new Set(rows.map((row) => row.sector)),
        new Set(['city', 'police', 'youth_care', 'education', 'youth_work', 'employment']),
        "new Set(rows.map((row) => row.sector)) is new Set(['city', 'police', 'youth_care', 'education', 'yout…",
      );
      assert.equal(rows.filter((row) => row.sector === 'youth_care').length, 2, "rows.filter((row) => row.sector === 'youth_care') holds 2 entries");
    });

    test('every role of SECURITY.md is held by a demo user, and every organisation has a professional', async () => {
      const roles = await env.ctx.db.selectFrom('user_roles').select('role').distinct().where('tenant_id', '=', tenantId).execute();
      assert.deepEqual(new Set(roles.map((row) => row.role)), new Set(ROLES), 'new Set(roles.map((row) => row.role)) is new Set(ROLES)');
      const withProfessional = new Set(users.filter((user) => user.roles.includes('professional')).map((user) => user.organisation));
      assert.deepEqual(
        withProfessional,
        new Set(DEMO_NETWORK.organisations.map((organisation) => organisation.name)),
        'withProfessional is new Set(DEMO_NETWORK.organisations.map((organisation) => or…',
      );
    });

    test('the returned list matches the stored users, all on the reserved .example domain', async () => {
      assert.deepEqual(
        users.map((user) => user.email),
        DEMO_NETWORK.users.map((user) => user.email),
        'users.map((user) => user.email) is DEMO_NETWORK.users.map((user) => user.email)',
      );
      const stored = await env.ctx.db
        .selectFrom('users')
        .innerJoin('organisations', (join) =>
          join.onRef('organisations.id', '=', 'users.organisation_id').onRef('organisations.tenant_id', '=', 'users.tenant_id'),
        )
        .select(['users.id', 'users.email', 'organisations.name as organisation', 'users.status'])
        .where('users.tenant_id', '=', tenantId)
        .execute();
      assert.equal(stored.length, users.length, 'stored holds users.length entries');
      for (const user of users) {
        const row = stored.find((candidate) => candidate.id === user.id);
        assert.equal(row?.email, user.email, 'row?.email is user.email');
        assert.equal(row?.organisation, user.organisation, 'row?.organisation is user.organisation');
        assert.equal(row?.status, 'active', 'row?.status is "active"');
        assert.match(user.email, /^[a-z-]+@demo\.partnertafel\.example$/, 'user.email matches /^[a-z-]+@demo\\.partnertafel\\.example$/');
      }
    });

    test('every demo user signs in with the demo password and is enrolled in MFA with the printed key', async () => {
      const stored = await env.ctx.db
        .selectFrom('users')
        .select(['id', 'mfa_secret_sealed', 'mfa_enrolled_at'])
        .where('tenant_id', '=', tenantId)
        .execute();
      for (const user of users) {
        const row = stored.find((candidate) => candidate.id === user.id)!;
        assert.ok(row.mfa_enrolled_at, user.email);
        const secret = (URI.parse(user.otpauthUri!) as { secret: { base32: string } }).secret.base32;
        assert.equal(open(env.ctx.masterKey, row.mfa_secret_sealed!, `users.mfa_secret:${user.id}`), secret, user.email);
        assert.match(
          user.otpauthUri!,
          /^otpauth:\/\/totp\/Partnertafel%20Lokaal%20netwerk%20Rivierstede:/,
          'user.otpauthUri matches /^otpauth:\\/\\/totp\\/Partnertafel%20Lokaal%20netwerk%20Rivierstede:/',
        );
      }
      const coordinator = users.find((user) => user.roles.includes('coordinator'))!;
      const signedIn = await signInWithPassword({ email: coordinator.email, password: DEMO_PASSWORD }, env.ctx);
      assert.equal(
        'userId' in signedIn && signedIn.userId,
        coordinator.id,
        'the coordinator has one account: the password step starts their sign-in',
      );
      await assert.rejects(
        signInWithPassword({ email: coordinator.email, password: 'not-the-demo-password' }, env.ctx),
        'a wrong password is refused for a demo user',
      );
    });

    test('loading twice is refused and adds nothing', async () => {
      const count = async () => (await env.ctx.db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).execute()).length;
      const before = await count();
      await assert.rejects(
        loadDemoNetwork(env.ctx),
        (error: unknown) => error instanceof DemoRefused && /already exists/.test(error.message),
        'loadDemoNetwork(…) is rejected with a DemoRefused matching /already exists/',
      );
      assert.equal(await count(), before, 'count() is unchanged (before)');
      assert.equal(await env.ctx.system.countTenants(), 1, 'env.ctx.system.countTenants() is 1');
    });
  });

  describe(`demo network in production mode on ${target.kind}`, () => {
    let env: TestEnvironment;
    before(async () => {
      env = await createTestEnvironment(target, { production: true });
    });
    after(() => env.dispose());

    test('is refused and writes nothing', async () => {
      await assert.rejects(
        loadDemoNetwork(env.ctx),
        (error: unknown) => error instanceof DemoRefused && /production/.test(error.message),
        'loadDemoNetwork(…) is rejected with a DemoRefused matching /production/',
      );
      assert.equal(await env.ctx.system.countTenants(), 0, 'env.ctx.system.countTenants() is 0');
    });
  });
}
