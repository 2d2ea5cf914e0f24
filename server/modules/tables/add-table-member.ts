import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { getTable } from './get-table.ts';
import { ELIGIBLE_ROLES, findCandidateMember, findTable, memberRoles } from './tables.queries.ts';
import type { PartnerTableDetail, TableMemberAdd } from './tables.schemas.ts';

const unknownUser = new AppError('validation_failed', [{ path: 'userId', messageKey: 'validation.table_member_unknown' }]);
const wrongRole = {
  key_figure: new AppError('validation_failed', [{ path: 'userId', messageKey: 'validation.table_member_not_key_figure' }]),
  minute_taker: new AppError('validation_failed', [{ path: 'userId', messageKey: 'validation.table_member_not_minute_taker' }]),
} as const;

/** The same role twice: a conflict, with a field issue so a form can say it next to the field. */
export const alreadyMember = new AppError('conflict', [{ path: 'userId', messageKey: 'validation.table_member_exists' }]);

/**
 * A coordinator seats a user at a table. The user must be an active user of the same network and
 * hold a network role that fits: `professional` or `coordinator` for a key figure, `minute_taker`
 * for a minute taker. A user of another network gets the same answer as an unknown one.
 */
export async function addTableMember(
  options: { tableId: string; input: TableMemberAdd },
  actor: Actor,
  ctx: AppContext,
): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.manageMembers');
  const { tableId, input } = options;
  if (!(await findTable(ctx.db, actor, tableId))) throw new AppError('not_found');
  const user = await findCandidateMember(ctx.db, actor, input.userId);
  if (!user || user.status !== 'active') throw unknownUser;
  if (!user.roles.some((role) => ELIGIBLE_ROLES[input.role].includes(role))) throw wrongRole[input.role];
  if ((await memberRoles(ctx.db, actor, tableId, input.userId)).includes(input.role)) throw alreadyMember;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('table_members')
        .values({ tenant_id: actor.tenantId, table_id: tableId, user_id: input.userId, role: input.role, added_at: isoNow(ctx.clock) })
        .execute();
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'table.member_added',
        resource: { type: 'partner_table', id: tableId },
        requestId: actor.requestId ?? null,
        details: { userId: input.userId, role: input.role },
      });
    });
  } catch (error) {
    // A simultaneous identical request won the primary key: answer as if it had come first.
    if ((await memberRoles(ctx.db, actor, tableId, input.userId)).includes(input.role)) throw alreadyMember;
    throw error;
  }
  return getTable({ id: tableId }, actor, ctx);
}
