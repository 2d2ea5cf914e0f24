import { can } from '../../access/authorize.ts';
import type { Actor, Role } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { listTablesForSelect, seatsOfUser } from '../tables/index.ts';
import { parseFeedFile } from './calendar-feed-token.ts';
import { activeFeedOwner, feedByHash, plannedMeetingsOfTables, touchFeed } from './calendar-feeds.queries.ts';
import { meetingsCalendar } from './invitation-calendar.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { networkTimeZone } from './table-meetings-access.ts';

/** The feed's window: meetings starting from three months ago to twelve months ahead. */
export const FEED_MONTHS_BACK = 3;
export const FEED_MONTHS_AHEAD = 12;

const monthsFrom = (now: Date, months: number): string => {
  const at = new Date(now.getTime());
  at.setUTCMonth(at.getUTCMonth() + months);
  return at.toISOString();
};

/**
 * A personal calendar feed, fetched by a calendar program with the secret URL only (no sign-in, no
 * cookie): the planned meetings of the tables whose meetings the owner may read right now
 * (`meetings.read`: the tables they sit at; the coordinator's, every table), three months back to
 * twelve ahead, as titles and times only. An unknown, malformed or revoked token, or a disabled
 * owner, answers null (404, all alike). The fetch is not audited (no content, polled often); the
 * feed's `last_used_at` is noted at most hourly. Cheap: one lookup by hash, then the owner's seats,
 * the tables and one query of meetings.
 */
export async function readCalendarFeed(options: { file: string }, ctx: AppContext): Promise<{ ics: string } | null> {
  const parsed = parseFeedFile(options.file);
  if (!parsed) return null;
  const feed = await feedByHash(ctx.db, parsed.tenantId, sha256(parsed.token));
  if (!feed || feed.revoked_at !== null) return null;
  const owner = await activeFeedOwner(ctx.db, feed.tenant_id, feed.user_id);
  if (!owner) return null;
  const actor: Actor = {
    tenantId: feed.tenant_id,
    userId: owner.id,
    organisationId: owner.organisationId,
    roles: new Set(owner.roles as Role[]),
    locale: isLocale(owner.locale) ? owner.locale : null,
    authentication: { kind: 'token', tokenId: `calendar-feed:${feed.id}` },
  };
  const now = ctx.clock.now();
  const seats = await seatsOfUser(ctx.db, actor, actor.userId);
  const tables = (await listTablesForSelect(ctx.db, actor)).filter((table) =>
    can(actor, 'meetings.read', { tenantId: feed.tenant_id, seats: seats.get(table.id) ?? [] }),
  );
  const names = new Map(tables.map((table) => [table.id, table.name]));
  const zone = await networkTimeZone(ctx, actor);
  const rows = await plannedMeetingsOfTables(
    ctx.db,
    feed.tenant_id,
    [...names.keys()],
    monthsFrom(now, -FEED_MONTHS_BACK),
    monthsFrom(now, FEED_MONTHS_AHEAD),
  );
  const tenant = await ctx.system.tenantById(feed.tenant_id);
  const locale = isLocale(owner.locale) ? owner.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
  const t = translator(locale);
  const ics = meetingsCalendar(
    rows.map((row) => presentMeeting(row, names.get(row.table_id)!, zone)),
    {
      zone,
      meetingWord: t('meetings.meeting'),
      method: 'publish',
      name: t('calendar_feed.calendar_name', { network: tenant?.name ?? 'Partnertafel' }),
    },
  );
  await touchFeed(ctx.db, feed.tenant_id, feed.id, now.toISOString(), new Date(now.getTime() - 3600_000).toISOString());
  return { ics };
}
