import { defineModule } from '../module-manifest.ts';
import { meetingsPolicy } from './meetings.policy.ts';

/** The meetings module: a partner table's schedule and its meetings (issue 12, the monthly cycle). */
export const meetingsModule = defineModule({
  name: 'meetings',
  policy: meetingsPolicy,
  tables: ['meeting_schedules', 'meetings'],
  tenantTables: ['meeting_schedules', 'meetings'],
  auditActions: ['meeting.created', 'meeting.viewed', 'meeting.schedule_set'],
  auditResourceTypes: ['meeting'],
  register: async (registration) => (await import('./index.ts')).registerMeetingsModule(registration),
});
