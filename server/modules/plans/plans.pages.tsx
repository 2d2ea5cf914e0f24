import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { findAgreement } from './plans.queries.ts';
import { agreementUpdateSchema } from './plans.schemas.ts';
import { OurAgreementsPage, PlanPage } from './plans.views.tsx';
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

  app.post('/agreements/:id/status', async (request, reply) => {
    const actor = requirePageActor(request);
    const agreementId = pathParam(request);
    const caseId = (await findAgreement(ctx.db, actor.tenantId, agreementId))?.case_id ?? '';
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          await updateAgreement({ agreementId, input: parseInput(agreementUpdateSchema, pick(values, ['status', 'reason'])) }, actor, ctx);
          return redirectWithFlash(reply, cookies, `/cases/${caseId}/plan`, 'flash.agreement_updated');
        },
        redraw: async (view) => PlanPage({ view, plan: await viewPlan({ caseId }, actor, ctx) }),
      },
    );
  });

  app.get('/agreements', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, OurAgreementsPage({ view: viewFor(request, reply, cookies), points: await listOurAgreements(actor, ctx) }));
  });
}
