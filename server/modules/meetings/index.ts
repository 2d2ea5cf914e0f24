/** The meetings module's public surface: a partner table's schedule and meetings. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerMeetingPages } from './meetings.pages.tsx';
import { registerMeetingRoutes } from './meetings.routes.ts';
import { registerCalendarFeedPages } from './calendar-feed.pages.tsx';
import { registerCalendarFeedRoutes } from './calendar-feed.routes.ts';
import { registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';
export { proposeMeetings, instantOfWallClock, wallClockText, type ScheduleRule, type ProposedMeeting } from './meeting-times.ts';
export { planMeeting } from './plan-meeting.ts';
export { setTableSchedule } from './set-table-schedule.ts';
export { viewMeeting } from './view-meeting.ts';
export { listTableMeetings } from './list-table-meetings.ts';
export { createCalendarFeed } from './create-calendar-feed.ts';
export { revokeCalendarFeed } from './revoke-calendar-feed.ts';
export { readCalendarFeed } from './read-calendar-feed.ts';
export { MEETING_INVITATIONS_JOB, sendMeetingInvitations, registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';
export { MEETING_KINDS, MEETING_STATUSES, type MeetingKind, type MeetingStatus } from './meetings.vocabulary.ts';
export type { Meeting, Schedule, Proposal } from './meetings.schemas.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerMeetingsModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerMeetingRoutes(app, ctx, apiRoutes);
  registerMeetingPages(app, ctx, cookies);
  registerCalendarFeedRoutes(app, ctx, apiRoutes);
  registerCalendarFeedPages(app, ctx, cookies);
  registerMeetingInvitationJobHandler();
}
