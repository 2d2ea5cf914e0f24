import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { authorize } from '../../access/authorize.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { etagOf, versionFromIfMatch } from '../../http/if-match.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { translator } from '../../ui/i18n.ts';
import { addAgendaItem } from './add-agenda-item.ts';
import { attestMeeting } from './attest-meeting.ts';
import { attestationStatement } from './attestation-statement.ts';
import { buildMeetingAgenda } from './build-meeting-agenda.ts';
import { closeMeeting } from './close-meeting.ts';
import { startMeeting } from './start-meeting.ts';
import { cancelMeeting } from './cancel-meeting.ts';
import { exportMeetingCalendar } from './export-meeting-calendar.ts';
import { listMeetingAttendance } from './list-meeting-attendance.ts';
import { listTableMeetings } from './list-table-meetings.ts';
import {
  agendaItemCreateSchema,
  agendaOrderSchema,
  agendaOutput,
  attendanceInputSchema,
  attendanceOutput,
  attestationOutput,
  meetingCancelSchema,
  meetingChangeSchema,
  meetingCreateSchema,
  meetingOutput,
  proposalOutput,
  proposalsQuerySchema,
  scheduleInputSchema,
  scheduleOutput,
} from './meetings.schemas.ts';
import { planMeeting } from './plan-meeting.ts';
import { proposeTableMeetings } from './propose-table-meetings.ts';
import { recordAttendance } from './record-attendance.ts';
import { removeAgendaItem } from './remove-agenda-item.ts';
import { reorderAgenda } from './reorder-agenda.ts';
import { rescheduleMeeting } from './reschedule-meeting.ts';
import { setTableSchedule } from './set-table-schedule.ts';
import { viewMeeting } from './view-meeting.ts';
import { viewMeetingAgenda } from './view-meeting-agenda.ts';
import { viewMeetingAttestation } from './view-meeting-attestation.ts';
import { viewTableSchedule } from './view-table-schedule.ts';

/**
 * JSON API of a partner table's schedule and meetings (API.md "Partner tables"). The coordinator
 * sets the schedule and plans; the table's members read. A table or meeting the caller does not sit
 * at answers 404 like a missing id.
 */
export function registerMeetingRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'PUT',
      url: '/api/v1/tables/:id/schedule',
      summary: 'Set the recurrence of a table’s meetings: RRULE, local start time, length, time zone (coordinator); audited',
      tag: 'meetings',
      body: scheduleInputSchema,
      response: scheduleOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'meetings.manageSchedule');
      const input = parseInput(scheduleInputSchema, request.body);
      return { body: { data: await setTableSchedule({ tableId: pathParam(request), input }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id/schedule',
      summary: 'The recurrence of a table’s meetings, or null (coordinator and the table’s members)',
      tag: 'meetings',
      response: scheduleOutput.nullable(),
    },
    async (request) => ({ body: { data: await viewTableSchedule({ tableId: pathParam(request) }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id/schedule/proposals',
      summary: 'The next meetings of the table’s schedule after now, in UTC (coordinator); 409 when the table has no schedule',
      tag: 'meetings',
      query: proposalsQuerySchema,
      response: proposalOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'meetings.plan');
      const { count } = parseInput(proposalsQuerySchema, formValues(request.query));
      return { body: { data: await proposeTableMeetings({ tableId: pathParam(request), count }, actor, ctx), nextCursor: null } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id/meetings',
      summary: 'The coming meetings of a table, soonest first (coordinator and the table’s members)',
      tag: 'meetings',
      response: meetingOutput,
      list: true,
    },
    async (request) => {
      const { meetings } = await listTableMeetings({ tableId: pathParam(request) }, requireActor(request), ctx);
      return { body: { data: meetings, nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tables/:id/meetings',
      summary: 'Plan a meeting of a table at an instant (coordinator); 400 in the past, 409 when one already starts then; audited',
      tag: 'meetings',
      body: meetingCreateSchema,
      response: meetingOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'meetings.plan');
      const input = parseInput(meetingCreateSchema, request.body);
      return { body: { data: await planMeeting({ tableId: pathParam(request), input }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id',
      summary: 'One meeting: table, start and end in UTC, the network’s zone (coordinator and the table’s members); audited',
      tag: 'meetings',
      response: meetingOutput,
    },
    async (request) => {
      const data = await viewMeeting({ meetingId: pathParam(request), part: 'api' }, requireActor(request), ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/start',
      summary:
        'Start a planned meeting: its minutes are taken from now on (coordinator, or the table’s minute taker); If-Match on the meeting’s version; 409 unless planned; audited',
      tag: 'meetings',
      response: meetingOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = versionFromIfMatch(request, true)!;
      const data = await startMeeting({ meetingId: pathParam(request), expectedVersion }, actor, ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/close',
      summary:
        'Close a running meeting: its minutes are locked and each organisation’s action points are scheduled (coordinator); If-Match on the meeting’s version; 409 unless in progress; audited',
      tag: 'meetings',
      response: meetingOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = versionFromIfMatch(request, true)!;
      const data = await closeMeeting({ meetingId: pathParam(request), expectedVersion }, actor, ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/calendar.ics',
      summary: 'One meeting as an iCalendar file: the table’s name and “meeting”, never case content; TZID of the network’s zone; audited',
      tag: 'meetings',
    },
    async (request) => {
      const { ics } = await exportMeetingCalendar(
        { meetingId: pathParam(request), meetingWord: translator(request.locale)('meetings.meeting') },
        requireActor(request),
        ctx,
      );
      return {
        body: ics,
        headers: {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': 'attachment; filename="meeting.ics"',
          'cache-control': 'no-store',
        },
      };
    },
  );
  registerMeetingChangeRoutes(app, ctx, registry);
  registerAttestationAgendaAttendanceRoutes(app, ctx, registry);
}

/**
 * Moving and cancelling a planned meeting (coordinator). A meeting the caller does not see is 404; a
 * member who sees it is 403 (audited); a meeting no longer planned, or a stale `If-Match`, is 409.
 */
function registerMeetingChangeRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  route(
    {
      method: 'PATCH',
      url: '/api/v1/meetings/:id',
      summary:
        'Move a planned meeting: new start, optional end (else the same length) (coordinator); header If-Match: "<version>" required (400 without), 409 when stale or no longer planned; the members get the moved invitation (SEQUENCE + 1); audited',
      tag: 'meetings',
      body: meetingChangeSchema,
      response: meetingOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = versionFromIfMatch(request, true)!;
      const input = parseInput(meetingChangeSchema, request.body);
      const data = await rescheduleMeeting({ meetingId: pathParam(request), expectedVersion, input }, actor, ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/cancel',
      summary:
        'Cancel a planned meeting with an optional reason code (coordinator); 409 when no longer planned; everyone invited gets a METHOD:CANCEL; audited',
      tag: 'meetings',
      body: meetingCancelSchema,
      response: meetingOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(meetingCancelSchema, request.body ?? {});
      const data = await cancelMeeting({ meetingId: pathParam(request), input }, actor, ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
}

/**
 * Attestation, agenda and attendance (issue 12). The agenda answers 403 `attestation_required` until
 * the caller confirmed the meeting's confidentiality statement; a meeting the caller does not see is
 * 404 on every route, like a missing id.
 */
function registerAttestationAgendaAttendanceRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const withStatement = (request: FastifyRequest, attestation: Awaited<ReturnType<typeof attestMeeting>>) => ({
    ...attestation,
    statement: attestationStatement(translator(request.locale)),
  });

  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/attestation',
      summary: 'Whether the caller confirmed the meeting’s confidentiality statement, and the statement in their language',
      tag: 'meetings',
      response: attestationOutput,
    },
    async (request) => ({
      body: { data: withStatement(request, await viewMeetingAttestation({ meetingId: pathParam(request) }, requireActor(request), ctx)) },
    }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/attestation',
      summary:
        'Confirm the meeting’s confidentiality statement (secrecy, no duty to speak, purpose and modalities); once per member and meeting; audited',
      tag: 'meetings',
      response: attestationOutput,
    },
    async (request) => ({
      body: { data: withStatement(request, await attestMeeting({ meetingId: pathParam(request) }, requireActor(request), ctx)) },
    }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/agenda',
      summary:
        'The meeting’s agenda (case reference and theme only), built on the first read; 403 attestation_required before the caller attested; audited',
      tag: 'meetings',
      response: agendaOutput,
    },
    async (request) => ({ body: { data: await viewMeetingAgenda({ meetingId: pathParam(request), part: 'api' }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/agenda/build',
      summary: 'Add the table’s open cases that are not on the agenda yet, in the built order (coordinator, attested); audited',
      tag: 'meetings',
      response: agendaOutput,
    },
    async (request) => ({ body: { data: await buildMeetingAgenda({ meetingId: pathParam(request) }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/agenda/items',
      summary: 'Add an open case of the table at the end of the agenda (coordinator, attested); 409 when it is on already; audited',
      tag: 'meetings',
      body: agendaItemCreateSchema,
      response: agendaOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(agendaItemCreateSchema, request.body);
      return { body: { data: await addAgendaItem({ meetingId: pathParam(request), input }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'DELETE',
      url: '/api/v1/meetings/:id/agenda/items/:itemId',
      summary: 'Take an item off the agenda (coordinator, attested); audited',
      tag: 'meetings',
      response: agendaOutput,
    },
    async (request) => ({
      body: { data: await removeAgendaItem({ meetingId: pathParam(request), itemId: pathParam(request, 'itemId') }, requireActor(request), ctx) },
    }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/agenda/order',
      summary: 'Put the agenda in a new order: every item id exactly once (coordinator, attested); audited',
      tag: 'meetings',
      body: agendaOrderSchema,
      response: agendaOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const { itemIds } = parseInput(agendaOrderSchema, request.body);
      return { body: { data: await reorderAgenda({ meetingId: pathParam(request), order: { itemIds } }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/attendance',
      summary: 'The members of the meeting’s table with their attendance (null until recorded)',
      tag: 'meetings',
      response: attendanceOutput,
      list: true,
    },
    async (request) => ({
      body: { data: await listMeetingAttendance({ meetingId: pathParam(request) }, requireActor(request), ctx), nextCursor: null },
    }),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/meetings/:id/attendance',
      summary: 'Record one member’s attendance: present, excused or absent (coordinator or the table’s minute taker); audited',
      tag: 'meetings',
      body: attendanceInputSchema,
      response: attendanceOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(attendanceInputSchema, request.body);
      return { body: { data: await recordAttendance({ meetingId: pathParam(request), input }, actor, ctx), nextCursor: null } };
    },
  );
}
