import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditedSignalRead } from './signal-door.ts';
import type { PublicReplyRead } from './read-public-reply.ts';
import type { MailRecipient } from './signals.queries.ts';

/**
 * Queries of the reply channel (signal_messages) and the addresses its mails go to. The addresses
 * are read from the directory (users, user_roles: readable by every module) by the system only, to
 * deliver a mail; none of them is ever part of an answer.
 */

export interface SignalMessageRow {
  readonly id: string;
  readonly side: string;
  readonly kind: string;
  readonly author_user_id: string | null;
  readonly body_sealed: string;
  readonly created_at: string;
}

/**
 * The thread of one signal, oldest first. Only a recorded read opens it: the door's
 * `AuditedSignalRead` (part `messages`), or the public form's `PublicReplyRead` (code and passphrase
 * checked, `signal.public_reply_read` written).
 */
export async function threadOf(db: Kysely<Database>, read: AuditedSignalRead | PublicReplyRead): Promise<SignalMessageRow[]> {
  const { tenant_id: tenantId, id: signalId } = read.row;
  return db
    .selectFrom('signal_messages')
    .select(['id', 'side', 'kind', 'author_user_id', 'body_sealed', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('signal_id', '=', signalId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** The network's active coordinators: the consult point. */
export async function coordinatorRecipients(db: Kysely<Database>, tenantId: string): Promise<MailRecipient[]> {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', (join) => join.onRef('user_roles.user_id', '=', 'users.id').onRef('user_roles.tenant_id', '=', 'users.tenant_id'))
    .select(['users.email', 'users.name', 'users.locale'])
    .where('users.tenant_id', '=', tenantId)
    .where('user_roles.role', '=', 'coordinator')
    .where('users.status', '=', 'active')
    .orderBy('users.email')
    .execute();
}

/** Names of accounts of the network, for the coordinator's view of a named reporter's messages. */
export async function userNames(db: Kysely<Database>, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
