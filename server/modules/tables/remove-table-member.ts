import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { findTable, memberRoles } from './tables.queries.ts';
import type { TableMemberRole } from './tables.schemas.ts';

/**
 * A coordinator ends a user's membership of a table: one role, or every role when none is given,
 * recorded as `table.member_removed` with the user and the roles. The rows are deleted, so access
 * that rests on the seat ends with the user's next request: every question about it (`isKeyFigure`,
 * `keyFigureTableIds`, `keyFiguresOf`, `keyFigureTablesSubquery`, the right to read the table's
 * history) is answered from the seats as they are at that moment, and nothing caches them. Nothing
 * to remove is `not_found`.
 */
export async function removeTableMember(
  options: { tableId: string; userId: string; role?: TableMemberRole | undefined },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  authorize(actor, 'tables.manageMembers');
  const { tableId, userId, role } = options;
  if (!(await findTable(ctx.db, actor, tableId))) throw new AppError('not_found');
  await ctx.db.transaction().execute(async (trx) => {
    const held = await memberRoles(trx, actor, tableId, userId);
    const removed = role === undefined ? held : held.filter((entry) => entry === role);
    if (removed.length === 0) throw new AppError('not_found');
    await trx
      .deleteFrom('table_members')
      .where('tenant_id', '=', actor.tenantId)
      .where('table_id', '=', tableId)
      .where('user_id', '=', userId)
      .where('role', 'in', removed)
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'table.member_removed',
      resource: { type: 'partner_table', id: tableId },
      requestId: actor.requestId ?? null,
      details: { userId, roles: removed },
    });
  });
}
