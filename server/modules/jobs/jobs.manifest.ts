import { defineModule } from '../module-manifest.ts';

/**
 * Scheduled work: the `jobs` table, `scheduleJob` (inside a use case's transaction) and the runner
 * that leases due jobs and hands them to the handler registered for their kind. No routes, no
 * policy of its own: the module that schedules a job decides who may cause it.
 */
export const jobsModule = defineModule({
  name: 'jobs',
  policy: {},
  tables: ['jobs'],
  tenantTables: ['jobs'],
  auditActions: [],
  auditResourceTypes: [],
  register: async () => {},
});
