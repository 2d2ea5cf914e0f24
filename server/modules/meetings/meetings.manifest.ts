import { defineModule } from '../module-manifest.ts';
import { meetingsPolicy } from './meetings.policy.ts';

/** The meetings module: a partner table's schedule and its meetings (issue 12, the monthly cycle). */
export const meetingsModule = defineModule({
  name: 'meetings',
  policy: meetingsPolicy,
  tables: [
    'meeting_schedules',
    'meetings',
    'meeting_invitations',
    'calendar_feeds',
    'meeting_attestations',
    'meeting_agenda_items',
    'meeting_attendance',
  ],
  tenantTables: [
    'meeting_schedules',
    'meetings',
    'meeting_invitations',
    'calendar_feeds',
    'meeting_attestations',
    'meeting_agenda_items',
    'meeting_attendance',
  ],
  auditActions: [
    'meeting.created',
    'meeting.viewed',
    'meeting.schedule_set',
    'meeting.invitations_sent',
    'calendar_feed.created',
    'calendar_feed.revoked',
    'meeting.attested',
    'meeting.agenda_built',
    'meeting.agenda_viewed',
    'meeting.agenda_changed',
    'meeting.attendance_recorded',
    'meeting.rescheduled',
    'meeting.cancelled',
    'meeting.cancellations_sent',
  ],
  auditResourceTypes: ['meeting', 'calendar_feed'],
  register: async (registration) => (await import('./index.ts')).registerMeetingsModule(registration),
});
