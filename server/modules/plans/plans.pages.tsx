import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { findAgreement } from './plans.queries.ts';
import type { Actor } from '../../access/actor.ts';
import type { FormValues } from '../../ui/view.ts';
import { createAgreement } from './create-agreement.ts';
import { createObjective } from './create-objective.ts';
import { evaluateObjective } from './evaluate-objective.ts';
import {
  agreementCreateSchema,
  agreementUpdateSchema,
  evaluationCreateSchema,
  objectiveCreateSchema,
  objectiveStatusFormSchema,
} from './plans.schemas.ts';
import { InventoryPage, OurAgreementsPage, PlanPage, type PlanFormScope } from './plans.views.tsx';
import { AppError, isAppError } from '../../platform/errors.ts';
import { changeObjectiveStatus } from './change-objective-status.ts';
import { viewInventory } from './view-inventory.ts';
import { listOurAgreements } from './list-our-agreements.ts';
import { updateAgreement } from './update-agreement.ts';
import { viewPlan } from './view-plan.ts';

/** The case page's plan tab, the status buttons of an agreement and "our agreements". */
export function registerPlanPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/cases/:id/plan', async (request, reply) => {
    const actor = requirePageActor(request);
    const plan = await viewPlan({ caseId: pathParam(request) }, actor, ctx);
    return sendPage(reply, PlanPage({ view: viewFor(request, reply, cookies), plan }));
  });

  /** A form of the coordinator on the plan tab: posted, redrawn with its errors (400), or back to the tab. */
  const planForm = (scope: PlanFormScope, fields: readonly string[], run: (caseId: string, values: FormValues, actor: Actor) => Promise<unknown>) =>
    app.post(`/cases/:id/plan/${scope}s`, async (request, reply) => {
      const actor = requirePageActor(request);
      const caseId = pathParam(request);
      const plan = await viewPlan({ caseId }, actor, ctx);
      return handleForm(
        request,
        reply,
        { ctx, cookies },
        {
          run: async (values) => {
            await run(caseId, pick(values, fields) as FormValues, actor);
            return redirectWithFlash(reply, cookies, `/cases/${caseId}/plan`, 'flash.plan_saved');
          },
          redraw: (view, values, errors) => PlanPage({ view, plan, forms: { scope, state: { values, errors } } }),
        },
      );
    });
  const withoutEmpty = (values: FormValues) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  planForm('objective', ['title', 'dueDate'], (caseId, values, actor) =>
    createObjective({ caseId, input: parseInput(objectiveCreateSchema, withoutEmpty(values)) }, actor, ctx),
  );
  planForm('evaluation', ['objectiveId', 'note', 'meetingId'], (_caseId, values, actor) => {
    const { objectiveId, ...rest } = values;
    return evaluateObjective({ objectiveId: String(objectiveId ?? ''), input: parseInput(evaluationCreateSchema, withoutEmpty(rest)) }, actor, ctx);
  });
  planForm('agreement', ['objectiveId', 'organisationId', 'description', 'dueDate', 'serviceId'], (caseId, values, actor) =>
    createAgreement({ caseId, input: parseInput(agreementCreateSchema, values) }, actor, ctx),
  );

  app.post('/agreements/:id/status', async (request, reply) => {
    const actor = requirePageActor(request);
    const agreementId = pathParam(request);
    const caseId = (await findAgreement(ctx.db, actor.tenantId, agreementId))?.case_id ?? '';
    const plan = await viewPlan({ caseId }, actor, ctx);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          await updateAgreement({ agreementId, input: parseInput(agreementUpdateSchema, pick(values, ['status', 'reason'])) }, actor, ctx);
          return redirectWithFlash(reply, cookies, `/cases/${caseId}/plan`, 'flash.agreement_updated');
        },
        redraw: (view) => PlanPage({ view, plan }),
      },
    );
  });

  // The coordinator's status form of one objective; a version changed since the tab was read is shown at the field.
  app.post('/cases/:id/plan/objectives/:objectiveId/status', async (request, reply) => {
    const actor = requirePageActor(request);
    const caseId = pathParam(request);
    const objectiveId = pathParam(request, 'objectiveId');
    const plan = await viewPlan({ caseId }, actor, ctx);
    if (!plan.objectives.some((objective) => objective.id === objectiveId)) throw new AppError('not_found');
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          const { status, version } = parseInput(objectiveStatusFormSchema, pick(values, ['status', 'version']));
          try {
            await changeObjectiveStatus({ objectiveId, status, expectedVersion: version }, actor, ctx);
          } catch (error) {
            if (isAppError(error) && error.code === 'conflict')
              throw new AppError('validation_failed', [{ path: 'status', messageKey: 'validation.plan.objective_changed' }]);
            throw error;
          }
          return redirectWithFlash(reply, cookies, `/cases/${caseId}/plan`, 'flash.plan_saved');
        },
        redraw: (view, values, errors) => PlanPage({ view, plan, statusForm: { objectiveId, state: { values, errors } } }),
      },
    );
  });

  // The pre-meeting inventory of the caller's organisation, and its agreements' status buttons there.
  app.get('/meetings/:id/inventory', async (request, reply) => {
    const actor = requirePageActor(request);
    const inventory = await viewInventory({ meetingId: pathParam(request) }, actor, ctx);
    return sendPage(reply, InventoryPage({ view: viewFor(request, reply, cookies), inventory }));
  });

  app.post('/meetings/:id/inventory/agreements/:agreementId', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const inventory = await viewInventory({ meetingId }, actor, ctx);
    const agreementId = pathParam(request, 'agreementId');
    if (!inventory.cases.some((entry) => entry.agreements.some((agreement) => agreement.id === agreementId))) throw new AppError('not_found');
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          await updateAgreement({ agreementId, input: parseInput(agreementUpdateSchema, pick(values, ['status', 'reason'])) }, actor, ctx);
          return redirectWithFlash(reply, cookies, `/meetings/${meetingId}/inventory`, 'flash.agreement_updated');
        },
        redraw: (view) => InventoryPage({ view, inventory }),
      },
    );
  });

  app.get('/agreements', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, OurAgreementsPage({ view: viewFor(request, reply, cookies), points: await listOurAgreements(actor, ctx) }));
  });
}
