import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { presentTableDetail } from './tables.presenter.ts';
import { confirmedUserIds } from './modalities.queries.ts';
import { findTable, listTableMembers } from './tables.queries.ts';
import type { PartnerTableDetail } from './tables.schemas.ts';

/**
 * A coordinator reads one table with its members, and per member (and for the coordinator) whether
 * they confirmed the current modalities; another tenant's table is `not_found`, like a missing one.
 */
export async function getTable(options: { id: string }, actor: Actor, ctx: AppContext): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.read');
  const row = await findTable(ctx.db, actor, options.id);
  if (!row) throw new AppError('not_found');
  const [members, confirmed] = await Promise.all([
    listTableMembers(ctx.db, actor, row.id),
    confirmedUserIds(ctx.db, actor, row.id, Number(row.modalities_version)),
  ]);
  return presentTableDetail(row, members, confirmed, actor.userId);
}
