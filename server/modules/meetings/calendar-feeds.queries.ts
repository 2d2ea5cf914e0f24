import type { Kysely, Selectable } from 'kysely';
import type { CalendarFeedTable, Database } from '../../db/schema.ts';
import type { MeetingRow } from './meetings.queries.ts';

/** Reads and writes of personal calendar feeds, always within one tenant. */
export type CalendarFeedRow = Selectable<CalendarFeedTable>;

/** A feed by the SHA-256 of its secret, revoked or not. */
export async function feedByHash(db: Kysely<Database>, tenantId: string, tokenHash: string): Promise<CalendarFeedRow | null> {
  return (
    (await db.selectFrom('calendar_feeds').selectAll().where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).executeTakeFirst()) ??
    null
  );
}

/** The user's working feed (at most one), or null. */
export async function activeFeedOf(db: Kysely<Database>, tenantId: string, userId: string): Promise<CalendarFeedRow | null> {
  return (
    (await db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()) ?? null
  );
}

/** Revokes every working feed of a user; returns the ids revoked. */
export async function revokeFeedsOf(db: Kysely<Database>, tenantId: string, userId: string, at: string): Promise<string[]> {
  const rows = await db
    .selectFrom('calendar_feeds')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
  return ids;
}

export async function insertFeed(db: Kysely<Database>, row: CalendarFeedRow): Promise<void> {
  await db.insertInto('calendar_feeds').values(row).execute();
}

/** Notes a fetch of the feed, at most once per `before` window (calendar programs poll often). */
export async function touchFeed(db: Kysely<Database>, tenantId: string, id: string, at: string, before: string): Promise<void> {
  await db
    .updateTable('calendar_feeds')
    .set({ last_used_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', before)]))
    .execute();
}

/** The feed's owner, when the account is active: what the feed needs to act as them. */
export async function activeFeedOwner(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<{ id: string; organisationId: string; locale: string | null; roles: string[] } | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db
    .selectFrom('user_roles')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return { id: user.id, organisationId: user.organisation_id, locale: user.locale, roles: roles.map((row) => row.role) };
}

/** The planned and the cancelled meetings of some tables that start within [from, to), by start (a cancelled one shows as STATUS:CANCELLED). */
export async function plannedMeetingsOfTables(
  db: Kysely<Database>,
  tenantId: string,
  tableIds: readonly string[],
  from: string,
  to: string,
): Promise<MeetingRow[]> {
  if (tableIds.length === 0) return [];
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('table_id', 'in', [...tableIds])
    .where('status', 'in', ['planned', 'cancelled'])
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}
