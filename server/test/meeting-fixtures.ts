import type { AppContext } from '../context.ts';
import { newId } from '../platform/ids.ts';

/*
 * Test-only shortcuts into a meeting's course that other parts of the cycle build (closing is its
 * own use case, built elsewhere): put cases on an agenda and mark a meeting closed, straight in the
 * database, so the work that follows a closed meeting can be tested on its own.
 */

/** Puts the cases on the meeting's agenda, in the given order (as if the coordinator had added them). */
export async function putOnAgendaForTest(
  ctx: AppContext,
  meeting: { tenantId: string; id: string },
  caseIds: readonly string[],
  addedBy: string,
): Promise<void> {
  let position = 1;
  for (const caseId of caseIds) {
    await ctx.db
      .insertInto('meeting_agenda_items')
      .values({
        id: newId(),
        tenant_id: meeting.tenantId,
        meeting_id: meeting.id,
        case_id: caseId,
        position: position++,
        reason: 'added',
        added_by: addedBy,
        added_at: ctx.clock.now().toISOString(),
      })
      .execute();
  }
}

/** Marks the meeting closed (minutes locked) by the given user, now. */
export async function closeMeetingForTest(ctx: AppContext, meeting: { tenantId: string; id: string }, closedBy: string): Promise<void> {
  await ctx.db
    .updateTable('meetings')
    .set({ status: 'closed', closed_at: ctx.clock.now().toISOString(), closed_by: closedBy })
    .where('tenant_id', '=', meeting.tenantId)
    .where('id', '=', meeting.id)
    .execute();
}
