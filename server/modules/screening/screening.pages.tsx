import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { getInstrument, listInstruments } from './list-instruments.ts';
import { InstrumentList, InstrumentPage } from './screening.views.tsx';

/** Read-only screens: the active instruments, and one instrument with its sections and items. */
export function registerScreeningPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/screening/instruments', async (request, reply) => {
    const actor = requirePageActor(request);
    const instruments = await listInstruments(actor, ctx, request.locale);
    return sendPage(reply, InstrumentList({ view: viewFor(request, reply, cookies), instruments }));
  });

  app.get('/screening/instruments/:key', async (request, reply) => {
    const actor = requirePageActor(request);
    const instrument = await getInstrument(actor, ctx, pathParam(request, 'key'), request.locale);
    return sendPage(reply, InstrumentPage({ view: viewFor(request, reply, cookies), instrument }));
  });
}
