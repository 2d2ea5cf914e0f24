import { defineModule } from '../module-manifest.ts';
import { tablesPolicy } from './tables.policy.ts';

/** The tables module: partner tables, their members and their governance history. */
export const tablesModule = defineModule({
  name: 'tables',
  policy: tablesPolicy,
  tables: ['partner_tables', 'table_members', 'partner_table_revisions', 'table_modality_confirmations'],
  tenantTables: ['partner_tables', 'table_members', 'partner_table_revisions', 'table_modality_confirmations'],
  auditActions: ['table.created', 'table.updated', 'table.member_added', 'table.member_removed', 'table.modalities_confirmed'],
  auditResourceTypes: ['partner_table'],
  register: async (registration) => (await import('./index.ts')).registerTablesModule(registration),
  home: async () => (await import('./home-panels.ts')).tablesHomePanels,
});
