import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { pathParam } from '../../http/route-config.ts';
import { authorize } from '../../access/authorize.ts';
import { AppError } from '../../platform/errors.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { addItem } from './add-item.ts';
import { registerCasePeopleRoutes } from './case-people.routes.ts';
import {
  caseCloseSchema,
  caseMoveSchema,
  handoverKeepSchema,
  caseCreateSchema,
  caseListOutput,
  caseListQuerySchema,
  casePersonSearchSchema,
  itemListQuerySchema,
  caseOutput,
  casePatchSchema,
  caseReopenSchema,
  disclosureRaiseSchema,
  itemCreateSchema,
  itemOutput,
  timelineEntryOutput,
} from './cases.schemas.ts';
import { closeCase, raiseDisclosure, reopenCase } from './change-case-state.ts';
import { keepCaseAtTable, moveCase } from './move-case.ts';
import { createCase } from './create-case.ts';
import { listCases } from './list-cases.ts';
import { listItems } from './list-items.ts';
import { updateCase } from './update-case.ts';
import { viewCase } from './view-case.ts';
import { viewTimeline } from './view-timeline.ts';

/**
 * The version named by `If-Match` (`3`, `"3"` or `W/"3"`). Required where API.md asks for it; a
 * missing or malformed header is a validation error, a stale one a 409 from the use case.
 */
export function expectedVersionOf(request: FastifyRequest, required: boolean): number | null {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    if (required) throw new AppError('validation_failed', [{ path: 'If-Match', messageKey: 'validation.case.if_match_required' }]);
    return null;
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match) throw new AppError('validation_failed', [{ path: 'If-Match', messageKey: 'validation.case.if_match_required' }]);
  return Number(match[1]);
}

const idOutput = z.object({ id: z.string() });
const createdCaseOutput = z.object({ id: z.string(), reference: z.string() });

/** JSON API of the case module (API.md "Cases"). Every read of case content is audited by its use case. */
export function registerCaseRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const caseAnswer = async (request: FastifyRequest, caseId: string) => {
    const view = await viewCase({ caseId }, requireActor(request), ctx);
    return { body: { data: view.data, abilities: view.abilities } };
  };

  route(
    {
      method: 'GET',
      url: '/api/v1/cases',
      summary:
        'Cases the caller may see, 50 per page (limit, cursor = nextCursor); filters status, tableId, theme, q (reference). A person is searched with POST /api/v1/cases/search, never in a URL',
      tag: 'cases',
      query: caseListQuerySchema,
      response: caseListOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      const filters = parseInput(caseListQuerySchema, formValues(request.query));
      const page = await listCases({ filters }, actor, ctx);
      return { body: { data: page.entries, nextCursor: page.nextCursor } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/search',
      summary:
        'The coordinator finds the cases of a person: familyName + birthDate in the body (exact, through the blind index; audited without the name), with the list filters',
      tag: 'cases',
      body: casePersonSearchSchema,
      response: caseListOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'cases.searchByName');
      const filters = parseInput(casePersonSearchSchema, request.body);
      const page = await listCases({ filters }, actor, ctx);
      return { body: { data: page.entries, nextCursor: page.nextCursor } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases',
      summary:
        "Open a case on a partner table (coordinator). 400 validation_failed for a birth date in the future or more than 120 years ago, and for a subject's age on the referral date that does not fit the table's audience without ageExceptionReason; 409 possible_duplicate (with `matches`) when a case of the same person (family name + birth date, blind index) exists, unless confirmDuplicate is true",
      tag: 'cases',
      body: caseCreateSchema,
      response: createdCaseOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const created = await createCase({ input: parseInput(caseCreateSchema, request.body) }, actor, ctx);
      const view = await viewCase({ caseId: created.id }, actor, ctx);
      return { status: 201, body: { data: view.data, abilities: view.abilities } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id',
      summary: 'One case; identity fields only for those who may see them (audited read)',
      tag: 'cases',
      response: caseOutput,
    },
    (request) => caseAnswer(request, pathParam(request)),
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/cases/:id',
      summary: 'Change a case (coordinator); header If-Match: <version>, 409 when stale',
      tag: 'cases',
      body: casePatchSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = expectedVersionOf(request, true)!;
      await updateCase({ caseId: pathParam(request), expectedVersion, input: parseInput(casePatchSchema, request.body) }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/items',
      summary:
        "Add an information item with its audience, legal basis and classes; a legal basis that does not hold for the author's organisation (sector, secrecy regime, signed protocol) and this audience is refused with 400 on legalBasis and the reason (docs/legal-bases.md)",
      tag: 'cases',
      body: itemCreateSchema,
      response: idOutput,
      status: 201,
    },
    async (request) => {
      const created = await addItem({ caseId: pathParam(request), input: parseInput(itemCreateSchema, request.body) }, requireActor(request), ctx);
      return { status: 201, body: { data: created, abilities: {} } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/items',
      summary: 'Items the caller may read, oldest first, 100 per page (limit, cursor = nextCursor); audited read',
      tag: 'cases',
      query: itemListQuerySchema,
      response: itemOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      const page = parseInput(itemListQuerySchema, formValues(request.query));
      return { body: await listItems({ caseId: pathParam(request), ...page }, actor, ctx) };
    },
  );
  registerCasePeopleRoutes(route, ctx);
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/disclosure',
      summary: 'Raise the identity disclosure level with a rationale (coordinator); optional If-Match',
      tag: 'cases',
      body: disclosureRaiseSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(disclosureRaiseSchema, request.body);
      await raiseDisclosure({ caseId: pathParam(request), input, expectedVersion: expectedVersionOf(request, false) }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/close',
      summary: 'Close a case with an outcome and a rationale (coordinator); optional If-Match',
      tag: 'cases',
      body: caseCloseSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(caseCloseSchema, request.body);
      await closeCase({ caseId: pathParam(request), input, expectedVersion: expectedVersionOf(request, false) }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/reopen',
      summary: 'Reopen a closed case with a reason (coordinator)',
      tag: 'cases',
      body: caseReopenSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(caseReopenSchema, request.body);
      await reopenCase({ caseId: pathParam(request), input, expectedVersion: expectedVersionOf(request, false) }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/move',
      summary:
        "Move an open case to another partner table of the network (coordinator); header If-Match required; reference and history stay; a table whose audience does not fit the subject's age needs a reason; resolves an open age hand-over task as moved",
      tag: 'cases',
      body: caseMoveSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = expectedVersionOf(request, true);
      const input = parseInput(caseMoveSchema, request.body);
      await moveCase({ caseId: pathParam(request), input, expectedVersion }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/handover/keep',
      summary: "Keep a case at its minors table after the subject's 18th birthday, with a reason (coordinator); 409 without an open hand-over task",
      tag: 'cases',
      body: handoverKeepSchema,
      response: caseOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const input = parseInput(handoverKeepSchema, request.body);
      await keepCaseAtTable({ caseId: pathParam(request), input }, actor, ctx);
      return caseAnswer(request, pathParam(request));
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/timeline',
      summary: 'The case history the caller may see (audited read)',
      tag: 'cases',
      response: timelineEntryOutput,
      list: true,
    },
    async (request) => ({ body: { data: await viewTimeline({ caseId: pathParam(request) }, requireActor(request), ctx), nextCursor: null } }),
  );
}
