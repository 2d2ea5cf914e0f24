import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SignalRow } from './signals.queries.ts';

/**
 * Queries of the public consult form. There is no actor: every query names the network the visitor
 * chose by its address (`/consult/:tenantSlug`), and finds only signals that came in through the
 * form (`channel = public_form`), by the hash of their reply code or by id.
 */

export async function publicSignalByCode(db: Kysely<Database>, tenantId: string, codeHash: string): Promise<SignalRow | null> {
  const row = await db
    .selectFrom('signals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('channel', '=', 'public_form')
    .where('public_code_hash', '=', codeHash)
    .executeTakeFirst();
  return row ?? null;
}

export async function publicSignalById(db: Kysely<Database>, tenantId: string, signalId: string): Promise<SignalRow | null> {
  const row = await db
    .selectFrom('signals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('channel', '=', 'public_form')
    .where('id', '=', signalId)
    .executeTakeFirst();
  return row ?? null;
}

/** Whether the network's public consult form is open, read fresh (not from the tenant cache). */
export async function consultFormIsOpen(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('public_consult_form').where('id', '=', tenantId).executeTakeFirst();
  return Number(row?.public_consult_form ?? 0) === 1;
}
