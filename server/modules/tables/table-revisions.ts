import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { FieldChange, TableField } from './tables.schemas.ts';

export type TableChanges = Partial<Record<TableField, FieldChange>>;

/**
 * Writes one revision of a table in the transaction of the change it describes: the version the
 * change produced, the fields it set and their old and new values. The unique (table, version) key
 * refuses a second revision of the same version, so two writers can never both claim one.
 */
export async function recordTableRevision(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  revision: { tableId: string; version: number; changes: TableChanges },
): Promise<void> {
  await trx
    .insertInto('partner_table_revisions')
    .values({
      id: newId(),
      tenant_id: actor.tenantId,
      table_id: revision.tableId,
      version: revision.version,
      fields: Object.keys(revision.changes).sort().join(','),
      changes: JSON.stringify(revision.changes),
      changed_by: actor.userId,
      changed_at: isoNow(ctx.clock),
    })
    .execute();
}
