import { defineModule } from '../module-manifest.ts';
import { casesPolicy } from './cases.policy.ts';

/** The cases module: cases, participants, information items, consents, identity, timeline, field keys. */
export const casesModule = defineModule({
  name: 'cases',
  policy: casesPolicy,
  tables: ['tenant_keys', 'case_sequences', 'cases', 'case_persons', 'case_participants', 'case_consents', 'case_items', 'case_events'],
  tenantTables: ['tenant_keys', 'case_sequences', 'cases', 'case_persons', 'case_participants', 'case_consents', 'case_items', 'case_events'],
  auditActions: [
    'case.created',
    'case.updated',
    'case.viewed',
    'case.listed',
    'case.searched',
    'case.items_viewed',
    'case.timeline_viewed',
    'case.participant_added',
    'case.participant_removed',
    'case.item_added',
    'case.consent_recorded',
    'case.consent_withdrawn',
    'case.disclosure_raised',
    'case.closed',
    'case.reopened',
    'keys.rotated',
  ],
  auditResourceTypes: ['case', 'case_item', 'case_consent', 'case_participant', 'tenant_key'],
  register: async (registration) => (await import('./index.ts')).registerCasesModule(registration),
});
