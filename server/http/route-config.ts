/**
 * What a route declares about itself where it is registered, read by the request pipeline from the
 * MATCHED route (`request.routeOptions`), never from the raw URL: Fastify decodes the path before it
 * routes, so `/%61dmin/users` reaches the `/admin/users` route and a rule on `request.url` misses it.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../platform/errors.ts';
import { hasForbiddenCharacters, UUID_PATTERN } from '../platform/strings.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A browser session must have signed in less than 10 minutes ago (REAUTHENTICATION_MS). */
    recentSignIn?: boolean;
  }
  interface FastifyInstance {
    /** Every registered route with its declared flags, in registration order (tests, audits). */
    routeTable: RouteSummary[];
  }
}

export interface RouteSummary {
  readonly method: string;
  readonly url: string;
  readonly recentSignIn: boolean;
}

/** Route options for a page that needs a recent sign-in: `app.post('/admin/…', RECENT_SIGN_IN, handler)`. */
export const RECENT_SIGN_IN = { config: { recentSignIn: true } } as const;

/** Administrative pages all need a recent sign-in; a route there without the flag is a programming error. */
const ADMIN_PREFIX = '/admin/';

/**
 * Keeps `app.routeTable` and refuses, at start, an administrative page registered without
 * `recentSignIn` (so a forgotten flag cannot ship). Must be installed before any route.
 */
export function collectRoutes(app: FastifyInstance): void {
  const table: RouteSummary[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const recentSignIn = (route.config as { recentSignIn?: boolean } | undefined)?.recentSignIn === true;
    if ((route.url === '/admin' || route.url.startsWith(ADMIN_PREFIX)) && !recentSignIn)
      throw new Error(`${String(route.method)} ${route.url}: administrative routes must declare recentSignIn`);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) table.push({ method, url: route.url, recentSignIn });
  });
}

/** Does the matched route ask for a recent sign-in? Unmatched requests (404) never reach a handler. */
export function needsRecentSignIn(request: FastifyRequest): boolean {
  return request.routeOptions.config?.recentSignIn === true;
}

/**
 * The path the request is answered for: the matched route's pattern, or, for a request no route
 * matched, the decoded path (so `/%61pi/…` is still treated as the API in error answers).
 */
export function routedPath(request: FastifyRequest): string {
  if (request.routeOptions.url) return request.routeOptions.url;
  const raw = request.url.split('?')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** JSON answers (the API and the health probes) rather than pages. */
export function answersJson(request: FastifyRequest): boolean {
  const path = routedPath(request);
  return path.startsWith('/api/') || path === '/healthz' || path === '/readyz';
}

/** One-time link tokens (`/invitation/:token`, `/password/reset/:token`): base64url. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Path parameters are checked once, for every route, before any handler: an id (`:id`, `:userId`,
 * `:consentId`, …) must be a UUID and a link token base64url; any other parameter may hold no
 * control character. Anything else answers 404 like a record that does not exist (never a
 * database error: PostgreSQL refuses NUL).
 */
export function assertPathParameters(request: FastifyRequest): void {
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') throw new AppError('not_found');
    const valid =
      name === 'id' || name.endsWith('Id') ? UUID_PATTERN.test(value) : name === 'token' ? LINK_TOKEN.test(value) : !hasForbiddenCharacters(value);
    if (!valid) throw new AppError('not_found');
  }
}

/**
 * The one reader of a path parameter. `assertPathParameters` has already refused a malformed id or
 * token (404) before any handler runs, so what this returns has the shape its route promises.
 */
export function pathParam(request: FastifyRequest, name = 'id'): string {
  return String((request.params as Record<string, unknown> | undefined)?.[name] ?? '');
}
