import type { FastifyInstance } from 'fastify';
import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { exportMeetingCalendar } from './export-meeting-calendar.ts';
import { meetingChangeSection, registerMeetingChangePages } from './meeting-change.pages.tsx';
import { listTableMeetings } from './list-table-meetings.ts';
import { meetingCreateSchema, scheduleInputSchema, type Schedule } from './meetings.schemas.ts';
import { DEFAULT_PROPOSALS } from './meetings.vocabulary.ts';
import { loadMeetingPage, meetingPageView, registerAgendaAttendancePages } from './agenda-attendance.pages.tsx';
import { TableMeetingsPage } from './meetings.views.tsx';
import { meetingTaken, planMeeting } from './plan-meeting.ts';
import { proposeTableMeetings } from './propose-table-meetings.ts';
import { setTableSchedule } from './set-table-schedule.ts';
import { viewTableSchedule } from './view-table-schedule.ts';
import { closeMeeting } from './close-meeting.ts';
import { startMeeting } from './start-meeting.ts';
import { meetingVersionSchema } from './meetings.schemas.ts';

const SCHEDULE_FIELDS = ['rrule', 'localStartTime', 'durationMinutes', 'timeZone'] as const;

const scheduleValues = (schedule: Schedule | null): FormValues =>
  schedule
    ? {
        rrule: schedule.rrule,
        localStartTime: schedule.localStartTime,
        durationMinutes: String(schedule.durationMinutes),
        timeZone: schedule.timeZone,
      }
    : { rrule: 'FREQ=MONTHLY;BYDAY=1MO', localStartTime: '09:00', durationMinutes: '120' };

/** An empty time zone field means "the network's zone". */
const scheduleInput = (values: FormValues) => {
  const picked = pick(values, SCHEDULE_FIELDS);
  if (picked.timeZone === '') delete picked.timeZone;
  return parseInput(scheduleInputSchema, picked);
};

/** The pages of a table's schedule and meetings, and of one meeting. */
export function registerMeetingPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  /** Everything `/tables/:id/meetings` shows the actor; the planning part only for who may plan. */
  const loadTablePage = async (actor: Actor, tableId: string) => {
    const { tableName, meetings } = await listTableMeetings({ tableId }, actor, ctx);
    if (!can(actor, 'meetings.plan')) return { tableName, meetings, planning: null };
    const schedule = await viewTableSchedule({ tableId }, actor, ctx);
    const proposals = schedule ? await proposeTableMeetings({ tableId, count: DEFAULT_PROPOSALS }, actor, ctx) : [];
    return { tableName, meetings, planning: { schedule, proposals } };
  };
  const tablePage = (
    view: View,
    tableId: string,
    loaded: Awaited<ReturnType<typeof loadTablePage>>,
    form?: { values: FormValues; errors: FieldErrors },
    planErrors: FieldErrors = {},
  ) =>
    TableMeetingsPage({
      view,
      tableId,
      tableName: loaded.tableName,
      meetings: loaded.meetings,
      planning: loaded.planning && {
        ...loaded.planning,
        form: form ?? { values: scheduleValues(loaded.planning.schedule), errors: {} },
        planErrors,
      },
    });

  app.get('/tables/:id/meetings', async (request, reply) => {
    const actor = requirePageActor(request);
    const tableId = pathParam(request);
    return sendPage(reply, tablePage(viewFor(request, reply, cookies), tableId, await loadTablePage(actor, tableId)));
  });

  app.post('/tables/:id/schedule', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'meetings.manageSchedule');
    const tableId = pathParam(request);
    const loaded = await loadTablePage(actor, tableId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          await setTableSchedule({ tableId, input: scheduleInput(values) }, actor, ctx);
          return redirectWithFlash(reply, cookies, `/tables/${tableId}/meetings`, 'flash.meeting_schedule_saved');
        },
        redraw: (view, values, errors) => tablePage(view, tableId, loaded, { values, errors }),
      },
    );
  });

  app.post('/tables/:id/meetings', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'meetings.plan');
    const tableId = pathParam(request);
    const loaded = await loadTablePage(actor, tableId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          try {
            const meeting = await planMeeting({ tableId, input: parseInput(meetingCreateSchema, pick(values, ['startsAt', 'kind'])) }, actor, ctx);
            return redirectWithFlash(reply, cookies, `/meetings/${meeting.id}`, 'flash.meeting_planned');
          } catch (error) {
            // A second click on the same proposal: the meeting is there already.
            if (isAppError(error) && error === meetingTaken)
              return redirectWithFlash(reply, cookies, `/tables/${tableId}/meetings`, 'flash.meeting_already_planned');
            throw error;
          }
        },
        redraw: (view, _values, errors) => tablePage(view, tableId, loaded, undefined, errors),
      },
    );
  });

  app.get('/meetings/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    const view = viewFor(request, reply, cookies);
    const loaded = await loadMeetingPage(ctx, actor, pathParam(request));
    return sendPage(reply, meetingPageView(view, loaded, undefined, await meetingChangeSection(ctx, actor, view, loaded.meeting)));
  });

  registerMeetingChangePages(app, ctx, cookies);

  registerAgendaAttendancePages(app, ctx, cookies);

  // Start and close: the page's hidden version is the If-Match of the API (a stale page answers 409).
  for (const [step, take, flash] of [
    ['start', startMeeting, 'flash.meeting_started'],
    ['close', closeMeeting, 'flash.meeting_closed'],
  ] as const) {
    app.post(`/meetings/:id/${step}`, async (request, reply) => {
      const actor = requirePageActor(request);
      const meetingId = pathParam(request);
      const { version } = parseInput(meetingVersionSchema, pick(formValues(request.body), ['version']));
      await take({ meetingId, expectedVersion: version }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/meetings/${meetingId}`, flash);
    });
  }

  app.get('/meetings/:id/calendar.ics', async (request, reply) => {
    const actor = requirePageActor(request);
    const { ics } = await exportMeetingCalendar({ meetingId: pathParam(request), meetingWord: request.t('meetings.meeting') }, actor, ctx);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="meeting.ics"')
      .header('cache-control', 'no-store')
      .send(ics);
  });
}
