import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { AppError } from '../platform/errors.ts';
import type { ApiRouteDescription } from './openapi.ts';

/** The signed-in actor of an API request, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

/** Registers a JSON route and records it for the OpenAPI description. */
/** `apiRoute` bound to one app and registry: how a module's route files register their routes. */
export type RouteRegistrar = (
  description: ApiRouteDescription,
  handler: (request: FastifyRequest) => Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>,
) => void;

export function apiRoute(
  app: FastifyInstance,
  registry: ApiRouteDescription[],
  description: ApiRouteDescription,
  handler: (request: FastifyRequest) => Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>,
): void {
  registry.push(description);
  app.route({
    method: description.method,
    url: description.url,
    config: { recentSignIn: description.recentSignIn === true },
    ...(description.bodyLimit ? { bodyLimit: description.bodyLimit } : {}),
    handler: async (request, reply) => {
      const { status, body, headers } = await handler(request);
      if (headers) void reply.headers(headers);
      return reply.status(status ?? description.status ?? 200).send(body);
    },
  });
}
