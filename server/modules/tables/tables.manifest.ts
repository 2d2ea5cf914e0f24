import { defineModule } from '../module-manifest.ts';
import { tablesPolicy } from './tables.policy.ts';

/** The tables module: partner tables, their members and their governance history. */
export const tablesModule = defineModule({
  name: 'tables',
  policy: tablesPolicy,
  tables: ['partner_tables', 'table_members', 'partner_table_revisions'],
  tenantTables: ['partner_tables', 'table_members', 'partner_table_revisions'],
  auditActions: ['table.created', 'table.updated', 'table.member_added', 'table.member_removed'],
  auditResourceTypes: ['partner_table'],
  register: async (registration) => (await import('./index.ts')).registerTablesModule(registration),
});
