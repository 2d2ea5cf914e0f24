import { defineModule } from '../module-manifest.ts';
import { plansPolicy } from './plans.policy.ts';

/** The plans module: a case's plan of approach (objectives, agreements per partner) and "our agreements" (issue 12). */
export const plansModule = defineModule({
  name: 'plans',
  policy: plansPolicy,
  tables: ['plan_objectives', 'plan_evaluations', 'plan_agreements', 'plan_action_point_mails'],
  tenantTables: ['plan_objectives', 'plan_evaluations', 'plan_agreements', 'plan_action_point_mails'],
  auditActions: [
    'objective.created',
    'objective.evaluated',
    'objective.status_changed',
    'agreement.created',
    'agreement.status_changed',
    'agreement.reminded',
    'agreement.service_linked',
    'plan.action_points_sent',
  ],
  auditResourceTypes: ['objective', 'agreement', 'action_point_mail'],
  register: async (registration) => (await import('./index.ts')).registerPlansModule(registration),
  home: async () => (await import('./home-panels.ts')).plansHomePanels,
});
