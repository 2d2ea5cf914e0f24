import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { requireActor, type RouteRegistrar } from '../../http/api.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { consentCreateSchema, consentOutput, consentWithdrawSchema, participantAddSchema, participantOutput } from './cases.schemas.ts';
import { recordConsent, withdrawConsent } from './manage-consents.ts';
import { addParticipant, removeParticipant } from './manage-participants.ts';
import { listConsents, listParticipants } from './view-case-people.ts';

const idOutput = z.object({ id: z.string() });

/** Routes about who takes part in a case and the consents recorded for it (API.md "Cases"). */
export function registerCasePeopleRoutes(route: RouteRegistrar, ctx: AppContext): void {
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/participants',
      summary: 'Who takes part in the case (audited read)',
      tag: 'cases',
      response: participantOutput,
      list: true,
    },
    async (request) => ({ body: { data: await listParticipants({ caseId: pathParam(request) }, requireActor(request), ctx), nextCursor: null } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/participants',
      summary: 'Add a participant (coordinator): guest, care_network, or key_figure of the table',
      tag: 'cases',
      body: participantAddSchema,
      response: participantOutput,
      status: 201,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      await addParticipant({ caseId: pathParam(request), input: parseInput(participantAddSchema, request.body) }, actor, ctx);
      return { status: 201, body: { data: await listParticipants({ caseId: pathParam(request) }, actor, ctx), nextCursor: null } };
    },
  );
  route(
    {
      method: 'DELETE',
      url: '/api/v1/cases/:id/participants/:userId',
      summary: 'Remove a participant (coordinator); access ends at once',
      tag: 'cases',
      status: 204,
    },
    async (request) => {
      await removeParticipant({ caseId: pathParam(request), userId: pathParam(request, 'userId') }, requireActor(request), ctx);
      return { status: 204, body: undefined };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/consents',
      summary: 'Consents recorded for the case (audited read)',
      tag: 'cases',
      response: consentOutput,
      list: true,
    },
    async (request) => ({ body: { data: await listConsents({ caseId: pathParam(request) }, requireActor(request), ctx), nextCursor: null } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/consents',
      summary: 'Record a consent (coordinator or case owner)',
      tag: 'cases',
      body: consentCreateSchema,
      response: idOutput,
      status: 201,
    },
    async (request) => {
      const created = await recordConsent(
        { caseId: pathParam(request), input: parseInput(consentCreateSchema, request.body) },
        requireActor(request),
        ctx,
      );
      return { status: 201, body: { data: created, abilities: {} } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/consents/:consentId/withdraw',
      summary:
        'Withdraw a consent, with the day and the reason the person gave: items resting on it disappear for everyone but their author organisation',
      tag: 'cases',
      body: consentWithdrawSchema,
      status: 204,
    },
    async (request) => {
      const input = parseInput(consentWithdrawSchema, request.body);
      await withdrawConsent({ caseId: pathParam(request), consentId: pathParam(request, 'consentId'), input }, requireActor(request), ctx);
      return { status: 204, body: undefined };
    },
  );
}
