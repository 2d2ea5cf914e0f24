import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { presentSchedule } from './meetings.presenter.ts';
import { findSchedule } from './meetings.queries.ts';
import type { Schedule, ScheduleInput } from './meetings.schemas.ts';
import { networkTimeZone, openTableForMeetings } from './table-meetings-access.ts';

/**
 * The coordinator sets (or replaces) a table's recurrence: rule, local start time, length and zone
 * (the network's zone when none is given). One schedule per table; each change adds one to its
 * version and is audited as `meeting.schedule_set` with the changed field names only.
 */
export async function setTableSchedule(options: { tableId: string; input: ScheduleInput }, actor: Actor, ctx: AppContext): Promise<Schedule> {
  authorize(actor, 'meetings.manageSchedule');
  const table = await openTableForMeetings(ctx, actor, options.tableId);
  const { input } = options;
  const values = {
    rrule: input.rrule,
    local_start_time: input.localStartTime,
    duration_minutes: input.durationMinutes,
    time_zone: input.timeZone ?? (await networkTimeZone(ctx, actor)),
  };
  const now = isoNow(ctx.clock);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const current = await findSchedule(trx, actor, table.id);
      if (current) {
        await trx
          .updateTable('meeting_schedules')
          .set({ ...values, version: Number(current.version) + 1, updated_by: actor.userId, updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', current.id)
          .where('version', '=', current.version)
          .execute();
      } else {
        await trx
          .insertInto('meeting_schedules')
          .values({ id: newId(), tenant_id: actor.tenantId, table_id: table.id, ...values, version: 1, updated_by: actor.userId, updated_at: now })
          .execute();
      }
      const fields = (Object.keys(values) as (keyof typeof values)[]).filter((field) => !current || String(current[field]) !== String(values[field]));
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'meeting.schedule_set',
        resource: { type: 'partner_table', id: table.id },
        details: { fields: fields.sort() },
        requestId: actor.requestId ?? null,
      });
    });
  } catch (error) {
    // Two coordinators setting the first schedule at once: the unique constraint decides.
    if (!(await findSchedule(ctx.db, actor, table.id))) throw error;
    throw new AppError('conflict');
  }
  return presentSchedule((await findSchedule(ctx.db, actor, table.id))!);
}
