import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { revokeFeedsOf } from './calendar-feeds.queries.ts';

/**
 * A user revokes their calendar feed: its URL answers 404 from now on. Revoking when there is none
 * changes nothing and records nothing; otherwise `calendar_feed.revoked` per feed revoked.
 */
export async function revokeCalendarFeed(actor: Actor, ctx: AppContext): Promise<{ revoked: boolean }> {
  authorize(actor, 'meetings.revokeOwnFeed');
  const now = ctx.clock.now().toISOString();
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const ids = await revokeFeedsOf(trx, actor.tenantId, actor.userId, now);
    for (const id of ids) {
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'calendar_feed.revoked',
        resource: { type: 'calendar_feed', id },
        requestId: actor.requestId ?? null,
      });
    }
    return ids.length;
  });
  return { revoked: revoked > 0 };
}
