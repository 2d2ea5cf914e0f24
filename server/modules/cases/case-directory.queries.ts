import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import { findTable } from '../tables/index.ts';
import type { AuthorOrganisation } from './legal-bases.ts';

/**
 * Names and references the case screens and use cases need around a case — organisations, users,
 * the network's slug, whether a table or organisation exists. Nothing here is case content.
 */

export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

export async function organisationsById(db: Kysely<Database>, actor: Actor): Promise<Map<string, NamedRef>> {
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The names an item list shows — its authors and the organisations it names (author's organisation,
 * audience) — in ONE statement: the named users (kind 1) and the named organisations (kind 2), each
 * part scoped to the actor's network, joined by `union all`. Only the ids asked for, never the network's whole list.
 */
export async function namesForItems(
  db: Kysely<Database>,
  actor: Actor,
  ids: { readonly userIds: readonly string[]; readonly organisationIds: readonly string[] },
): Promise<{ users: Map<string, NamedRef>; organisations: Map<string, NamedRef> }> {
  const userIds = [...new Set(ids.userIds)];
  const organisationIds = [...new Set(ids.organisationIds)];
  const users = new Map<string, NamedRef>();
  const organisations = new Map<string, NamedRef>();
  const userPart = db
    .selectFrom('users')
    .select((eb) => [eb.lit<number>(1).as('kind'), 'id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', userIds);
  const organisationPart = db
    .selectFrom('organisations')
    .select((eb) => [eb.lit<number>(2).as('kind'), 'id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', organisationIds);
  const query =
    userIds.length > 0 && organisationIds.length > 0
      ? userPart.unionAll(organisationPart)
      : userIds.length > 0
        ? userPart
        : organisationIds.length > 0
          ? organisationPart
          : null;
  for (const row of query ? await query.execute() : []) (Number(row.kind) === 1 ? users : organisations).set(row.id, { id: row.id, name: row.name });
  return { users, organisations };
}

export async function tenantSlug(db: Kysely<Database>, actor: Actor): Promise<string> {
  const row = await db.selectFrom('tenants').select('slug').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  return row.slug;
}

/** The table a case is opened on, with who it discusses; null when the network has no such table. */
export async function tableAudience(db: Kysely<Database>, actor: Actor, tableId: string): Promise<{ audience: string; name: string } | null> {
  const table = await findTable(db, actor, tableId);
  return table ? { audience: table.audience, name: table.name } : null;
}

export async function existingOrganisationIds(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** What the legal-basis rule needs of the actor's own organisation (legal-bases.ts). */
export async function authorOrganisation(db: Kysely<Database>, actor: Actor): Promise<AuthorOrganisation> {
  const row = await db
    .selectFrom('organisations')
    .select(['sector', 'secrecy_regime', 'protocol_signed_on'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', actor.organisationId)
    .executeTakeFirstOrThrow();
  return { sector: row.sector, secrecyRegime: row.secrecy_regime, protocolSigned: row.protocol_signed_on !== null };
}

/** The sectors of the named organisations of the network (for the 75/1 recipients rule). */
export async function sectorsOf(db: Kysely<Database>, actor: Actor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select('sector')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((row) => row.sector);
}
