import { defineModule } from '../module-manifest.ts';
import { inquiriesPolicy } from './inquiries.policy.ts';

/**
 * Network inquiries of the consult point: named (the coordinator chooses organisations) or blind
 * (only organisations whose client register matches the person are asked), with deadline, reminder
 * and expiry of the answers; and the organisations' client registers, kept as blind indexes only.
 */
export const inquiriesModule = defineModule({
  name: 'inquiries',
  policy: inquiriesPolicy,
  tables: ['inquiries', 'inquiry_questions', 'client_register_uploads', 'client_register_entries'],
  tenantTables: ['inquiries', 'inquiry_questions', 'client_register_uploads', 'client_register_entries'],
  auditActions: [
    'inquiry.created',
    'inquiry.listed',
    'inquiry.viewed',
    'inquiry.answered',
    'inquiry.reminded',
    'inquiry.expired',
    'client_register.replaced',
    'client_register.viewed',
  ],
  auditResourceTypes: ['inquiry', 'inquiry_question', 'client_register'],
  register: async (registration) => (await import('./index.ts')).registerInquiriesModule(registration),
  home: async () => (await import('./index.ts')).inquiriesHomePanels,
});
