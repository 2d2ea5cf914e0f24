/**
 * The monthly cycle of the fictional demo network: the tables' rhythm (first Monday, 09:00 minors,
 * 11:00 adults), a past meeting of the minors table with its minutes (agenda, attestations,
 * attendance, a note and a decision, a plan with one agreement done and one open, an evaluation made
 * at the meeting) and the coming meeting with its agenda built. Every text is invented. Loaded
 * through the use cases; the past meeting is held on a clock set back to its day, as if the demo
 * coordinator had worked then, so its times read as they would have.
 */
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import {
  attestMeeting,
  closeMeeting,
  planMeeting,
  proposeMeetings,
  recordAttendance,
  registerMeetingSources,
  setTableSchedule,
  startMeeting,
  viewMeetingAgenda,
  type ScheduleRule,
} from '../modules/meetings/index.ts';
import { addMinuteDecision, addMinuteNote } from '../modules/minutes/index.ts';
import { createAgreement, createObjective, evaluateObjective, registerPlanSources, updateAgreement } from '../modules/plans/index.ts';

/** The demo users the meetings need, as actors, and who sits at the minors table. */
export interface DemoMeetingActors {
  readonly coordinator: Actor;
  readonly minuteTaker: Actor;
  /** The key figures of the minors table (police, school, youth work): they attest and attend. */
  readonly keyFigures: readonly Actor[];
  readonly police: Actor;
}

export interface DemoMeetingPlaces {
  readonly minorsTableId: string;
  readonly adultsTableId: string;
  /** The minors table's case the past meeting discussed. */
  readonly caseId: string;
  /** Organisations given an agreement: the police (done) and the case owner, youth care (open). */
  readonly policeOrganisationId: string;
  readonly youthCareOrganisationId: string;
}

const MONTHLY = 'FREQ=MONTHLY;BYDAY=1MO';
const TIME_ZONE = 'Europe/Brussels';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The context with its clock set to `at`: what a use case run then would have written. */
const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, clock: { now: () => new Date(when) } });
const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** Sets the rhythm of both tables, holds last month's minors meeting and plans the next one; answers their ids. */
export async function loadDemoMeetings(
  ctx: AppContext,
  who: DemoMeetingActors,
  places: DemoMeetingPlaces,
): Promise<{ pastMeetingId: string; comingMeetingId: string }> {
  const { coordinator } = who;
  // Outside the server (the CLI) the modules' answers to each other are not registered yet.
  registerMeetingSources();
  registerPlanSources();
  for (const [tableId, localStartTime] of [
    [places.minorsTableId, '09:00'],
    [places.adultsTableId, '11:00'],
  ] as const) {
    await setTableSchedule({ tableId, input: { rrule: MONTHLY, localStartTime, durationMinutes: 120, timeZone: TIME_ZONE } }, coordinator, ctx);
  }
  const rule: ScheduleRule = { rrule: MONTHLY, localStartTime: '09:00', durationMinutes: 120, timeZone: TIME_ZONE };
  const now = ctx.clock.now();
  // The last first Monday whose meeting is over (it lies in the last five weeks), and the next one.
  const past = proposeMeetings(rule, new Date(now.getTime() - 40 * DAY), 3)
    .filter((proposal) => Date.parse(proposal.endsAt) < now.getTime())
    .at(-1)!;
  const coming = proposeMeetings(rule, now, 1)[0]!;
  const start = new Date(past.startsAt);
  const minutesIn = (minutes: number) => at(ctx, new Date(start.getTime() + minutes * MINUTE));

  // A fortnight before: planned. The morning itself: everyone attests, the agenda is built, the meeting starts.
  const planned = await planMeeting(
    { tableId: places.minorsTableId, input: { startsAt: past.startsAt, kind: 'regular' } },
    coordinator,
    at(ctx, new Date(start.getTime() - 14 * DAY)),
  );
  for (const actor of [coordinator, who.minuteTaker, ...who.keyFigures]) await attestMeeting({ meetingId: planned.id }, actor, minutesIn(-15));
  await viewMeetingAgenda({ meetingId: planned.id, part: 'page' }, coordinator, minutesIn(-10));
  const started = await startMeeting({ meetingId: planned.id, expectedVersion: planned.version }, coordinator, minutesIn(0));
  // Attendance is kept for the table's members (the coordinator chairs, not a member).
  for (const actor of [who.minuteTaker, ...who.keyFigures]) {
    await recordAttendance({ meetingId: planned.id, input: { userId: actor.userId, status: 'present' } }, coordinator, minutesIn(2));
  }

  // The case: the minute taker's note and decision, the plan with two agreements and an evaluation.
  const onCase = { meetingId: planned.id, caseId: places.caseId };
  await addMinuteNote(
    { ...onCase, input: { text: 'Fictief: de school ziet minder verzuim; de politie meldt geen nieuwe samenscholing bij het station.' } },
    who.minuteTaker,
    minutesIn(20),
  );
  await addMinuteDecision(
    { ...onCase, input: { text: 'Fictief: de tafel volgt de casus een maand verder op; de jeugdhulp blijft casusregisseur.' } },
    who.minuteTaker,
    minutesIn(30),
  );
  const objective = await createObjective(
    {
      caseId: places.caseId,
      input: { title: 'Fictief: Jonas gaat elke schooldag naar de les.', dueDate: isoDay(new Date(now.getTime() + 90 * DAY)) },
    },
    coordinator,
    minutesIn(35),
  );
  const done = await createAgreement(
    {
      caseId: places.caseId,
      input: {
        objectiveId: objective.id,
        organisationId: places.policeOrganisationId,
        description: 'Fictief: de wijkagent spreekt Jonas en zijn moeder aan over de samenscholing.',
        dueDate: isoDay(new Date(start.getTime() + 14 * DAY)),
      },
    },
    coordinator,
    minutesIn(40),
  );
  await createAgreement(
    {
      caseId: places.caseId,
      input: {
        objectiveId: objective.id,
        organisationId: places.youthCareOrganisationId,
        description: 'Fictief: de jeugdhulp plant een gesprek met Jonas, zijn moeder en de leerlingbegeleiding.',
        dueDate: isoDay(new Date(now.getTime() + 60 * DAY)),
      },
    },
    coordinator,
    minutesIn(42),
  );
  await evaluateObjective(
    {
      objectiveId: objective.id,
      input: { note: 'Fictief: eerste bespreking; het verzuim daalt, de online contacten blijven een zorg.', meetingId: planned.id },
    },
    coordinator,
    minutesIn(45),
  );
  await closeMeeting({ meetingId: planned.id, expectedVersion: started.version }, coordinator, minutesIn(120));
  // A week later the police report their action done; youth care's stays open (it puts the case first next time).
  await updateAgreement({ agreementId: done.id, input: { status: 'done' } }, who.police, at(ctx, new Date(start.getTime() + 7 * DAY)));

  // The coming meeting: planned now, its agenda built on the coordinator's first read.
  const next = await planMeeting({ tableId: places.minorsTableId, input: { startsAt: coming.startsAt, kind: 'regular' } }, coordinator, ctx);
  await attestMeeting({ meetingId: next.id }, coordinator, ctx);
  await viewMeetingAgenda({ meetingId: next.id, part: 'page' }, coordinator, ctx);
  return { pastMeetingId: planned.id, comingMeetingId: next.id };
}
