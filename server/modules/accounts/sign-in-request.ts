import type { FastifyRequest } from 'fastify';

/** What every sign-in step takes from the HTTP request: which request, which browser, and the session it replaces. */
export function signInRequestOf(request: FastifyRequest, sessionCookie: string) {
  return { requestId: request.id, userAgent: request.headers['user-agent'], previousSessionId: request.cookies[sessionCookie] };
}

/** The issuer an authenticator app shows beside the code: the product and the network. */
export function totpIssuerOf(request: FastifyRequest): string {
  return `Partnertafel ${request.tenant?.name ?? ''}`.trim();
}
