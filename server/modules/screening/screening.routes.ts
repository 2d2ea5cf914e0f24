import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { listInstruments } from './list-instruments.ts';
import { instrumentOutput } from './screening.schemas.ts';

/** JSON API of the screening module (API.md "Consult point"): the active instruments. */
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
}
