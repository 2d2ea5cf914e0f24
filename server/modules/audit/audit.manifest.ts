import { defineModule } from '../module-manifest.ts';
import { auditPolicy } from './audit.policy.ts';

/** The audit module: the HMAC-chained trail, denials, the DPO's trail, access report and person lookup. */
export const auditModule = defineModule({
  name: 'audit',
  policy: { audit: auditPolicy.events },
  tables: ['audit_segments', 'audit_events', 'denial_counters'],
  // audit_segments (the chain heads, keyed by chain: a tenant id or installation) is written by the audit log only.
  tenantTables: ['audit_events'],
  auditActions: [
    'access.denied',
    'access.denied_aggregated',
    'audit.viewed',
    'audit.access_report_viewed',
    'audit.staff_names_revealed',
    'audit.person_looked_up',
  ],
  auditResourceTypes: ['route', 'audit_trail', 'access_report'],
  register: async (registration) => (await import('./index.ts')).registerAuditModule(registration),
});
