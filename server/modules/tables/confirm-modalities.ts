import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { hasConfirmed } from './modalities.queries.ts';
import { mayConfirmModalities, maySeeModalityConfirmations } from './tables.policy.ts';
import { findTable, memberRoles } from './tables.queries.ts';
import { viewTableModalities, type TableModalities } from './view-table-modalities.ts';

/**
 * A member of a table (key figure or minute taker) confirms the table's current modalities.
 * `version` is the version they read: an older (or unknown) one is 409 `conflict` and nothing is
 * written — the text changed since. Confirming the same version again changes nothing and writes no
 * second audit event. A table the actor does not sit at is `not_found` to anyone but the coordinator
 * (who sees every table: 403, audited by the error handler).
 */
export async function confirmModalities(options: { tableId: string; version: number }, actor: Actor, ctx: AppContext): Promise<TableModalities> {
  const table = await findTable(ctx.db, actor, options.tableId);
  if (!table) throw new AppError('not_found');
  if (!mayConfirmModalities(await memberRoles(ctx.db, actor, table.id, actor.userId))) {
    if (maySeeModalityConfirmations(actor)) throw new AppError('forbidden', [], { deniedAction: 'tables.confirmModalities' });
    throw new AppError('not_found');
  }
  const current = Number(table.modalities_version);
  if (current === 0 || options.version !== current) throw new AppError('conflict');
  if (!(await hasConfirmed(ctx.db, actor, table.id, current))) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('table_modality_confirmations')
          .values({
            id: newId(),
            tenant_id: actor.tenantId,
            table_id: table.id,
            user_id: actor.userId,
            modalities_version: current,
            confirmed_at: isoNow(ctx.clock),
          })
          .execute();
        await recordAuditEvent(trx, ctx, {
          subject: subjectOf(actor),
          action: 'table.modalities_confirmed',
          resource: { type: 'partner_table', id: table.id },
          requestId: actor.requestId ?? null,
          details: { modalitiesVersion: current },
        });
      });
    } catch (error) {
      // A simultaneous confirmation of the same version won the unique key: the result is the same.
      if (!(await hasConfirmed(ctx.db, actor, table.id, current))) throw error;
    }
  }
  return viewTableModalities({ id: table.id }, actor, ctx);
}
