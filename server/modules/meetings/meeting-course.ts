import type { Transaction } from 'kysely';
import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { openMeetingForActor } from './attestation-gate.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting } from './meetings.queries.ts';
import type { Meeting } from './meetings.schemas.ts';
import type { MeetingStatus } from './meetings.vocabulary.ts';
import { networkTimeZone } from './table-meetings-access.ts';

/** One step of a meeting's course: from which status to which, who may take it, what it records. */
export interface CourseStep {
  readonly policy: 'meetings.start' | 'meetings.close';
  readonly from: MeetingStatus;
  readonly to: MeetingStatus;
  readonly action: 'meeting.started' | 'meeting.closed';
  /** The columns that say when and by whom. */
  readonly at: 'started_at' | 'closed_at';
  readonly by: 'started_by' | 'closed_by';
  /** What else happens in the same transaction (closing schedules the action points). */
  readonly alongside?: (trx: Transaction<Database>, ctx: AppContext, meeting: { tenantId: string; id: string }) => Promise<void>;
}

/**
 * Moves a meeting one step along its course against the version the caller read (`If-Match`): 404
 * for who does not see the meeting, 403 (audited) for who may not take the step, 409 `conflict` when
 * the meeting is not in the step's starting status or the version moved on. The update is a
 * compare-and-set on status and version, so of two parallel clicks exactly one wins.
 */
export async function takeCourseStep(
  step: CourseStep,
  options: { meetingId: string; expectedVersion: number },
  actor: Actor,
  ctx: AppContext,
): Promise<Meeting> {
  const opened = await openMeetingForActor(ctx, actor, options.meetingId);
  authorize(actor, step.policy, opened.table.facts);
  const { row } = opened;
  if (row.status !== step.from || Number(row.version) !== options.expectedVersion) throw new AppError('conflict');
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('meetings')
      .set({ status: step.to, [step.at]: now, [step.by]: actor.userId, version: options.expectedVersion + 1 })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', row.id)
      .where('status', '=', step.from)
      .where('version', '=', options.expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await step.alongside?.(trx, ctx, { tenantId: actor.tenantId, id: row.id });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: step.action,
      resource: { type: 'meeting', id: row.id },
      purpose: 'meeting',
      details: { from: step.from, to: step.to, version: options.expectedVersion + 1 },
      requestId: actor.requestId ?? null,
    });
  });
  return presentMeeting((await findMeeting(ctx.db, actor, row.id))!, opened.table.name, await networkTimeZone(ctx, actor));
}
