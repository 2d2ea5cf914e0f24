import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database, SignalMessageTable, SignalTable } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { signalRelation, type SignalFacts, type SignalRelation } from './signals.policy.ts';

/**
 * Actor-scoped queries of the signals module: every query names the actor's tenant. What the actor
 * may see is decided by the pure rules of signals.policy.ts on the facts loaded here; whether the
 * actor is a signal's reporter is answered through `reporter_lookup` (signal-crypto.ts), never a
 * clear column.
 */

export type SignalRow = Selectable<SignalTable>;

export function signalFactsOf(row: SignalRow, reporterLookups: readonly string[]): SignalFacts {
  return {
    tenantId: row.tenant_id,
    reporter: row.reporter_lookup !== null && reporterLookups.includes(row.reporter_lookup),
    status: row.status,
  };
}

/** A signal with the actor's relation to it, before the door has decided anything. */
export interface SignalStanding {
  readonly row: SignalRow;
  readonly facts: SignalFacts;
  readonly relation: SignalRelation;
}

/**
 * The signal with the actor's relation to it; `visible: false` when it exists but the actor may not
 * see it (callers answer 404 for that exactly as for a missing id). `reporterLookups` are the
 * actor's own lookups (reporterLookupsOf).
 */
export async function loadSignal(
  db: Kysely<Database>,
  actor: Actor,
  signalId: string,
  reporterLookups: readonly string[],
): Promise<(SignalStanding & { visible: boolean }) | null> {
  const row = await db.selectFrom('signals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', signalId).executeTakeFirst();
  if (!row) return null;
  const facts = signalFactsOf(row, reporterLookups);
  const relation = signalRelation(actor, facts);
  return { row, facts, relation, visible: relation.coordinator || relation.reporter };
}

/** The next number of the tenant's signals this year, claimed inside the creating transaction. */
export async function nextSignalNumber(trx: Transaction<Database>, tenantId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('signal_sequences')
    .values({ tenant_id: tenantId, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet((eb) => ({ last_number: eb('signal_sequences.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertSignal(trx: Transaction<Database>, values: Insertable<SignalTable>): Promise<void> {
  await trx.insertInto('signals').values(values).execute();
}

export async function insertSignalMessage(trx: Transaction<Database>, values: Insertable<SignalMessageTable>): Promise<void> {
  await trx.insertInto('signal_messages').values(values).execute();
}

/** Columns a use case may change; `version` and `updated_at` follow every change. */
export type SignalChange = Omit<Updateable<SignalTable>, 'id' | 'tenant_id' | 'reference' | 'version' | 'created_at' | 'updated_at'>;

/**
 * Changes signal columns under optimistic locking: the row changes only while its version is still
 * `expectedVersion` (when given, else any); otherwise 409 and nothing changes.
 */
export async function changeSignalRow(
  trx: Transaction<Database>,
  ctx: AppContext,
  tenantId: string,
  signalId: string,
  expectedVersion: number | null,
  set: SignalChange,
): Promise<void> {
  let query = trx
    .updateTable('signals')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: isoNow(ctx.clock) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', signalId);
  if (expectedVersion !== null) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
}

/** received → in consultation, only while the signal is still received (a no-op otherwise). */
export async function moveToConsultation(trx: Transaction<Database>, ctx: AppContext, tenantId: string, signalId: string): Promise<void> {
  await trx
    .updateTable('signals')
    .set((eb) => ({ status: 'in_consultation', version: eb('version', '+', 1), updated_at: isoNow(ctx.clock) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', signalId)
    .where('status', '=', 'received')
    .execute();
}

/** Filters of the coordinator's overview. */
export interface SignalFilters {
  readonly status?: string | undefined;
  readonly theme?: string | undefined;
  readonly urgency?: string | undefined;
  readonly kind?: string | undefined;
  /** Only the statuses in which the consult point still works (received, in consultation). */
  readonly openOnly?: boolean | undefined;
}

/** The columns a list shows: never sealed content, never a reporter column. */
const LIST_COLUMNS = ['id', 'reference', 'kind', 'theme', 'channel', 'status', 'urgency', 'category', 'outcome', 'created_at', 'updated_at'] as const;
export type SignalListRow = Pick<SignalRow, (typeof LIST_COLUMNS)[number]>;

/** Every signal of the network for the coordinator, the longest waiting first (oldest received). */
export async function listNetworkSignals(
  db: Kysely<Database>,
  actor: Actor,
  filters: SignalFilters,
  page: { readonly limit: number; readonly offset: number },
): Promise<SignalListRow[]> {
  let query = db.selectFrom('signals').select(LIST_COLUMNS).where('tenant_id', '=', actor.tenantId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.openOnly) query = query.where('status', 'in', ['received', 'in_consultation']);
  if (filters.theme) query = query.where('theme', '=', filters.theme);
  if (filters.urgency) query = query.where('urgency', '=', filters.urgency);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  return query.orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
}

/** The actor's own signals (through their reporter lookups), newest first. */
export async function listOwnSignals(
  db: Kysely<Database>,
  actor: Actor,
  reporterLookups: readonly string[],
  page: { readonly limit: number; readonly offset: number },
): Promise<SignalListRow[]> {
  if (reporterLookups.length === 0) return [];
  return db
    .selectFrom('signals')
    .select(LIST_COLUMNS)
    .where('tenant_id', '=', actor.tenantId)
    .where('reporter_lookup', 'in', [...reporterLookups])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** A recipient of the consult point's mail. */
export interface MailRecipient {
  readonly email: string;
  readonly name: string;
  readonly locale: string | null;
}

/** The active coordinators of the network (who receive "a new signal arrived"). */
export async function networkCoordinators(db: Kysely<Database>, actor: Actor): Promise<(MailRecipient & { id: string })[]> {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale'])
    .where('users.tenant_id', '=', actor.tenantId)
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('user_roles.role', '=', 'coordinator')
    .where('users.status', '=', 'active')
    .orderBy('users.id')
    .execute();
}

/** An active user of the network by id, for mail only (null when unknown or inactive). */
export async function activeUserContact(db: Kysely<Database>, actor: Actor, userId: string): Promise<MailRecipient | null> {
  const row = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row ?? null;
}

/** A user of the network with their organisation, for a coordinator registering a signal on their behalf. */
export async function networkUser(db: Kysely<Database>, actor: Actor, userId: string): Promise<{ id: string; organisationId: string } | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row ? { id: row.id, organisationId: row.organisation_id } : null;
}

/** The network's slug (for signal references). */
export async function networkSlug(db: Kysely<Database>, actor: Actor): Promise<string> {
  const row = await db.selectFrom('tenants').select('slug').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  return row.slug;
}

/** A named reporter's name and organisation name, for the coordinator (null parts when unknown). */
export async function reporterNames(
  db: Kysely<Database>,
  actor: Actor,
  reporter: { userId: string | null; organisationId: string | null },
): Promise<{ name: string | null; organisation: string | null }> {
  const user = reporter.userId
    ? await db.selectFrom('users').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', reporter.userId).executeTakeFirst()
    : undefined;
  const organisation = reporter.organisationId
    ? await db
        .selectFrom('organisations')
        .select('name')
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', reporter.organisationId)
        .executeTakeFirst()
    : undefined;
  return { name: user?.name ?? null, organisation: organisation?.name ?? null };
}

/** The professionals of the network (name and organisation), for registering a signal on one's behalf. */
export async function networkProfessionals(db: Kysely<Database>, actor: Actor): Promise<{ id: string; name: string; organisation: string }[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'organisations.name as organisation'])
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId)
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', '=', 'professional')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows;
}
