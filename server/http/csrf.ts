import Tokens from '@fastify/csrf';

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookiePolicy } from './cookies.ts';
import { AppError } from '../platform/errors.ts';

interface SessionBoundTokens {
  secretSync(): string;
  create(secret: string, userInfo: string): string;
  verify(secret: string, token: string, userInfo: string): boolean;
}
const tokens = Tokens({ userInfo: true }) as unknown as SessionBoundTokens;
const freshSecrets = new WeakMap<FastifyRequest, string>();
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of this request: bound to the browser's secret cookie and to the session. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, cookies: CookiePolicy): string {
  let secret: string | undefined = request.cookies[cookies.csrf] ?? freshSecrets.get(request);
  if (!secret) {
    secret = tokens.secretSync();
    reply.setCookie(cookies.csrf, secret, cookies.options);
    // Several calls in one request must reuse the same fresh secret.
    freshSecrets.set(request, secret);
  }
  return tokens.create(secret, sessionBinding(request));
}

function sessionBinding(request: FastifyRequest): string {
  const authentication = request.actor?.authentication;
  return authentication?.kind === 'session' ? authentication.sessionIdHash : 'visitor';
}

/** Does an Origin or Sec-Fetch-Site header say the request comes from another site? */
export function comesFromAnotherSite(headers: FastifyRequest['headers'], allowedOrigins: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin && origin !== 'null') return !allowedOrigins.includes(origin);
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/**
 * Guard for every state-changing request that is not authenticated by a Bearer token: the request
 * must come from our own site and carry a valid token (`x-csrf-token` header or `_csrf` form field).
 */
export function assertCsrf(request: FastifyRequest, cookies: CookiePolicy, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.actor?.authentication.kind === 'token') return;
  if (comesFromAnotherSite(request.headers, allowedOrigins)) throw new AppError('forbidden', [], { deniedAction: 'csrf.cross_site' });
  const secret = request.cookies[cookies.csrf];
  const body = request.body as Record<string, unknown> | undefined;
  const header = request.headers['x-csrf-token'];
  const token = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : undefined;
  if (!secret || !token || !tokens.verify(secret, token, sessionBinding(request)))
    throw new AppError('forbidden', [], { deniedAction: 'csrf.token' });
}
