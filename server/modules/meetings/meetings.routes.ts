import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { authorize } from '../../access/authorize.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { translator } from '../../ui/i18n.ts';
import { exportMeetingCalendar } from './export-meeting-calendar.ts';
import { listTableMeetings } from './list-table-meetings.ts';
import { meetingCreateSchema, meetingOutput, proposalOutput, proposalsQuerySchema, scheduleInputSchema, scheduleOutput } from './meetings.schemas.ts';
import { planMeeting } from './plan-meeting.ts';
import { proposeTableMeetings } from './propose-table-meetings.ts';
import { setTableSchedule } from './set-table-schedule.ts';
import { viewMeeting } from './view-meeting.ts';
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
    async (request) => ({ body: { data: await viewMeeting({ meetingId: pathParam(request), part: 'api' }, requireActor(request), ctx) } }),
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
}
