import { defineModule } from '../module-manifest.ts';
import { feedbackPolicy } from './feedback.policy.ts';

/** The feedback module: the feedback form to the police, approved by every attendee present (issue 12). */
export const feedbackModule = defineModule({
  name: 'feedback',
  policy: feedbackPolicy,
  tables: ['feedback_forms', 'feedback_approvals'],
  tenantTables: ['feedback_forms', 'feedback_approvals'],
  auditActions: ['feedback.drafted', 'feedback.changed', 'feedback.approved', 'feedback.refused', 'feedback.sent', 'feedback.viewed'],
  auditResourceTypes: ['feedback_form'],
  register: async (registration) => (await import('./index.ts')).registerFeedbackModule(registration),
});
