import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Settings of a network kept on its tenant row that another module decides about. The accounts
 * module owns the row (the only writer of `tenants`); the deciding module calls this inside its own
 * transaction, after its own policy and audit.
 */

/** Opens (true) or closes (false) the network's public consult form (the signals module decides who may). */
export async function writePublicConsultForm(trx: Transaction<Database>, tenantId: string, open: boolean): Promise<void> {
  await trx
    .updateTable('tenants')
    .set({ public_consult_form: open ? 1 : 0 })
    .where('id', '=', tenantId)
    .execute();
}
