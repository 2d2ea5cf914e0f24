import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { activeFeedOf } from './calendar-feeds.queries.ts';

/** Whether the user has a working calendar feed, since when and when a calendar last fetched it (never the URL). */
export async function viewOwnCalendarFeed(actor: Actor, ctx: AppContext): Promise<{ createdAt: string; lastUsedAt: string | null } | null> {
  const feed = await activeFeedOf(ctx.db, actor.tenantId, actor.userId);
  return feed ? { createdAt: feed.created_at, lastUsedAt: feed.last_used_at } : null;
}
