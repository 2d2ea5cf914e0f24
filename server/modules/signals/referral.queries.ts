import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/** What the referral form names around the case: the network, the coordinator as contact, an organisation. */

export async function networkName(db: Kysely<Database>, actor: Actor): Promise<string> {
  const row = await db.selectFrom('tenants').select('name').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  return row.name;
}

export async function contactOf(db: Kysely<Database>, actor: Actor): Promise<{ name: string; email: string | null }> {
  const row = await db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return { name: row?.name ?? '', email: row?.email ?? null };
}

export async function organisationName(db: Kysely<Database>, actor: Actor, organisationId: string | null): Promise<string | null> {
  if (organisationId === null) return null;
  const row = await db
    .selectFrom('organisations')
    .select('name')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The network's organisations by name, for the case owner chooser. */
export function organisationChoices(db: Kysely<Database>, actor: Actor): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').orderBy('id').execute();
}
