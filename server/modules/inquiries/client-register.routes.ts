import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError } from '../../platform/errors.ts';
import {
  CLIENT_REGISTER_MAX_BYTES,
  CLIENT_REGISTER_MAX_ROWS,
  clientRegisterOutput,
  clientRegisterSchema,
  clientRegisterSummaryOutput,
  personsFromCsv,
} from './client-register.schemas.ts';
import { replaceClientRegister } from './replace-client-register.ts';
import { viewClientRegister } from './view-client-register.ts';

/**
 * The client register API (API.md "Consult point"): a professional replaces their organisation's
 * register with JSON or a CSV file, and reads its summary. The `text/csv` parser lives in a plugin
 * scope of its own, so no other route of the app accepts CSV bodies.
 */
export async function registerClientRegisterRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): Promise<void> {
  // Awaited: the scope loads now, so its routes are in the registry when the OpenAPI document is built.
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CLIENT_REGISTER_MAX_BYTES }, (_request, body, done) => done(null, body));
    const route = apiRoute.bind(null, scope, registry);
    route(
      {
        method: 'PUT',
        url: '/api/v1/client-register',
        summary: `Replace your organisation's client register (professional): JSON {persons:[{familyName, birthDate}]} or text/csv with the header familyName,birthDate (comma or semicolon; at most ${CLIENT_REGISTER_MAX_ROWS} rows, 1 MiB). Every row is checked first: one bad row is a 400 naming it (persons.<n>.<field>, n counting data rows from 0) and nothing changes. Only a blind index of each person is kept; duplicates collapse; an empty list clears the register`,
        tag: 'inquiries',
        body: clientRegisterSchema,
        response: clientRegisterOutput,
      },
      async (request) => {
        const actor = requireActor(request);
        authorize(actor, 'clientRegister.replace');
        const body = typeof request.body === 'string' ? personsFromCsv(request.body) : request.body;
        if (body === undefined || body === null) throw new AppError('validation_failed', [{ path: 'persons', messageKey: 'validation.required' }]);
        const data = await replaceClientRegister({ input: parseInput(clientRegisterSchema, body) }, actor, ctx);
        return { body: { data } };
      },
    );
    route(
      {
        method: 'GET',
        url: '/api/v1/client-register',
        summary: "How many people your organisation's client register holds and when it was last replaced (professional); never the entries",
        tag: 'inquiries',
        response: clientRegisterSummaryOutput,
      },
      async (request) => {
        const actor = requireActor(request);
        authorize(actor, 'clientRegister.viewSummary');
        return { body: { data: await viewClientRegister(actor, ctx) } };
      },
    );
  });
}
