import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { assertNoEmptyQueryValues, parseInput } from '../../http/validation.ts';
import { text } from '../../platform/strings.ts';
import { answerInquiry } from './answer-inquiry.ts';
import { createInquiry } from './create-inquiry.ts';
import { inquiryAnswerSchema, inquiryCreateSchema, inquiryDetailOutput, inquirySummaryOutput } from './inquiries.schemas.ts';
import { listInquiries } from './list-inquiries.ts';
import { viewInquiry } from './view-inquiry.ts';

const idOf = (params: unknown): string => String((params as Record<string, unknown>).id ?? '');

const listQuerySchema = z.strictObject({
  signalId: text().trim().min(1).max(36).optional().describe('The coordinator: only the inquiries of this signal'),
});

const createdOutput = z.object({
  id: z.string(),
  reference: z.string(),
  questions: z.number().describe('How many organisations were asked; 0 for a blind inquiry without a match (no organisation matched)'),
});

/** JSON API of network inquiries (API.md "Consult point"). */
export function registerInquiryRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  route(
    {
      method: 'POST',
      url: '/api/v1/inquiries',
      summary:
        'Start a network inquiry about the person of a signal (coordinator). named: one question per chosen organisation; blind: only organisations whose client register holds the person (none: questions = 0, nobody is told). 409 conflict when the signal is not a shared concern or its subject lacks family name or birth date; deadline defaults to +10 days; answers expire after 30 days unless the signal becomes a case',
      tag: 'inquiries',
      body: inquiryCreateSchema,
      response: createdOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'inquiries.create');
      return { status: 201, body: { data: await createInquiry({ input: parseInput(inquiryCreateSchema, request.body) }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/inquiries',
      summary:
        'Network inquiries: the coordinator every inquiry (optionally of one signal) with asked/answered counts; a professional only the inquiries put to their organisation, open first',
      tag: 'inquiries',
      query: listQuerySchema,
      response: inquirySummaryOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'inquiries.list');
      assertNoEmptyQueryValues(request.query);
      const query = parseInput(listQuerySchema, formValues(request.query));
      return { body: { data: await listInquiries(query.signalId ? { signalId: query.signalId } : {}, actor, ctx), nextCursor: null } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/inquiries/:id',
      summary:
        "One network inquiry: the coordinator sees every answer; an asked organisation's professional only its own question, with the person's minimal identity, the purpose and the legal basis; anyone else 404. Each read is audited (inquiry.viewed with its purpose)",
      tag: 'inquiries',
      response: inquiryDetailOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      return { body: { data: (await viewInquiry({ id: idOf(request.params) }, actor, ctx)).detail } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/inquiries/:id/answers',
      summary:
        "Answer the question put to your organisation (asked organisation's professional): known yes | no | declined (always allowed); with yes, guidanceRunning and a contactUserId of your organisation; an optional note for the coordinator. A later answer replaces the earlier one while the inquiry is open; 403 once it is closed or expired",
      tag: 'inquiries',
      body: inquiryAnswerSchema,
      response: inquiryDetailOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const id = idOf(request.params);
      await answerInquiry({ id, input: parseInput(inquiryAnswerSchema, request.body) }, actor, ctx);
      return { body: { data: (await viewInquiry({ id }, actor, ctx)).detail } };
    },
  );
}
