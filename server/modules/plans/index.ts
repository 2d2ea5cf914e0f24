/** The plans module's public surface: a case's plan of approach and each organisation's agreements. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerAgendaAgreementSource, registerAgreementOrganisationSource } from '../meetings/index.ts';
import { casesWithOpenAgreementsAmong, organisationsWithOpenAgreementsAmong } from './plans.queries.ts';
import { registerPlanPages } from './plans.pages.tsx';
import { registerPlanRoutes } from './plans.routes.ts';
import { registerPlanJobHandlers } from './remind-overdue-agreement.ts';
export { viewPlan, planOfRead } from './view-plan.ts';
export { planOutput, type Plan } from './plans.schemas.ts';
export { listOurAgreements } from './list-our-agreements.ts';
export { viewInventory } from './view-inventory.ts';
export { sendActionPoints } from './send-action-points.ts';
export { createObjective } from './create-objective.ts';
export { createAgreement } from './create-agreement.ts';
export { updateAgreement } from './update-agreement.ts';
export { evaluateObjective } from './evaluate-objective.ts';
export { remindOverdueAgreement, registerPlanJobHandlers } from './remind-overdue-agreement.ts';
export * from './plans.vocabulary.ts';

/**
 * What the module gives the meetings module without HTTP; registered with the module, and by whoever
 * runs the meetings' use cases outside the server (the demo loader, e2e seeds).
 */
export function registerPlanSources(): void {
  // The meeting agenda starts with the cases that have open agreements: the plans module answers which.
  registerAgendaAgreementSource((sourceCtx, actor, _tableId, caseIds) => casesWithOpenAgreementsAmong(sourceCtx.db, actor.tenantId, caseIds));
  // The pre-meeting inventory asks the organisations with open agreements on the agenda's cases.
  registerAgreementOrganisationSource((sourceCtx, tenantId, caseIds) => organisationsWithOpenAgreementsAmong(sourceCtx.db, tenantId, caseIds));
}

/** Registers the module's API routes, pages and job handler (called through its manifest). */
export async function registerPlansModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerPlanJobHandlers();
  registerPlanSources();
  registerPlanRoutes(app, ctx, apiRoutes);
  registerPlanPages(app, ctx, cookies);
}
