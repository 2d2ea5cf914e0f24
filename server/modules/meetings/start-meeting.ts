import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { takeCourseStep, type CourseStep } from './meeting-course.ts';
import type { Meeting } from './meetings.schemas.ts';

const START: CourseStep = {
  policy: 'meetings.start',
  from: 'planned',
  to: 'in_progress',
  action: 'meeting.started',
  at: 'started_at',
  by: 'started_by',
};

/**
 * The coordinator or the table's minute taker starts a planned meeting: from now on its minutes are
 * taken (the cases door opens the agenda's cases to the minute taker). 409 unless it is planned;
 * audited `meeting.started`.
 */
export function startMeeting(options: { meetingId: string; expectedVersion: number }, actor: Actor, ctx: AppContext): Promise<Meeting> {
  return takeCourseStep(START, options, actor, ctx);
}
