import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { z } from 'zod';
import { addMinuteDecision, addMinuteNote } from './add-minute-entry.ts';
import { meetingCaseOutput, minuteEntryCreateSchema, minutesOutput } from './minutes.schemas.ts';
import { viewCaseInMeeting } from './view-case-in-meeting.ts';
import { viewMinutes } from './view-minutes.ts';

const entryCreated = z.object({ id: z.string(), itemId: z.string().optional(), addendum: z.boolean() });

/**
 * JSON API of meeting mode and the minutes (API.md "Partner tables"). Every route passes the meeting's
 * attestation gate (403 `attestation_required`), then the cases door for the case (404 when the
 * meeting opens it nothing, audited).
 */
export function registerMinutesRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const ids = (request: Parameters<typeof pathParam>[0]) => ({ meetingId: pathParam(request), caseId: pathParam(request, 'caseId') });

  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/cases/:caseId',
      summary:
        'Meeting mode: a case of the agenda as the meeting opens it (pseudonym, theme, the items the caller may read, the plan, the minutes so far, the agenda neighbours); attested; audited with purpose meeting or minutes',
      tag: 'minutes',
      response: meetingCaseOutput,
    },
    async (request) => ({ body: { data: await viewCaseInMeeting({ ...ids(request), part: 'api' }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/cases/:caseId/notes',
      summary:
        'A note of the minutes: a case item for the table on art. 458ter (minute taker or coordinator while the meeting runs; the coordinator’s addendum after it closed; 409 otherwise); audited',
      tag: 'minutes',
      body: minuteEntryCreateSchema,
      response: entryCreated,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(minuteEntryCreateSchema, request.body);
      return { body: { data: await addMinuteNote({ ...ids(request), input }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/cases/:caseId/decisions',
      summary:
        'A decision of the minutes, stored encrypted (minute taker or coordinator while the meeting runs; the coordinator’s addendum after it closed; 409 otherwise); audited',
      tag: 'minutes',
      body: minuteEntryCreateSchema,
      response: entryCreated,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(minuteEntryCreateSchema, request.body);
      return { body: { data: await addMinuteDecision({ ...ids(request), input }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/minutes',
      summary:
        'The meeting’s minutes per agenda case: the notes the caller may read and the decisions, addenda marked (attested; a minute taker only while the meeting runs); audited',
      tag: 'minutes',
      response: minutesOutput,
    },
    async (request) => ({ body: { data: await viewMinutes({ meetingId: pathParam(request), part: 'api' }, requireActor(request), ctx) } }),
  );
}
