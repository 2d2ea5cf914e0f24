/** The meetings module's public surface: a partner table's schedule and meetings. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerMeetingPages } from './meetings.pages.tsx';
import { registerMeetingRoutes } from './meetings.routes.ts';
import { registerCalendarFeedPages } from './calendar-feed.pages.tsx';
import { registerCalendarFeedRoutes } from './calendar-feed.routes.ts';
import { registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';
import { registerMeetingCancellationJobHandler } from './send-meeting-cancellations.ts';
import { registerMeetingPassageSource } from '../cases/index.ts';
import { meetingPassage } from './meeting-passage.ts';
import { registerInventoryRoutes } from './inventory.routes.ts';
import { registerInventoryPages } from './inventory.pages.ts';
import { registerMeetingInventoryJobHandler } from './request-meeting-inventory.ts';
export { proposeMeetings, instantOfWallClock, wallClockText, type ScheduleRule, type ProposedMeeting } from './meeting-times.ts';
export { planMeeting } from './plan-meeting.ts';
export { rescheduleMeeting } from './reschedule-meeting.ts';
export { cancelMeeting } from './cancel-meeting.ts';
export { MEETING_CANCELLATIONS_JOB, sendMeetingCancellations, registerMeetingCancellationJobHandler } from './send-meeting-cancellations.ts';
export { setTableSchedule } from './set-table-schedule.ts';
export { viewMeeting } from './view-meeting.ts';
export { listTableMeetings } from './list-table-meetings.ts';
export { createCalendarFeed } from './create-calendar-feed.ts';
export { revokeCalendarFeed } from './revoke-calendar-feed.ts';
export { readCalendarFeed } from './read-calendar-feed.ts';
export { MEETING_INVITATIONS_JOB, sendMeetingInvitations, registerMeetingInvitationJobHandler } from './send-meeting-invitations.ts';
export { MEETING_KINDS, MEETING_STATUSES, MEETING_ACTION_POINTS_JOB, type MeetingKind, type MeetingStatus } from './meetings.vocabulary.ts';
export type { Meeting, Schedule, Proposal } from './meetings.schemas.ts';
// Attestation, agenda and attendance: the gate other parts of the cycle pass before they show case content.
export { requireAttestation, openMeetingForActor, hasAttested, type OpenedMeeting } from './attestation-gate.ts';
export { attestMeeting, type Attestation } from './attest-meeting.ts';
export { buildMeetingAgenda } from './build-meeting-agenda.ts';
export { attestationStatement } from './attestation-statement.ts';
export { startMeeting } from './start-meeting.ts';
export { closeMeeting } from './close-meeting.ts';
export { viewMeetingAgenda } from './view-meeting-agenda.ts';
export { registerAgendaAgreementSource, type AgendaAgreementSource } from './agenda-agreement-source.ts';
export { listMeetingAttendance, type AttendanceEntry } from './list-meeting-attendance.ts';
export { recordAttendance } from './record-attendance.ts';
export type { Agenda, AgendaItem } from './agenda-building.ts';
export { meetingForSystem, type MeetingForSystem } from './meeting-for-system.ts';
export { ATTENDANCE_STATUSES, type AttendanceStatus } from './attendance.vocabulary.ts';
// The pre-meeting inventory: one task per organisation with a case on the agenda (the plans module draws it).
export { registerAgreementOrganisationSource, type AgreementOrganisationSource } from './agenda-agreement-source.ts';
export {
  MEETING_INVENTORY_JOB,
  INVENTORY_LEAD_DAYS,
  requestMeetingInventory,
  registerMeetingInventoryJobHandler,
} from './request-meeting-inventory.ts';
export { viewMeetingInventory, markMeetingInventoryDone, openInventoriesOf, type MeetingInventory } from './meeting-inventory.ts';
export type { InventoryCase } from './inventory-organisations.ts';
export { MeetingPage, formatMeetingTime } from './meetings.views.tsx';
export { meetingStarts, meetingDiscussesCase, meetingsDiscussingCase } from './meetings-for-plans.ts';

/**
 * What the module gives other modules without HTTP (the cases door's meeting passage); registered with
 * the module, and by whoever runs its use cases outside the server (the demo loader, e2e seeds).
 */
export function registerMeetingSources(): void {
  registerMeetingPassageSource(meetingPassage);
}

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerMeetingsModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerMeetingRoutes(app, ctx, apiRoutes);
  registerMeetingPages(app, ctx, cookies);
  registerCalendarFeedRoutes(app, ctx, apiRoutes);
  registerCalendarFeedPages(app, ctx, cookies);
  registerMeetingInvitationJobHandler();
  registerInventoryRoutes(app, ctx, apiRoutes);
  registerInventoryPages(app, ctx, cookies);
  registerMeetingInventoryJobHandler();
  registerMeetingCancellationJobHandler();
  // The cases door asks this when a case is read through a meeting (briefing, minutes).
  registerMeetingPassageSource(meetingPassage);
}
