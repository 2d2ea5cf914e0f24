import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Queries of the reply channel (signal_messages) and the addresses its mails go to. The addresses
 * are read from the directory (users, user_roles: readable by every module) by the system only, to
 * deliver a mail; none of them is ever part of an answer.
 */

export interface NewSignalMessage {
  readonly id: string;
  readonly tenantId: string;
  readonly signalId: string;
  readonly side: 'reporter' | 'coordinator';
  readonly kind: 'message' | 'advice' | 'disclosure_request' | 'disclosure_answer';
  /** Null for a reporter who is anonymous (or a visitor of the public form): never stored. */
  readonly authorUserId: string | null;
  readonly bodySealed: string;
  readonly createdAt: string;
}

export async function insertSignalMessage(trx: Transaction<Database>, message: NewSignalMessage): Promise<void> {
  await trx
    .insertInto('signal_messages')
    .values({
      id: message.id,
      tenant_id: message.tenantId,
      signal_id: message.signalId,
      side: message.side,
      kind: message.kind,
      author_user_id: message.authorUserId,
      body_sealed: message.bodySealed,
      created_at: message.createdAt,
    })
    .execute();
}

export interface SignalMessageRow {
  readonly id: string;
  readonly side: string;
  readonly kind: string;
  readonly author_user_id: string | null;
  readonly body_sealed: string;
  readonly created_at: string;
}

/** The thread of one signal, oldest first. Callers hold an audited read of the signal (or the public reply's). */
export async function threadOf(db: Kysely<Database>, tenantId: string, signalId: string): Promise<SignalMessageRow[]> {
  return db
    .selectFrom('signal_messages')
    .select(['id', 'side', 'kind', 'author_user_id', 'body_sealed', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('signal_id', '=', signalId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export interface MailRecipient {
  readonly email: string;
  readonly name: string;
  readonly locale: string | null;
}

/** An active account of the network, to deliver a mail to. */
export async function recipientById(db: Kysely<Database>, tenantId: string, userId: string): Promise<MailRecipient | null> {
  const row = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row ?? null;
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
