import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/** What an organisation's register holds, told without its entries: how many, and when it was last replaced. */
export interface ClientRegisterSummary {
  readonly count: number;
  readonly uploadedAt: string | null;
}

/** The summary of the actor's organisation's register. */
export async function clientRegisterSummary(db: Kysely<Database> | Transaction<Database>, actor: Actor): Promise<ClientRegisterSummary> {
  const upload = await db
    .selectFrom('client_register_uploads')
    .select(['entries', 'uploaded_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  return { count: upload ? Number(upload.entries) : 0, uploadedAt: upload?.uploaded_at ?? null };
}

/**
 * The organisations of a network whose register holds this blind index (current key version):
 * the only organisations a blind inquiry reaches. Ids only, in a stable order.
 */
export async function organisationsHolding(
  db: Kysely<Database>,
  tenantId: string,
  blindIndex: { value: string; version: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom('client_register_entries')
    .select('organisation_id')
    .where('tenant_id', '=', tenantId)
    .where('blind_index', '=', blindIndex.value)
    .where('blind_index_version', '=', blindIndex.version)
    .orderBy('organisation_id')
    .execute();
  return [...new Set(rows.map((row) => row.organisation_id))];
}
