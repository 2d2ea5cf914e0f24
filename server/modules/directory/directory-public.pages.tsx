import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { fieldErrors, formValues, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import { serviceListQuerySchema } from './directory.schemas.ts';
import { listPublicServices, openPublishedMap } from './directory-public.ts';
import { PublicMapPage } from './directory-public.views.tsx';

/**
 * `/map/:tenantSlug`: the published map for visitors (no sign-in), read only, in the visitor's
 * language; search by words, theme, language and age. Not published → 404 like an unknown network.
 */
export function registerDirectoryPublicPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/map/:tenantSlug', async (request, reply) => {
    const slug = pathParam(request, 'tenantSlug');
    const tenant = await openPublishedMap(ctx, slug);
    const values = formValues(request.query);
    const view = viewFor(request, reply, cookies);
    const base = { view, slug, network: tenant.name, values };
    try {
      const query = parseInput(
        serviceListQuerySchema,
        Object.fromEntries(Object.entries(values).filter(([key]) => ['q', 'theme', 'language', 'age', 'cursor'].includes(key))),
      );
      const { data, nextCursor } = await listPublicServices(ctx, tenant, {
        filters: { q: query.q, theme: query.theme, language: query.language, age: query.age, noWaitingList: false },
        cursor: query.cursor,
      });
      const next =
        nextCursor === null ? null : `/map/${slug}?${new URLSearchParams({ ...(values as Record<string, string>), cursor: nextCursor }).toString()}`;
      return sendPage(reply, PublicMapPage({ ...base, errors: {}, services: data, nextPath: next }));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return sendPage(reply, PublicMapPage({ ...base, errors: fieldErrors(request, error), services: [], nextPath: null }), 400);
    }
  });
}
