import { defineModule } from '../module-manifest.ts';
import { signalsPolicy } from './signals.policy.ts';

/**
 * The consult point's signals: a professional's concern or consult question (anonymous if they
 * wish), the reply channel, the reporter's choice to make themself known, the coordinator's
 * decision, "already known?", the referral to a partner table and the public consult form.
 */
export const signalsModule = defineModule({
  name: 'signals',
  policy: signalsPolicy,
  tables: ['signal_sequences', 'signals', 'signal_messages'],
  tenantTables: ['signal_sequences', 'signals', 'signal_messages'],
  auditActions: [
    'signal.created',
    'signal.listed',
    'signal.viewed',
    'signal.message_sent',
    'signal.disclosure_requested',
    'signal.disclosure_answered',
    'signal.decided',
    'signal.matches_viewed',
    'signal.added_to_case',
    'signal.referred',
    'signal.referral_printed',
    'signal.public_question_asked',
    'signal.public_reply_read',
    'signal.consult_form_changed',
  ],
  auditResourceTypes: ['signal', 'signal_message', 'consult_form'],
  register: async (registration) => (await import('./index.ts')).registerSignalsModule(registration),
  home: async () => (await import('./index.ts')).signalsHomePanels,
});
