import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { getTable } from './get-table.ts';
import { recordTableRevision } from './table-revisions.ts';
import { findTableByName } from './tables.queries.ts';
import type { PartnerTableDetail, TableCreate } from './tables.schemas.ts';

export const tableNameTaken = new AppError('validation_failed', [{ path: 'name', messageKey: 'validation.table_name_taken' }]);

/**
 * A coordinator sets up a partner table; it starts without members, at version 1, and its first
 * revision records every value it was set up with.
 */
export async function createTable(options: { input: TableCreate }, actor: Actor, ctx: AppContext): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.create');
  const { input } = options;
  if (await findTableByName(ctx.db, actor, input.name)) throw tableNameTaken;
  const id = newId();
  const now = isoNow(ctx.clock);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('partner_tables')
        .values({
          id,
          tenant_id: actor.tenantId,
          name: input.name,
          audience: input.audience,
          purpose: input.purpose,
          legal_framework: input.legalFramework,
          modalities: input.modalities ?? '',
          modalities_version: (input.modalities ?? '') === '' ? 0 : 1,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const values = { ...input, modalities: input.modalities ?? '' };
      await recordTableRevision(trx, ctx, actor, {
        tableId: id,
        version: 1,
        changes: Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { from: null, to: value }])),
      });
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'table.created',
        resource: { type: 'partner_table', id },
        requestId: actor.requestId ?? null,
      });
    });
  } catch (error) {
    // Two coordinators naming a table at the same moment: the unique constraint decides, the loser gets the field error.
    if (await findTableByName(ctx.db, actor, input.name)) throw tableNameTaken;
    throw error;
  }
  return getTable({ id }, actor, ctx);
}
