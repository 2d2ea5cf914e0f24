import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { presentTableDetail } from './tables.presenter.ts';
import { findTable, listTableMembers } from './tables.queries.ts';
import type { PartnerTableDetail } from './tables.schemas.ts';

/** A coordinator reads one table with its members; another tenant's table is `not_found`, like a missing one. */
export async function getTable(options: { id: string }, actor: Actor, ctx: AppContext): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.read');
  const row = await findTable(ctx.db, actor, options.id);
  if (!row) throw new AppError('not_found');
  return presentTableDetail(row, await listTableMembers(ctx.db, actor, row.id));
}
