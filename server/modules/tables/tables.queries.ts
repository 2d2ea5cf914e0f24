import type { ExpressionBuilder, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { SEAT_ROLES } from '../../access/role-rules.ts';
import type { Actor } from '../../access/actor.ts';
import type { Database, PartnerTableRevisionTable, PartnerTableTable } from '../../db/schema.ts';
import type { TableMemberRole } from './tables.schemas.ts';

export type PartnerTableRow = Selectable<PartnerTableTable>;

/** Reads of partner tables and their members, always within the actor's tenant. */
export function listTables(db: Kysely<Database>, actor: Actor): Promise<PartnerTableRow[]> {
  return db.selectFrom('partner_tables').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
}

export async function findTable(db: Kysely<Database>, actor: Actor, id: string): Promise<PartnerTableRow | null> {
  return (await db.selectFrom('partner_tables').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findTableByName(db: Kysely<Database>, actor: Actor, name: string): Promise<PartnerTableRow | null> {
  return (
    (await db.selectFrom('partner_tables').selectAll().where('tenant_id', '=', actor.tenantId).where('name', '=', name).executeTakeFirst()) ?? null
  );
}

/** Id, name and audience of every table, by name: the choices of a "which table" select. */
export function listTablesForSelect(db: Kysely<Database>, actor: Actor): Promise<{ id: string; name: string; audience: string }[]> {
  return db.selectFrom('partner_tables').select(['id', 'name', 'audience']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
}

/** Number of distinct members per table id (a user with two roles counts once). */
export async function countMembersByTable(db: Kysely<Database>, actor: Actor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('table_members')
    .select((eb) => ['table_id', eb.fn.count<string | number>('user_id').distinct().as('n')])
    .where('tenant_id', '=', actor.tenantId)
    .groupBy('table_id')
    .execute();
  return new Map(rows.map((row) => [row.table_id, Number(row.n)]));
}

export interface TableMemberRow {
  readonly user_id: string;
  readonly role: string;
  readonly added_at: string;
  readonly user_name: string;
  readonly organisation_name: string;
}

/** The members of one table with their name and organisation, by name and then role. */
export function listTableMembers(db: Kysely<Database>, actor: Actor, tableId: string): Promise<TableMemberRow[]> {
  return db
    .selectFrom('table_members')
    .innerJoin('users', 'users.id', 'table_members.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'table_members.user_id',
      'table_members.role',
      'table_members.added_at',
      'users.name as user_name',
      'organisations.name as organisation_name',
    ])
    .where('table_members.tenant_id', '=', actor.tenantId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId)
    .where('table_members.table_id', '=', tableId)
    .orderBy('users.name')
    .orderBy('table_members.role')
    .execute();
}

/** The roles a user holds on a table right now (none when they are not a member). */
export async function memberRoles(db: Kysely<Database>, actor: Actor, tableId: string, userId: string): Promise<TableMemberRole[]> {
  const rows = await db
    .selectFrom('table_members')
    .select('role')
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((row) => row.role as TableMemberRole);
}

/*
 * Who stands where as a key figure: the questions other modules (cases) ask of table membership.
 * They answer from the seats as they are now — a removed seat no longer counts at the next call —
 * and never look beyond the actor's tenant.
 */

/** Whether a user (by default the actor) is a key figure of a table right now. */
export async function isKeyFigure(db: Kysely<Database>, actor: Actor, tableId: string, userId: string = actor.userId): Promise<boolean> {
  return (await memberRoles(db, actor, tableId, userId)).includes('key_figure');
}

/**
 * The ids of the tables where the actor is a key figure, as a sub-query to use inside another
 * query of the same database, e.g. `where((eb) => eb('cases.table_id', 'in', keyFigureTablesSubquery(eb, actor)))`.
 * It carries its own tenant condition, as the tenant guard asks of every sub-query.
 */
export function keyFigureTablesSubquery<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  actor: Actor,
): SelectQueryBuilder<Database, 'table_members', { table_id: string }> {
  // The sub-query refers to no table of the outer query, so the outer tables are left out of its type.
  return (eb as unknown as ExpressionBuilder<Database, never>)
    .selectFrom('table_members')
    .select('table_members.table_id')
    .where('table_members.tenant_id', '=', actor.tenantId)
    .where('table_members.user_id', '=', actor.userId)
    .where('table_members.role', '=', 'key_figure');
}

/**
 * The name of the table whose id is in `tableIdColumn` of the outer query (e.g. `cases.table_id`), as
 * a scalar sub-query: one query loads a row and its table's name. Null when no such table exists in
 * the actor's tenant. It carries its own tenant condition, as the tenant guard asks of every sub-query.
 */
export function tableNameSubquery<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  actor: Actor,
  tableIdColumn: `${TB & string}.table_id`,
): SelectQueryBuilder<Database, 'partner_tables', { name: string }> {
  return (eb as unknown as ExpressionBuilder<Database, 'partner_tables'>)
    .selectFrom('partner_tables')
    .select('partner_tables.name')
    .where('partner_tables.tenant_id', '=', actor.tenantId)
    .whereRef('partner_tables.id', '=', tableIdColumn as 'partner_tables.id');
}

/** The ids of the tables where the actor is a key figure right now, sorted. */
export async function keyFigureTableIds(db: Kysely<Database>, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectFrom('table_members')
    .select('table_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .where('role', '=', 'key_figure')
    .orderBy('table_id')
    .execute();
  return rows.map((row) => row.table_id);
}

export interface KeyFigure {
  readonly user_id: string;
  readonly name: string;
  readonly organisation_id: string;
}

/** The key figures of one table right now, by name: who stands on every case of the table. */
export function keyFiguresOf(db: Kysely<Database>, actor: Actor, tableId: string): Promise<KeyFigure[]> {
  return db
    .selectFrom('table_members')
    .innerJoin('users', 'users.id', 'table_members.user_id')
    .select(['table_members.user_id', 'users.name', 'users.organisation_id'])
    .where('table_members.tenant_id', '=', actor.tenantId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where('table_members.table_id', '=', tableId)
    .where('table_members.role', '=', 'key_figure')
    .orderBy('users.name')
    .orderBy('table_members.user_id')
    .execute();
}

export interface TableRevisionRow extends Selectable<PartnerTableRevisionTable> {
  readonly user_name: string;
  readonly organisation_name: string;
}

/** Every change of one table with who made it, newest first. */
export function listTableRevisions(db: Kysely<Database>, actor: Actor, tableId: string): Promise<TableRevisionRow[]> {
  return db
    .selectFrom('partner_table_revisions')
    .innerJoin('users', 'users.id', 'partner_table_revisions.changed_by')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .selectAll('partner_table_revisions')
    .select(['users.name as user_name', 'organisations.name as organisation_name'])
    .where('partner_table_revisions.tenant_id', '=', actor.tenantId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId)
    .where('partner_table_revisions.table_id', '=', tableId)
    .orderBy('partner_table_revisions.version', 'desc')
    .execute();
}

export interface CandidateMember {
  readonly id: string;
  readonly name: string;
  readonly organisationName: string;
  readonly status: string;
  readonly roles: readonly string[];
}

/** Network roles that make a user eligible for each table role. */
export const ELIGIBLE_ROLES: Readonly<Record<TableMemberRole, readonly string[]>> = SEAT_ROLES;

const ANY_ELIGIBLE_ROLE = [...new Set(Object.values(ELIGIBLE_ROLES).flat())];

async function candidates(db: Kysely<Database>, actor: Actor, filter: { userId: string } | { eligibleOnly: true }): Promise<CandidateMember[]> {
  let users = db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.name', 'users.status', 'organisations.name as organisation_name'])
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId);
  let roleRows = db.selectFrom('user_roles').select(['user_id', 'role']).where('tenant_id', '=', actor.tenantId);
  if ('userId' in filter) {
    users = users.where('users.id', '=', filter.userId);
    roleRows = roleRows.where('user_id', '=', filter.userId);
  } else {
    users = users.where('users.status', '=', 'active');
    roleRows = roleRows.where('role', 'in', ANY_ELIGIBLE_ROLE);
  }
  const roles = new Map<string, string[]>();
  for (const row of await roleRows.orderBy('role').execute()) roles.set(row.user_id, [...(roles.get(row.user_id) ?? []), row.role]);
  const rows = await users.orderBy('users.name').orderBy('organisations.name').execute();
  return rows
    .filter((user) => 'userId' in filter || roles.has(user.id))
    .map((user) => ({
      id: user.id,
      name: user.name,
      organisationName: user.organisation_name,
      status: user.status,
      roles: roles.get(user.id) ?? [],
    }));
}

/** One user of the actor's tenant as a possible member (any status, any role), or null. */
export async function findCandidateMember(db: Kysely<Database>, actor: Actor, userId: string): Promise<CandidateMember | null> {
  return (await candidates(db, actor, { userId }))[0] ?? null;
}

/** Active users who could sit at a table in some role, by name: the choices of the add-member form. */
export function listEligibleMembers(db: Kysely<Database>, actor: Actor): Promise<CandidateMember[]> {
  return candidates(db, actor, { eligibleOnly: true });
}

/** Every seat a user holds right now, as table id → roles (for the user's personal calendar feed). */
export async function seatsOfUser(db: Kysely<Database>, actor: Actor, userId: string): Promise<Map<string, TableMemberRole[]>> {
  const rows = await db
    .selectFrom('table_members')
    .select(['table_id', 'role'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', userId)
    .orderBy('table_id')
    .orderBy('role')
    .execute();
  const seats = new Map<string, TableMemberRole[]>();
  for (const row of rows) seats.set(row.table_id, [...(seats.get(row.table_id) ?? []), row.role as TableMemberRole]);
  return seats;
}

/** The ids of the users who sit at a table right now (any seat), each once. */
export async function seatedUserIds(db: Kysely<Database>, actor: Actor, tableId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('table_members')
    .select('user_id')
    .distinct()
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .orderBy('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}

/** The ids of a network's tables of one audience (for jobs, which have no actor), sorted. */
export async function tableIdsOfAudience(db: Kysely<Database>, tenantId: string, audience: string): Promise<string[]> {
  const rows = await db
    .selectFrom('partner_tables')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('audience', '=', audience)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
