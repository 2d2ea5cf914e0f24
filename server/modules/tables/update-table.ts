import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { tableNameTaken } from './create-table.ts';
import { getTable } from './get-table.ts';
import { findTable, findTableByName } from './tables.queries.ts';
import type { PartnerTableDetail, TablePatch } from './tables.schemas.ts';

/**
 * A coordinator changes a table's name, audience, purpose or legal framework. Only fields whose
 * value differs are written and named in the audit event; a patch that changes nothing writes nothing.
 */
export async function updateTable(options: { id: string; input: TablePatch }, actor: Actor, ctx: AppContext): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.update');
  const { id, input } = options;
  const existing = await findTable(ctx.db, actor, id);
  if (!existing) throw new AppError('not_found');
  const columns = { name: 'name', audience: 'audience', purpose: 'purpose', legalFramework: 'legal_framework' } as const;
  const fields = (Object.keys(columns) as (keyof typeof columns)[]).filter(
    (field) => input[field] !== undefined && input[field] !== existing[columns[field]],
  );
  const changes = Object.fromEntries(fields.map((field) => [columns[field], input[field]!]));
  if (fields.length === 0) return getTable({ id }, actor, ctx);
  if (input.name !== undefined && fields.includes('name') && (await findTableByName(ctx.db, actor, input.name))) throw tableNameTaken;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('partner_tables')
        .set({ ...changes, updated_at: isoNow(ctx.clock) })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'table.updated',
        resource: { type: 'partner_table', id },
        requestId: actor.requestId ?? null,
        details: { fields: [...fields].sort() },
      });
    });
  } catch (error) {
    if (input.name !== undefined && fields.includes('name') && (await findTableByName(ctx.db, actor, input.name))) throw tableNameTaken;
    throw error;
  }
  return getTable({ id }, actor, ctx);
}
