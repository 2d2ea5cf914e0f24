import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { answerDisclosure } from './answer-disclosure.ts';
import { changeConsultForm } from './change-consult-form.ts';
import { consultFormSettingSchema } from './consult-form.schemas.ts';
import { listSignalMessages } from './list-signal-messages.ts';
import { requestDisclosure } from './request-disclosure.ts';
import { sendSignalMessage } from './send-signal-message.ts';
import { disclosureAnswerSchema, disclosureRequestSchema, signalMessageSchema } from './signal-messages.schemas.ts';
import { viewConsultForm } from './view-consult-form.ts';

const messageOutput = z.object({
  id: z.string(),
  side: z.enum(['reporter', 'coordinator']),
  kind: z.string().describe('message | advice | disclosure_request | disclosure_answer'),
  author: z.enum(['consult_point', 'you', 'reporter']).describe('Never the anonymous reporter’s name'),
  authorName: z.string().nullable().describe('For the coordinator only: the name of a known reporter who wrote the message'),
  body: z.string(),
  createdAt: z.string(),
});
const threadOutput = z.object({
  data: z.array(messageOutput),
  disclosureStatus: z.string().describe('not_asked | asked | made_known | declined'),
  abilities: z.object({ message: z.boolean(), requestDisclosure: z.boolean(), answerDisclosure: z.boolean() }),
});

/**
 * JSON API of the reply channel, making oneself known and the public consult form setting
 * (API.md "Consult point"). Thin: every rule and every audit event is in the use cases.
 */
export function registerSignalMessageRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'GET',
      url: '/api/v1/signals/:id/messages',
      summary: 'The reply channel of a signal (coordinator, or its reporter); the read is audited',
      tag: 'signals',
      response: threadOutput,
    },
    async (request) => {
      const thread = await listSignalMessages({ signalId: pathParam(request) }, requireActor(request), ctx);
      return { body: { data: thread.messages, disclosureStatus: thread.read.row.disclosure_status, abilities: thread.abilities } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/messages',
      summary: 'Write on the reply channel; the other side gets a mail that there is a message, never its content',
      tag: 'signals',
      body: signalMessageSchema,
      response: z.object({ data: z.object({ id: z.string(), createdAt: z.string() }) }),
      status: 201,
    },
    async (request) => {
      const message = await sendSignalMessage({ signalId: pathParam(request), input: request.body }, requireActor(request), ctx);
      return { status: 201, body: { data: message } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/disclosure-request',
      summary: 'The coordinator asks the reporter of an anonymous signal to make themself known',
      tag: 'signals',
      body: disclosureRequestSchema,
      response: z.object({ data: z.object({ messageId: z.string() }) }),
      status: 201,
    },
    async (request) => {
      const asked = await requestDisclosure({ signalId: pathParam(request), input: request.body }, requireActor(request), ctx);
      return { status: 201, body: { data: asked } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/disclosure',
      summary: 'The reporter answers: make_known (the coordinator sees who reported from now on) or stay_anonymous',
      tag: 'signals',
      body: disclosureAnswerSchema,
      response: z.object({ data: z.object({ decision: z.string() }) }),
    },
    async (request) => {
      const answer = await answerDisclosure({ signalId: pathParam(request), input: request.body }, requireActor(request), ctx);
      return { body: { data: answer } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/consult-form',
      summary: 'Whether the network’s public consult form is open, and its address (coordinator)',
      tag: 'signals',
      response: z.object({ data: z.object({ open: z.boolean(), path: z.string() }) }),
    },
    async (request) => ({ body: { data: await viewConsultForm(requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/consult-form',
      summary: 'Open or close the network’s public consult form (coordinator; off by default)',
      tag: 'signals',
      body: consultFormSettingSchema,
      response: z.object({ data: z.object({ open: z.boolean() }) }),
    },
    async (request) => ({ body: { data: await changeConsultForm({ input: request.body }, requireActor(request), ctx) } }),
  );
}
