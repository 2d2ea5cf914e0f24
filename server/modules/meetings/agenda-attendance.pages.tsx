import type { FastifyInstance } from 'fastify';
import type { Child } from 'hono/jsx';
import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { formValues, redirectWithFlash } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { tableCasesForAgenda } from '../cases/index.ts';
import { modalitiesConfirmedBy } from '../tables/index.ts';
import { addAgendaItem } from './add-agenda-item.ts';
import { MeetingCycleSections, type MeetingCycleParts } from './agenda-attendance.views.tsx';
import { attestMeeting } from './attest-meeting.ts';
import { openMeetingForActor } from './attestation-gate.ts';
import { buildMeetingAgenda } from './build-meeting-agenda.ts';
import { listMeetingAttendance } from './list-meeting-attendance.ts';
import { agendaItemCreateSchema, agendaMoveSchema, attendanceInputSchema, type Meeting } from './meetings.schemas.ts';
import { MeetingPage } from './meetings.views.tsx';
import { MeetingCourseControls } from './meeting-course.views.tsx';
import { recordAttendance } from './record-attendance.ts';
import { removeAgendaItem } from './remove-agenda-item.ts';
import { reorderAgenda } from './reorder-agenda.ts';
import { viewMeeting } from './view-meeting.ts';
import { viewMeetingAgenda } from './view-meeting-agenda.ts';
import { viewMeetingAttestation } from './view-meeting-attestation.ts';
import { listMeetingInventories } from './meeting-inventory.ts';
import { InventoryOverview } from './inventory.views.tsx';

/**
 * What `/meetings/:id` shows of issue 12 for the actor: the statement (until attested), then the
 * agenda (read through `viewMeetingAgenda`, audited) with the coordinator's controls, and attendance.
 */
export async function loadMeetingCycleParts(
  ctx: AppContext,
  actor: Actor,
  meeting: Meeting,
  form?: MeetingCycleParts['form'],
): Promise<MeetingCycleParts> {
  const opened = await openMeetingForActor(ctx, actor, meeting.id);
  const attestation = await viewMeetingAttestation({ meetingId: meeting.id }, actor, ctx);
  const agenda = attestation.attested ? await viewMeetingAgenda({ meetingId: meeting.id, part: 'page' }, actor, ctx) : null;
  let addable: MeetingCycleParts['addable'] = null;
  if (agenda && can(actor, 'meetings.manageAgenda')) {
    const onAgenda = new Set(agenda.items.map((item) => item.caseId));
    addable = (await tableCasesForAgenda(ctx.db, actor, meeting.tableId))
      .filter((entry) => !onAgenda.has(entry.id))
      .map((entry) => ({ value: entry.id, label: entry.reference }));
  }
  return {
    meetingId: meeting.id,
    tableId: meeting.tableId,
    timeZone: meeting.timeZone,
    attestation,
    agenda,
    addable,
    attendance: await listMeetingAttendance({ meetingId: meeting.id }, actor, ctx),
    canRecordAttendance: can(actor, 'meetings.recordAttendance', opened.table.facts),
    // Shown next to the statement (which mentions the modalities); attesting does not depend on it.
    ...(!attestation.attested && { modalities: await modalitiesConfirmedBy(ctx, actor, meeting.tableId) }),
    ...(form && { form }),
  };
}

/** Everything `/meetings/:id` shows the actor: the meeting (audited `meeting.viewed`) and the parts of issue 12. */
export async function loadMeetingPage(ctx: AppContext, actor: Actor, meetingId: string) {
  const meeting = await viewMeeting({ meetingId, part: 'page' }, actor, ctx);
  const { table } = await openMeetingForActor(ctx, actor, meetingId);
  const course = {
    start: meeting.status === 'planned' && can(actor, 'meetings.start', table.facts),
    close: meeting.status === 'in_progress' && can(actor, 'meetings.close', table.facts),
  };
  // The coordinator sees per organisation asked whether its pre-meeting inventory is done.
  const inventories = can(actor, 'meetings.manageAgenda') ? await listMeetingInventories(ctx, actor, meeting.id) : null;
  return { meeting, course, parts: await loadMeetingCycleParts(ctx, actor, meeting), inventories };
}

/** The meeting page from what `loadMeetingPage` loaded, with a form's values and errors when it is redrawn. */
export function meetingPageView(
  view: View,
  loaded: Awaited<ReturnType<typeof loadMeetingPage>>,
  form?: MeetingCycleParts['form'],
  changeSection?: Child,
) {
  const parts = form ? { ...loaded.parts, form } : loaded.parts;
  return MeetingPage({
    view,
    meeting: loaded.meeting,
    children: (
      <>
        {changeSection}
        <MeetingCourseControls view={view} meeting={loaded.meeting} abilities={loaded.course} />
        <MeetingCycleSections view={view} parts={parts} />
        {loaded.inventories ? <InventoryOverview view={view} inventories={loaded.inventories} /> : null}
      </>
    ),
  });
}

/** The meeting page's forms (no JavaScript needed): attest, build, add, move, remove, attendance. */
export function registerAgendaAttendancePages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const back = (meetingId: string) => `/meetings/${meetingId}`;

  app.post('/meetings/:id/attestation', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    await attestMeeting({ meetingId }, actor, ctx);
    return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_attested');
  });

  app.post('/meetings/:id/agenda/build', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    await buildMeetingAgenda({ meetingId }, actor, ctx);
    return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_agenda_changed');
  });

  app.post('/meetings/:id/agenda/items', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const loaded = await loadMeetingPage(ctx, actor, meetingId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (form) => {
          await addAgendaItem({ meetingId, input: parseInput(agendaItemCreateSchema, pick(form, ['caseId'])) }, actor, ctx);
          return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_agenda_changed');
        },
        redraw: (view: View, values: FormValues, errors: FieldErrors) => meetingPageView(view, loaded, { name: 'agenda', values, errors }),
      },
    );
  });

  app.post('/meetings/:id/agenda/items/:itemId/move', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const { direction } = parseInput(agendaMoveSchema, pick(formValues(request.body), ['direction']));
    await reorderAgenda({ meetingId, order: { itemId: pathParam(request, 'itemId'), direction } }, actor, ctx);
    return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_agenda_changed');
  });

  app.post('/meetings/:id/agenda/items/:itemId/remove', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    await removeAgendaItem({ meetingId, itemId: pathParam(request, 'itemId') }, actor, ctx);
    return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_agenda_changed');
  });

  app.post('/meetings/:id/attendance', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const loaded = await loadMeetingPage(ctx, actor, meetingId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (form) => {
          await recordAttendance({ meetingId, input: parseInput(attendanceInputSchema, pick(form, ['userId', 'status'])) }, actor, ctx);
          return redirectWithFlash(reply, cookies, back(meetingId), 'flash.meeting_attendance_recorded');
        },
        redraw: (view: View, values: FormValues, errors: FieldErrors) => meetingPageView(view, loaded, { name: 'attendance', values, errors }),
      },
    );
  });
}
