import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { registerSetupPages, type SetupState } from '../modules/accounts/index.ts';
import { flushDenialCounters, recordAuditEvent, recordDenial, subjectOf } from '../modules/audit/index.ts';
import { homePanelsFor, MODULES } from '../modules/modules.ts';
import type { HomeViewContext } from '../modules/module-manifest.ts';
import type { Actor } from '../access/actor.ts';
import { isRecentlyAuthenticated } from '../access/session-rules.ts';
import { ASSETS, IMMUTABLE_CACHE } from '../ui/assets.ts';
import { ErrorPage } from '../ui/error-page.tsx';
import { cookiePolicy } from './cookies.ts';
import { assertCsrf, csrfTokenFor } from './csrf.ts';
import { APP_ROOT } from '../platform/app-root.ts';
import { AppError, ERROR_STATUS, isAppError } from '../platform/errors.ts';
import { localeFromAcceptLanguage, translator } from '../ui/i18n.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { securityHeaders } from './security-headers.ts';
import { resolveRequestContext } from './request-context.ts';
import { buildOpenApiDocument, type ApiRouteDescription } from './openapi.ts';
import { sendPage, viewFor } from './render.ts';
import { answersJson, assertPathParameters, collectRoutes, needsRecentSignIn, routedPath } from './route-config.ts';
import { assertNoEmptyQueryValues } from './validation.ts';

export interface BuildAppOptions {
  /** Present while the installation has no tenant: the one-time setup secret. */
  readonly setup?: SetupState;
}

const FASTIFY_ERROR_CODES: Record<string, AppError['code']> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
};

function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code && FASTIFY_ERROR_CODES[fastifyError.code]) return new AppError(FASTIFY_ERROR_CODES[fastifyError.code]!);
  // Any other refusal of the request by the framework (content length, media type, …) is the client's.
  if (
    fastifyError.code?.startsWith('FST_') &&
    fastifyError.statusCode !== undefined &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  )
    return new AppError(fastifyError.statusCode === 413 ? 'payload_too_large' : 'validation_failed');
  if (fastifyError.statusCode === 400 && (error as { type?: string }).type === 'entity.parse.failed') return new AppError('validation_failed');
  return null;
}

/** The envelope of an answer made before (or without) a request context: default language, never the URL. */
function envelope(code: AppError['code'], acceptLanguage?: string): string {
  const t = translator(localeFromAcceptLanguage(acceptLanguage) ?? 'nl');
  return JSON.stringify({ error: { code, message: t(`errors.${code}`) } });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a control character in a header,
 * headers or request line over the limit, a timeout): answered in the error envelope, then closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: AppError['code'] =
    error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'validation_failed';
  const status = ERROR_STATUS[code];
  const body = envelope(code);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify's own refusals before routing (a malformed or over-long path): the envelope, never the path echoed. */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code: AppError['code'] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : error.code === 'FST_ERR_BAD_URL' ? 'validation_failed' : 'internal';
  if (code === 'internal') request.log.error({ err: error }, 'framework error');
  void reply
    .status(ERROR_STATUS[code])
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(envelope(code, request.headers['accept-language']));
}

/** How long a browser may keep an asset fetched under its plain (unhashed) name. */
const SHORT_ASSET_CACHE_MS = 5 * 60 * 1000;

/** Builds the Fastify application: plugins, request context, CSRF, modules, errors. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // Only a configured reverse proxy may tell us the client's address (throttling is per address).
    trustProxy: ctx.config.trustProxy ?? false,
    // Ids are UUIDs and link tokens are shorter: a longer path parameter is refused (414) before any handler.
    routerOptions: { maxParamLength: 100 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  // Before any route: every route's declared flags are read from the route, never from the URL.
  collectRoutes(app);
  const cookies = cookiePolicy(ctx.config.publicUrl);
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  const secureTransport = ctx.config.publicUrl.startsWith('https://');

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  // Security headers (helmet's, for our policy), worked out once and copied onto every reply.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(secureTransport ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    // The request's id (server-made, never taken from the client) goes back with every answer: the same
    // id is in the log and in the audit event the request wrote, so a client can name the request it got.
    reply.header('x-request-id', request.id);
    done();
  });
  // HTML, CSS, JavaScript and JSON leave compressed (brotli or gzip, as the client accepts); tiny bodies as they are.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    customTypes: /^(text\/(html|css|javascript|plain)|application\/(json|javascript|problem\+json))(;|$)/,
  });
  // The pages reference content-hashed names (server/ui/assets.ts): cached for a year, never revalidated.
  for (const asset of Object.values(ASSETS)) {
    app.get(asset.hashedPath, async (_request, reply) => reply.header('cache-control', IMMUTABLE_CACHE).type(asset.contentType).send(asset.body));
  }
  // The plain names keep working for a short while (a page still open from before a release).
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('public/', APP_ROOT)),
    prefix: '/public/',
    maxAge: SHORT_ASSET_CACHE_MS,
  });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('node_modules/htmx.org/dist/', APP_ROOT)),
    prefix: '/vendor/',
    allowedPath: (pathName) => pathName === '/htmx.min.js',
    decorateReply: false,
    maxAge: SHORT_ASSET_CACHE_MS,
  });

  app.addHook('onRequest', async (request, reply) => {
    // Everything we answer is personal or about the network; nothing may be cached on the way.
    if (!request.url.startsWith('/public/') && !request.url.startsWith('/vendor/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('onRequest', resolveRequestContext(ctx, cookies, recordAuditEvent));
  app.addHook('preHandler', async (request) => {
    const allowedOrigins = [publicOrigin, ...(request.headers.host ? [`${request.protocol}://${request.headers.host}`] : [])];
    const path = routedPath(request);
    if (path.startsWith('/api/') && !path.startsWith('/api/v1/auth/') && request.method !== 'GET' && !request.actor)
      throw new AppError('unauthenticated');
    assertCsrf(request, cookies, allowedOrigins);
    const authentication = request.actor?.authentication;
    if (
      authentication?.kind === 'session' &&
      needsRecentSignIn(request) &&
      !isRecentlyAuthenticated(authentication.authenticatedAt, ctx.clock.now())
    ) {
      throw new AppError('reauthentication_required');
    }
    assertPathParameters(request);
    if (answersJson(request)) assertNoEmptyQueryValues(request.query);
  });
  // Anonymous denials counted in a finished minute become one aggregated audit event (record-denial.ts).
  const denialFlush = setInterval(() => {
    flushDenialCounters(ctx).catch((error: unknown) => app.log.error({ err: error }, 'denial counter flush failed'));
  }, 60_000);
  denialFlush.unref();
  app.addHook('onClose', async () => {
    clearInterval(denialFlush);
    // What is left is written at shutdown; should that fail, the rows stay and the next start flushes them.
    await flushDenialCounters(ctx, { everything: true }).catch((error: unknown) => app.log.error({ err: error }, 'denial counter flush failed'));
    // Events of the last requests still in a group-commit batch are written before the app is gone.
    await ctx.audit.drain();
  });
  app.post('/session/keepalive', async (request, reply) => reply.status(request.actor ? 204 : 401).send());

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (!appError) request.log.error({ err: error }, 'unhandled error');
    const answer = appError ?? new AppError('internal');
    if (answer.code === 'forbidden') {
      // Every denial is audited before the answer leaves; if that fails, the request fails closed.
      try {
        await auditDenial(ctx, request, answer);
      } catch (auditError) {
        request.log.error({ err: auditError }, 'audit write failed');
        return sendError(request, reply, new AppError('internal'), cookies);
      }
    }
    return sendError(request, reply, answer, cookies);
  });
  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, new AppError('not_found'), cookies));

  const apiRoutes: ApiRouteDescription[] = [];
  registerHealthRoutes(app, ctx);
  apiRoutes.push({
    method: 'GET',
    url: '/api/v1/auth/csrf',
    summary: 'CSRF token for cookie-authenticated changes',
    tag: 'auth',
    authenticated: false,
  });
  app.get('/api/v1/auth/csrf', async (request, reply) => ({ data: { token: csrfTokenFor(request, reply, cookies) } }));
  registerSetupPages(app, ctx, cookies, options.setup);
  // Every module registers its own routes and pages through its manifest (server/modules/modules.ts).
  const homePanels = (actor: Actor, view: HomeViewContext) => homePanelsFor(actor, ctx, view);
  for (const module of MODULES) await module.register({ app, ctx, cookies, apiRoutes, homePanels });
  // Made at its first request, not at start: turning every route's zod schemas into JSON Schema was
  // a sixth of the cold start, for a document few clients ask for.
  let openApi: unknown = null;
  app.get('/api/openapi.json', async () => (openApi ??= buildOpenApiDocument(apiRoutes, '1.0.0')));
  return app;
}

async function auditDenial(ctx: AppContext, request: FastifyRequest, error: AppError): Promise<void> {
  await recordDenial(ctx, {
    subject: request.actor ? subjectOf(request.actor) : null,
    route: `${request.method} ${request.routeOptions.url ?? 'unknown'}`,
    address: request.ip,
    requestId: request.id,
    deniedAction: error.deniedAction ?? 'unknown',
  });
}

/** One place turns an AppError into an answer: JSON for the API, a page for people. */
async function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError, cookies: ReturnType<typeof cookiePolicy>) {
  const message = request.t(`errors.${error.code}`);
  if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
  if (answersJson(request)) {
    const issues = error.issues.map((issue) => ({ path: issue.path, message: request.t(issue.messageKey, issue.values) }));
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message, ...(error.code === 'validation_failed' && { issues }), ...error.details } });
  }
  if (error.code === 'unauthenticated') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  if (error.code === 'reauthentication_required') return reply.redirect(`/reauth?next=${encodeURIComponent(request.url)}`, 303);
  return sendPage(reply, ErrorPage({ view: viewFor(request, reply, cookies), code: error.code }), error.status);
}
