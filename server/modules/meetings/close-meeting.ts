import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { scheduleJob } from '../jobs/index.ts';
import { takeCourseStep, type CourseStep } from './meeting-course.ts';
import type { Meeting } from './meetings.schemas.ts';
import { MEETING_ACTION_POINTS_JOB } from './meetings.vocabulary.ts';

const CLOSE: CourseStep = {
  policy: 'meetings.close',
  from: 'in_progress',
  to: 'closed',
  action: 'meeting.closed',
  at: 'closed_at',
  by: 'closed_by',
  // The action points go by a job that exists exactly when the meeting is closed, once (dedupe key).
  alongside: async (trx, ctx, meeting) => {
    await scheduleJob(ctx, trx, {
      tenantId: meeting.tenantId,
      kind: MEETING_ACTION_POINTS_JOB,
      payload: { meetingId: meeting.id },
      dedupeKey: meeting.id,
    });
  },
};

/**
 * The coordinator closes a running meeting: its minutes are locked from now on (later corrections
 * are the coordinator's addenda) and each organisation's action points are scheduled
 * (`meeting.action_points`, handled by the plans module). 409 unless it is in progress; audited
 * `meeting.closed`.
 */
export function closeMeeting(options: { meetingId: string; expectedVersion: number }, actor: Actor, ctx: AppContext): Promise<Meeting> {
  return takeCourseStep(CLOSE, options, actor, ctx);
}
