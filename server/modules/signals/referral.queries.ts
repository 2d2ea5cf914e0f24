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

/**
 * Claims a signal for one referral (or addition to a known case): it becomes `referred` — still
 * without a case — while it is in consultation, has no case and still has the version the request
 * read. A second referral of the same signal (a double click) then finds it referred and stops before
 * it opens a case. The version goes up by one and nothing else changes, so `releaseReferralClaim`
 * puts the row back exactly when the cases module refuses the referral.
 */
export async function claimForReferral(db: Kysely<Database>, actor: Actor, signal: { id: string; version: number }): Promise<boolean> {
  const result = await db
    .updateTable('signals')
    .set((eb) => ({ status: 'referred', version: eb('version', '+', 1) }))
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', signal.id)
    .where('version', '=', signal.version)
    .where('status', '=', 'in_consultation')
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claim back: in consultation again, at the version the request read. */
export async function releaseReferralClaim(db: Kysely<Database>, actor: Actor, signal: { id: string; version: number }): Promise<void> {
  await db
    .updateTable('signals')
    .set({ status: 'in_consultation', version: signal.version })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', signal.id)
    .where('version', '=', signal.version + 1)
    .where('status', '=', 'referred')
    .where('case_id', 'is', null)
    .execute();
}
