import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { createSignal } from './create-signal.ts';
import { decideSignal } from './decide-signal.ts';
import { listSignals } from './list-signals.ts';
import { registerSignal } from './register-signal.ts';
import {
  signalCreateSchema,
  signalDecisionSchema,
  signalListOutput,
  signalListQuerySchema,
  signalOutput,
  signalRegisterSchema,
} from './signals.schemas.ts';
import { viewSignal } from './view-signal.ts';

const createdOutput = z.object({ id: z.string(), reference: z.string() });

/** JSON API of the consult point's signals (API.md "Consult point"). Every read of a signal is audited by its use case. */
export function registerSignalRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'POST',
      url: '/api/v1/signals',
      summary:
        'Report a signal (a professional; reporterAnonymous: nobody, the coordinator included, sees who reported). The coordinator registers one on someone’s behalf by sending `channel` (phone, mail, walk_in) with optional reporter details and reporterUserId',
      tag: 'signals',
      body: z.union([signalCreateSchema, signalRegisterSchema]),
      response: createdOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      const body = request.body;
      const onBehalf = typeof body === 'object' && body !== null && 'channel' in body;
      const created = onBehalf
        ? await registerSignal({ input: parseInput(signalRegisterSchema, body) }, actor, ctx)
        : await createSignal({ input: parseInput(signalCreateSchema, body) }, actor, ctx);
      return { status: 201, body: { data: created } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/signals',
      summary:
        'Signals: the coordinator lists every signal of the network (filters status, theme, urgency, kind; the longest waiting first), a professional their own. Never who reported, never content. limit, cursor = nextCursor',
      tag: 'signals',
      query: signalListQuerySchema,
      response: signalListOutput,
      list: true,
    },
    async (request) => {
      const query = parseInput(signalListQuerySchema, formValues(request.query));
      const page = await listSignals({ query }, requireActor(request), ctx);
      return { body: { data: page.entries, nextCursor: page.nextCursor } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/signals/:id',
      summary:
        'One signal (audited read): the coordinator sees it whole, with the reporter as anonymous or by name; the reporter sees status, their description and the disclosure status. 404 for anyone else, as for a missing id',
      tag: 'signals',
      response: signalOutput,
    },
    async (request) => {
      const { signal } = await viewSignal({ signalId: pathParam(request), part: 'api' }, requireActor(request), ctx);
      return { body: { data: signal } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/decision',
      summary:
        'The coordinator decides, with a rationale: no_concern (closes), non_shared_concern (advice to the reporter through the channel; closes), shared_concern (a concern naming the person by family name and birth date, given here as `subject` or earlier). No identity is kept after a no or non-shared concern. 409 when already decided',
      tag: 'signals',
      body: signalDecisionSchema,
      response: signalOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const signalId = pathParam(request);
      await decideSignal({ signalId, input: parseInput(signalDecisionSchema, request.body) }, actor, ctx);
      const { signal } = await viewSignal({ signalId, part: 'decision' }, actor, ctx);
      return { body: { data: signal } };
    },
  );
}
