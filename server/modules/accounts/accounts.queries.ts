import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../access/actor.ts';
import type { Database, OrganisationTable, UserTable } from '../../db/schema.ts';

/** Reads of accounts data, always within the actor's tenant. */
export function listOrganisations(db: Kysely<Database>, actor: Actor): Promise<OrganisationTable[]> {
  return db.selectFrom('organisations').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
}

export async function findOrganisation(db: Kysely<Database>, actor: Actor, id: string): Promise<OrganisationTable | null> {
  return (await db.selectFrom('organisations').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findOrganisationByName(db: Kysely<Database>, actor: Actor, name: string): Promise<OrganisationTable | null> {
  return (
    (await db.selectFrom('organisations').selectAll().where('tenant_id', '=', actor.tenantId).where('name', '=', name).executeTakeFirst()) ?? null
  );
}

export type UserWithRoles = UserTable & { roles: Role[] };

async function rolesByUser(db: Kysely<Database>, actor: Actor, userIds: string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role as Role]);
  return map;
}

export async function listUsers(db: Kysely<Database>, actor: Actor): Promise<UserWithRoles[]> {
  const users = await db.selectFrom('users').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
  const roles = await rolesByUser(
    db,
    actor,
    users.map((user) => user.id),
  );
  return users.map((user) => ({ ...user, roles: roles.get(user.id) ?? [] }));
}

export async function findUser(db: Kysely<Database>, actor: Actor, id: string): Promise<UserWithRoles | null> {
  const user = await db.selectFrom('users').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!user) return null;
  const roles = await rolesByUser(db, actor, [user.id]);
  return { ...user, roles: roles.get(user.id) ?? [] };
}

/**
 * The signed-in user's own row with their organisation's name, in one statement (`GET /api/v1/me`,
 * called on every page load of a client). Roles are the actor's: the ones this request is decided by.
 */
export async function findMe(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.name', 'users.email', 'organisations.id as organisation_id', 'organisations.name as organisation_name'])
    .where('users.tenant_id', '=', actor.tenantId)
    .where('organisations.tenant_id', '=', actor.tenantId)
    .where('users.id', '=', actor.userId)
    .where('organisations.id', '=', actor.organisationId)
    .executeTakeFirst();
}

export async function countActiveAdmins(db: Kysely<Database>, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('users.tenant_id', '=', actor.tenantId)
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('user_roles.role', '=', 'admin')
    .where('users.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the address already has an account in the actor's network (ADR 0020: unique per network). */
export async function emailTakenInNetwork(db: Kysely<Database>, actor: Actor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

/**
 * The active professionals (not coordinators) of these organisations, with what a mail needs: who is
 * told about a network question, reminded of it, or reminded of an overdue agreement.
 */
export async function activeProfessionalsOf(
  db: Kysely<Database>,
  tenantId: string,
  organisationIds: readonly string[],
): Promise<{ email: string; name: string; locale: string | null }[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale'])
    .where('users.tenant_id', '=', tenantId)
    .where('user_roles.tenant_id', '=', tenantId)
    .where('user_roles.role', '=', 'professional')
    .where('users.status', '=', 'active')
    .where('users.organisation_id', 'in', [...organisationIds])
    .orderBy('users.id')
    .execute();
  const coordinators = new Set(
    (await db.selectFrom('user_roles').select('user_id').where('tenant_id', '=', tenantId).where('role', '=', 'coordinator').execute()).map(
      (row) => row.user_id,
    ),
  );
  return rows.filter((row) => !coordinators.has(row.id)).map(({ email, name, locale }) => ({ email, name, locale }));
}
