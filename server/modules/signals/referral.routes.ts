import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { addSignalToCase } from './add-signal-to-case.ts';
import { printReferral } from './print-referral.ts';
import { referSignal } from './refer-signal.ts';
import { addToCaseSchema, referralOutput, referralSchema, signalMatchesOutput } from './referral.schemas.ts';
import { viewSignalMatches } from './view-signal-matches.ts';

/** JSON API of "already known?", the addition to a known case and the referral (API.md "Consult point"). */
export function registerReferralRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'GET',
      url: '/api/v1/signals/:id/matches',
      summary:
        'Already known? The cases of the same person (family name and birth date, through the blind index), earlier signals about them and how often they were referred before. Coordinator only; audited',
      tag: 'signals',
      response: signalMatchesOutput,
    },
    async (request) => ({ body: { data: await viewSignalMatches({ signalId: pathParam(request) }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/add-to-case',
      summary:
        "Adds a signal with a shared concern to a known case as one item (the reporter's text and the screening summary) with its audience and legal basis; can seat a reporter who made themself known as a guest. The signal becomes referred",
      tag: 'signals',
      body: addToCaseSchema,
      response: z.object({ itemId: z.string() }),
      status: 201,
    },
    async (request) => {
      const input = parseInput(addToCaseSchema, request.body);
      const added = await addSignalToCase({ signalId: pathParam(request), input, locale: request.locale }, requireActor(request), ctx);
      return { status: 201, body: { data: added } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/signals/:id/referral',
      summary:
        "Refers a signal with a shared concern to a partner table: a new case on the table chosen or, without tableId, the one that fits the person's age on the referral day (under 18: minors). 409 before a shared concern or once referred",
      tag: 'signals',
      body: referralSchema,
      response: referralOutput,
      status: 201,
    },
    async (request) => {
      const input = parseInput(referralSchema, request.body);
      const created = await referSignal({ signalId: pathParam(request), input, locale: request.locale }, requireActor(request), ctx);
      return { status: 201, body: { data: created } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/signals/:id/referral.pdf',
      summary:
        "The referral form of a referred signal as a PDF in the caller's language (pseudonym and age band, never the person nor an anonymous reporter). Coordinator only; audited",
      tag: 'signals',
    },
    async (request) => {
      const printed = await printReferral({ signalId: pathParam(request), locale: request.locale }, requireActor(request), ctx);
      return {
        body: printed.pdf,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${printed.reference}.pdf"`,
          'cache-control': 'no-store',
        },
      };
    },
  );
}
