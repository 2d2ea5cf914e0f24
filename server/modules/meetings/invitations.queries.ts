import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/** Reads and writes of sent meeting invitations, always within one tenant. */

/** Who gets an invitation: an active account's address, name and language. */
export interface InvitationRecipient {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly locale: string | null;
}

/** The active accounts among `userIds` (a disabled member is not invited), by id. */
export async function activeRecipients(db: Kysely<Database>, tenantId: string, userIds: readonly string[]): Promise<InvitationRecipient[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('id', 'in', [...userIds])
    .orderBy('id')
    .execute();
}

/** The users who already got the invitation of a meeting with this SEQUENCE. */
export async function invitedUserIds(db: Kysely<Database>, tenantId: string, meetingId: string, sequence: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('meeting_invitations')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('meeting_id', '=', meetingId)
    .where('sequence', '=', sequence)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/** Records one sent invitation; a second record of the same one adds nothing. */
export async function recordInvitationSent(
  db: Kysely<Database>,
  row: { tenantId: string; meetingId: string; userId: string; sequence: number; sentAt: string },
): Promise<void> {
  await db
    .insertInto('meeting_invitations')
    .values({ id: newId(), tenant_id: row.tenantId, meeting_id: row.meetingId, user_id: row.userId, sequence: row.sequence, sent_at: row.sentAt })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'meeting_id', 'user_id', 'sequence']).doNothing())
    .execute();
}

/** Everyone who got any invitation of a meeting (any SEQUENCE): who is told of its cancellation. */
export async function everInvitedUserIds(db: Kysely<Database>, tenantId: string, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('meeting_invitations')
    .select('user_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('meeting_id', '=', meetingId)
    .orderBy('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}
