import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { versionFromIfMatch } from '../../http/if-match.ts';
import { formValues } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { changeObjectiveStatus } from './change-objective-status.ts';
import { createAgreement } from './create-agreement.ts';
import { createObjective } from './create-objective.ts';
import { evaluateObjective } from './evaluate-objective.ts';
import { listOurAgreements } from './list-our-agreements.ts';
import {
  actionPointOutput,
  actionPointsQuerySchema,
  agreementCreateSchema,
  agreementUpdateSchema,
  evaluationCreateSchema,
  inventoryOutput,
  objectiveCreateSchema,
  objectiveStatusSchema,
  planOutput,
} from './plans.schemas.ts';
import { updateAgreement } from './update-agreement.ts';
import { viewInventory } from './view-inventory.ts';
import { viewPlan } from './view-plan.ts';

/**
 * JSON API of a case's plan of approach and of "our agreements". A case the caller does not see,
 * and an objective or agreement of such a case, answers 404 like a missing id.
 */
export function registerPlanRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/plan',
      summary: 'The case’s plan of approach: objectives and agreements (whoever sees the case); audited',
      tag: 'plans',
      response: planOutput,
    },
    async (request) => ({ body: { data: await viewPlan({ caseId: pathParam(request) }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/objectives',
      summary: 'Add an objective to the plan (coordinator); audited',
      tag: 'plans',
      body: objectiveCreateSchema,
      status: 201,
    },
    async (request) => {
      const input = parseInput(objectiveCreateSchema, request.body);
      return { body: { data: await createObjective({ caseId: pathParam(request), input }, requireActor(request), ctx) } };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/objectives/:id',
      summary: 'Mark an objective open, achieved or dropped (coordinator); optional header If-Match: "<version>" (409 conflict when stale); audited',
      tag: 'plans',
      body: objectiveStatusSchema,
    },
    async (request) => {
      const { status } = parseInput(objectiveStatusSchema, request.body);
      const expectedVersion = versionFromIfMatch(request, false);
      await changeObjectiveStatus({ objectiveId: pathParam(request), status, expectedVersion }, requireActor(request), ctx);
      return { body: { data: { id: pathParam(request), status } } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/objectives/:id/evaluations',
      summary: 'Record a dated evaluation note on an objective (coordinator); audited',
      tag: 'plans',
      body: evaluationCreateSchema,
      status: 201,
    },
    async (request) => {
      const input = parseInput(evaluationCreateSchema, request.body);
      return { body: { data: await evaluateObjective({ objectiveId: pathParam(request), input }, requireActor(request), ctx) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/agreements',
      summary: 'Add an agreement of a partner organisation (coordinator); schedules its overdue reminder; audited',
      tag: 'plans',
      body: agreementCreateSchema,
      status: 201,
    },
    async (request) => {
      const input = parseInput(agreementCreateSchema, request.body);
      return { body: { data: await createAgreement({ caseId: pathParam(request), input }, requireActor(request), ctx) } };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/agreements/:id',
      summary: 'Mark an agreement done, not done (with reason) or open (coordinator, or the responsible organisation); audited',
      tag: 'plans',
      body: agreementUpdateSchema,
    },
    async (request) => {
      const input = parseInput(agreementUpdateSchema, request.body);
      await updateAgreement({ agreementId: pathParam(request), input }, requireActor(request), ctx);
      return { body: { data: { id: pathParam(request), ...input } } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/action-points',
      summary: 'The open agreements of the caller’s organisation across the cases it sees (professional); each case read audited',
      tag: 'plans',
      query: actionPointsQuerySchema,
      response: actionPointOutput,
      list: true,
    },
    async (request) => {
      parseInput(actionPointsQuerySchema, formValues(request.query));
      return { body: { data: await listOurAgreements(requireActor(request), ctx), nextCursor: null } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/meetings/:id/inventory',
      summary:
        'The pre-meeting inventory of the caller’s organisation: its agenda cases and its open agreements on them (after the meeting’s attestation; 404 without a case of the organisation on the agenda); each case read audited',
      tag: 'plans',
      response: inventoryOutput,
    },
    async (request) => ({ body: { data: await viewInventory({ meetingId: pathParam(request) }, requireActor(request), ctx) } }),
  );
}
