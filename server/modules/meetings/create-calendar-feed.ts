import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';
import { newId, randomSecret } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { insertFeed, revokeFeedsOf } from './calendar-feeds.queries.ts';
import { calendarFeedUrl } from './calendar-feed-token.ts';

/**
 * A user creates their personal calendar feed: a secret URL with the meetings of their tables
 * (titles only), shown once. Only its SHA-256 is stored, like an API token's; an earlier feed of
 * the user stops working (one feed per user, so "revoke" means one thing). Like a token, it is
 * created only from a browser session that passed the second factor: a leaked token cannot mint
 * a feed. Audited as `calendar_feed.created`.
 */
export async function createCalendarFeed(actor: Actor, ctx: AppContext): Promise<{ url: string }> {
  authorize(actor, 'meetings.manageOwnFeed');
  const token = `${actor.tenantId}_${randomSecret(32)}`;
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const replaced = await revokeFeedsOf(trx, actor.tenantId, actor.userId, now);
    await insertFeed(trx, {
      id,
      tenant_id: actor.tenantId,
      user_id: actor.userId,
      token_hash: sha256(token),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'calendar_feed.created',
      resource: { type: 'calendar_feed', id },
      details: { replaced: replaced.length },
      requestId: actor.requestId ?? null,
    });
  });
  return { url: calendarFeedUrl(ctx, token) };
}
