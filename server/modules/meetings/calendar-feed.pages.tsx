import type { FastifyInstance } from 'fastify';
import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { CalendarFeedPage } from './calendar-feed.views.tsx';
import { createCalendarFeed } from './create-calendar-feed.ts';
import { revokeCalendarFeed } from './revoke-calendar-feed.ts';
import { viewOwnCalendarFeed } from './view-own-calendar-feed.ts';

/** `/account/calendar-feed`: the user's personal calendar feed (linked from the account page). */
export function registerCalendarFeedPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const page = async (actor: Actor, createdUrl: string | null) => ({
    feed: await viewOwnCalendarFeed(actor, ctx),
    createdUrl,
    mayCreate: can(actor, 'meetings.manageOwnFeed'),
  });

  app.get('/account/calendar-feed', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, CalendarFeedPage({ view: viewFor(request, reply, cookies), ...(await page(actor, null)) }));
  });

  // Shown once: the answer to the POST holds the URL; reloading the page never shows it again.
  app.post('/account/calendar-feed', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    const { url } = await createCalendarFeed(actor, ctx);
    void reply.header('cache-control', 'no-store');
    return sendPage(reply, CalendarFeedPage({ view: viewFor(request, reply, cookies), ...(await page(actor, url)) }), 201);
  });

  app.post('/account/calendar-feed/revoke', async (request, reply) => {
    const actor = requirePageActor(request);
    await revokeCalendarFeed(actor, ctx);
    return redirectWithFlash(reply, cookies, '/account/calendar-feed', 'flash.calendar_feed_revoked');
  });
}
