import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { listInstruments } from './list-instruments.ts';
import { listScreenings } from './list-screenings.ts';
import { recordScreening } from './record-screening.ts';
import { instrumentOutput, recordedScreeningOutput, screeningCreateSchema, screeningOutput } from './screening.schemas.ts';

/** JSON API of the screening module (API.md "Consult point"): the active instruments, and the screenings of a signal. */
export function registerScreeningRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  route(
    {
      method: 'GET',
      url: '/api/v1/screening/instruments',
      summary:
        'The active screening instruments (one version each) with their sections and items in the caller’s language (coordinator, professional); the same for every network',
      tag: 'screening',
      response: instrumentOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      return { body: { data: await listInstruments(actor, ctx, request.locale), nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/screenings',
      summary:
        'Record a screening of a signal (coordinator, while the signal is received or in consultation): an active instrument version, the answers to its items (sealed), and the judgement. The category is 1 + wellbeing + 2 × radicalisation of the judgement, never computed from the answers; the signal takes the urgency and category of its latest screening and is in consultation. 404 for anyone else, the reporter included; 400 validation_failed for an inactive or unknown instrument, an unknown item, a missing rationale',
      tag: 'screening',
      body: screeningCreateSchema,
      response: recordedScreeningOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const recorded = await recordScreening({ signalId: pathParam(request), body: request.body }, actor, ctx);
      return { status: 201, body: { data: recorded } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/signals/:id/screenings',
      summary:
        'The screenings of a signal, newest first, with the instrument version each used, its answers, judgement and category (coordinator only; audited as screening.viewed). 404 for anyone else, the reporter included',
      tag: 'screening',
      response: screeningOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      const { screenings } = await listScreenings({ signalId: pathParam(request), part: 'api' }, actor, ctx, request.locale);
      return { body: { data: screenings, nextCursor: null } };
    },
  );
}
