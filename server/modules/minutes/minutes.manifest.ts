import { defineModule } from '../module-manifest.ts';
import { minutesPolicy } from './minutes.policy.ts';

/** The minutes module: meeting mode (a case as a meeting opens it), notes, decisions, addenda, the minutes (issue 12). */
export const minutesModule = defineModule({
  name: 'minutes',
  policy: minutesPolicy,
  tables: ['meeting_minute_entries'],
  tenantTables: ['meeting_minute_entries'],
  auditActions: ['minutes.note_added', 'minutes.decision_added', 'minutes.viewed'],
  auditResourceTypes: ['minute_entry'],
  register: async (registration) => (await import('./index.ts')).registerMinutesModule(registration),
});
