import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { createCalendarFeed } from './create-calendar-feed.ts';
import { readCalendarFeed } from './read-calendar-feed.ts';
import { revokeCalendarFeed } from './revoke-calendar-feed.ts';

export const calendarFeedOutput = z.object({ url: z.string().describe('The secret feed URL, shown this once') });

/** Fetches of feed URLs one client address may make per minute (calendar programs poll every few minutes). */
export const FEED_FETCHES_PER_MINUTE = 60;

/**
 * A fixed one-minute window per client address, in memory (per node): enough to make guessing or
 * hammering feed URLs pointless; a real calendar program stays far below it.
 */
export function feedFetchLimiter(limit = FEED_FETCHES_PER_MINUTE, now: () => number = Date.now) {
  let window = Math.floor(now() / 60_000);
  let counts = new Map<string, number>();
  return (client: string): boolean => {
    const current = Math.floor(now() / 60_000);
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const count = (counts.get(client) ?? 0) + 1;
    counts.set(client, count);
    return count <= limit;
  };
}

/**
 * The personal calendar feed: create (shown once) and revoke through the API, and the feed itself at
 * `/calendar/<token>.ics` — no sign-in, no cookie, 404 alike for an unknown, revoked or disabled one.
 */
export function registerCalendarFeedRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  route(
    {
      method: 'POST',
      url: '/api/v1/me/calendar-feed',
      recentSignIn: true,
      summary: 'Create your personal calendar feed URL (browser session after MFA); shown once, an earlier one stops working; audited',
      tag: 'me',
      response: calendarFeedOutput,
      status: 201,
    },
    async (request) => ({ status: 201, body: { data: await createCalendarFeed(requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'DELETE',
      url: '/api/v1/me/calendar-feed',
      summary: 'Revoke your personal calendar feed; its URL answers 404 from now on',
      tag: 'me',
      status: 204,
    },
    async (request) => {
      await revokeCalendarFeed(requireActor(request), ctx);
      return { status: 204, body: null };
    },
  );

  // A calendar program, not a browser: plain answers without the page frame, cookie or CSRF token, and
  // every miss (unknown, malformed, revoked, disabled owner) the same bytes.
  const allowed = feedFetchLimiter();
  app.get('/calendar/:file', async (request, reply) => {
    void reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    if (!allowed(request.ip)) return reply.status(429).header('retry-after', '60').type('text/plain; charset=utf-8').send('Too many requests\n');
    const feed = await readCalendarFeed({ file: String((request.params as { file?: unknown }).file ?? '') }, ctx);
    if (!feed) return reply.status(404).type('text/plain; charset=utf-8').send('Not found\n');
    return reply.type('text/calendar; charset=utf-8').send(feed.ics);
  });
}
