/** The plans module's public surface: a case's plan of approach and each organisation's agreements. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerAgendaAgreementSource } from '../meetings/index.ts';
import { casesWithOpenAgreementsAmong } from './plans.queries.ts';
import { registerPlanPages } from './plans.pages.tsx';
import { registerPlanRoutes } from './plans.routes.ts';
import { registerPlanJobHandlers } from './remind-overdue-agreement.ts';
export { viewPlan } from './view-plan.ts';
export { listOurAgreements } from './list-our-agreements.ts';
export { sendActionPoints } from './send-action-points.ts';
export { remindOverdueAgreement, registerPlanJobHandlers } from './remind-overdue-agreement.ts';
export * from './plans.vocabulary.ts';

/** Registers the module's API routes, pages and job handler (called through its manifest). */
export async function registerPlansModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerPlanJobHandlers();
  // The meeting agenda starts with the cases that have open agreements: the plans module answers which.
  registerAgendaAgreementSource((sourceCtx, actor, _tableId, caseIds) => casesWithOpenAgreementsAmong(sourceCtx.db, actor.tenantId, caseIds));
  registerPlanRoutes(app, ctx, apiRoutes);
  registerPlanPages(app, ctx, cookies);
}
