import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { assertNoEmptyQueryValues, parseInput } from '../../http/validation.ts';
import { serviceListQuerySchema } from './directory.schemas.ts';
import { getPublicService, listPublicServices, openPublishedMap } from './directory-public.ts';

/**
 * The read-only HSDA routes of a published map (API.md "Social map"), without sign-in. An HSDA
 * answer is HSDS itself: a page `{total_items?, contents, next_cursor}` of services and one service.
 * An unpublished map is a 404 like an unknown network.
 */
export function registerDirectoryPublicRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  route(
    {
      method: 'GET',
      url: '/api/hsds/:tenant/services',
      summary:
        "A published social map's services (HSDS 3.0, public fields only; see docs/directory-hsds-profile.md): the same search as the map (q, theme, language, age, noWaitingList), pages by cursor; 404 while not published",
      tag: 'directory',
      query: serviceListQuerySchema,
      response: z.object({ contents: z.array(z.unknown()), next_cursor: z.string().nullable() }),
      authenticated: false,
    },
    async (request) => {
      const tenant = await openPublishedMap(ctx, pathParam(request, 'tenant'));
      assertNoEmptyQueryValues(request.query);
      const query = parseInput(serviceListQuerySchema, request.query);
      const { data, nextCursor } = await listPublicServices(ctx, tenant, {
        filters: { q: query.q, theme: query.theme, language: query.language, age: query.age, noWaitingList: query.noWaitingList === 'true' },
        limit: query.limit,
        cursor: query.cursor,
      });
      return { body: { contents: data, next_cursor: nextCursor } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/hsds/:tenant/services/:serviceRef',
      summary:
        'One service of a published social map by its HSDS id (any HSDS id, not only a UUID; HSDS 3.0, public fields only); 404 while not published',
      tag: 'directory',
      response: z.record(z.string(), z.unknown()),
      authenticated: false,
    },
    async (request) => {
      const tenant = await openPublishedMap(ctx, pathParam(request, 'tenant'));
      return { body: await getPublicService(ctx, tenant, pathParam(request, 'serviceRef')) };
    },
  );
}
