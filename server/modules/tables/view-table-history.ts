import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { mayReadTableGovernance } from './tables.policy.ts';
import { presentTableRevision } from './tables.presenter.ts';
import { findTable, listTableRevisions, memberRoles } from './tables.queries.ts';
import type { TableRevision } from './tables.schemas.ts';

/**
 * The history of a table's governance, newest first: every change with its version, when, who, and
 * the changed fields' old and new values. Read by the coordinator and by whoever sits at the table
 * now (key figure or minute taker); anyone else of the network gets 403 (audited by the error
 * handler), a table of another network is `not_found`, like a missing one.
 */
export async function viewTableHistory(options: { id: string }, actor: Actor, ctx: AppContext): Promise<TableRevision[]> {
  const table = await findTable(ctx.db, actor, options.id);
  if (!table) throw new AppError('not_found');
  if (!mayReadTableGovernance(actor, await memberRoles(ctx.db, actor, table.id, actor.userId)))
    throw new AppError('forbidden', [], { deniedAction: 'tables.readHistory' });
  return (await listTableRevisions(ctx.db, actor, table.id)).map(presentTableRevision);
}
