import { createUser } from '../../server/modules/accounts/index.ts';
import { createCase } from '../../server/modules/cases/index.ts';
import {
  attestMeeting,
  planMeeting,
  registerMeetingSources,
  requestMeetingInventory,
  startMeeting,
  viewMeetingAgenda,
} from '../../server/modules/meetings/index.ts';
import { createAgreement, createObjective, registerPlanSources } from '../../server/modules/plans/index.ts';
import { addTableMember, createTable } from '../../server/modules/tables/index.ts';
import { actorFor, secretOf } from '../../server/test/harness.ts';
import { CASE_NETWORK, type ExtraSeed, type SeededPerson } from './case-network.ts';
import type { Locale } from './messages.ts';

/**
 * The monthly cycle's people on top of the case network: the minors table with two key figures (a
 * police officer and the welfare centre's social worker, the case network's guest), a minute taker,
 * and two open cases; the first already has a plan with an open agreement of the welfare centre.
 * Fictional names, `.example` addresses; made through the use cases.
 */
export const MEETING_NETWORK = {
  officer: { name: 'Bart Wijkagent-Fictief', email: 'bart.wijkagent@politie-rivierstede.example', organisation: 'police' },
  minuteTaker: { name: 'Femke Notulist-Fictief', email: 'femke.notulist@rivierstede.example', organisation: 'city' },
  table: { name: 'Minderjarigentafel Rivierstede', purpose: 'Fictief: gedeelde zorgen over minderjarigen bespreken en één plan afspreken.' },
  cases: {
    withAgreement: { theme: 'drugs', summary: 'Fictief: een jongere wordt gezien bij dealers aan het station.' },
    fresh: { theme: 'school_dropout', summary: 'Fictief: een jongere is sinds de herfstvakantie niet meer op school geweest.' },
  },
  objective: 'Fictief: de jongere gaat opnieuw naar school.',
  agreement: 'Fictief: het OCMW plant een huisbezoek bij het gezin.',
  agreementDue: '2027-03-31',
} as const;

/** What the seed made, filled in before the server starts. */
export interface MeetingPeople {
  officer: SeededPerson;
  minuteTaker: SeededPerson;
  tableId: string;
  /** The case with an open agreement of the welfare centre, and the case without a plan. */
  withAgreementCaseId: string;
  freshCaseId: string;
  policeOrganisationId: string;
  /** With `meetings`: a running meeting (the coordinator attested, the guest not) and a planned one (both attested, inventories asked). */
  runningMeetingId: string;
  plannedMeetingId: string;
}

/** An ExtraSeed for startCaseApp: the minors table, its members, two cases and a plan with one open agreement. */
export function meetingSeed(locale: Locale, options: { meetings?: boolean } = {}): { seed: ExtraSeed; people: MeetingPeople } {
  const people = {} as MeetingPeople;
  const seed: ExtraSeed = async ({ ctx, tenantId, organisationIds, people: caseNetwork }) => {
    const operator = ctx.system.operatorActor({ id: tenantId });
    const person = async (who: 'officer' | 'minuteTaker', roles: ('professional' | 'minute_taker')[]): Promise<SeededPerson> => {
      const { name, email, organisation } = MEETING_NETWORK[who];
      const organisationId = organisationIds[organisation]!;
      const created = await createUser(
        { input: { email, name, organisationId, roles, locale }, password: CASE_NETWORK.password, enrolMfa: true },
        operator,
        ctx,
      );
      return { name, email, totpSecret: secretOf(created.otpauthUri!), id: created.user.id, organisationId };
    };
    people.officer = await person('officer', ['professional']);
    people.minuteTaker = await person('minuteTaker', ['minute_taker']);
    people.policeOrganisationId = organisationIds.police!;
    const coordinator = actorFor({
      tenantId,
      userId: caseNetwork.coordinator.id,
      organisationId: caseNetwork.coordinator.organisationId,
      roles: ['coordinator'],
    });
    const table = await createTable({ input: { ...MEETING_NETWORK.table, audience: 'minors', legalFramework: 'art_458ter' } }, coordinator, ctx);
    people.tableId = table.id;
    for (const [userId, role] of [
      [people.officer.id, 'key_figure'],
      [caseNetwork.guest.id, 'key_figure'],
      [people.minuteTaker.id, 'minute_taker'],
    ] as const)
      await addTableMember({ tableId: table.id, input: { userId, role } }, coordinator, ctx);
    const open = async (which: 'withAgreement' | 'fresh') =>
      (
        await createCase(
          {
            input: {
              tableId: table.id,
              ...MEETING_NETWORK.cases[which],
              identityDisclosure: 'anonymous',
              subject: { ageBand: '12-15' },
              contextPersons: [],
            },
          },
          coordinator,
          ctx,
        )
      ).id;
    people.withAgreementCaseId = await open('withAgreement');
    people.freshCaseId = await open('fresh');
    const objective = await createObjective({ caseId: people.withAgreementCaseId, input: { title: MEETING_NETWORK.objective } }, coordinator, ctx);
    await createAgreement(
      {
        caseId: people.withAgreementCaseId,
        input: {
          objectiveId: objective.id,
          organisationId: organisationIds.welfare!,
          description: MEETING_NETWORK.agreement,
          dueDate: MEETING_NETWORK.agreementDue,
        },
      },
      coordinator,
      ctx,
    );
    if (!options.meetings) return;
    // The seed runs before the server registers the modules: their answers to each other first.
    registerMeetingSources();
    registerPlanSources();
    // Two coming meetings, a week and five weeks from now (whole minutes), their agendas built on the coordinator's first read.
    const inDays = (days: number) => new Date(Math.ceil(ctx.clock.now().getTime() / 60_000) * 60_000 + days * 86_400_000).toISOString();
    const guest = actorFor({ tenantId, userId: caseNetwork.guest.id, organisationId: caseNetwork.guest.organisationId, roles: ['professional'] });
    const running = await planMeeting({ tableId: table.id, input: { startsAt: inDays(7), kind: 'regular' } }, coordinator, ctx);
    const planned = await planMeeting({ tableId: table.id, input: { startsAt: inDays(35), kind: 'regular' } }, coordinator, ctx);
    for (const meeting of [running, planned]) {
      await attestMeeting({ meetingId: meeting.id }, coordinator, ctx);
      await viewMeetingAgenda({ meetingId: meeting.id, part: 'page' }, coordinator, ctx);
    }
    await attestMeeting({ meetingId: planned.id }, guest, ctx);
    // The inventory request is a job due five days before; asked now, so the welfare centre (open agreement) has its inventory.
    await requestMeetingInventory(ctx, { meetingId: planned.id }, { tenantId });
    await startMeeting({ meetingId: running.id, expectedVersion: running.version }, coordinator, ctx);
    people.runningMeetingId = running.id;
    people.plannedMeetingId = planned.id;
  };
  return { seed, people };
}
