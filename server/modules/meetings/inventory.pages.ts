import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { markMeetingInventoryDone } from './meeting-inventory.ts';

/** The inventory page's "mark inventory done" button (the page itself is drawn by the plans module). */
export function registerInventoryPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.post('/meetings/:id/inventory/done', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    await markMeetingInventoryDone({ meetingId }, actor, ctx);
    return redirectWithFlash(reply, cookies, `/meetings/${meetingId}/inventory`, 'flash.meeting_inventory_done');
  });
}
