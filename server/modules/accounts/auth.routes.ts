import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathParam } from '../../http/route-config.ts';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import type { Actor, Role } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { AppError } from '../../platform/errors.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { requireActor } from '../../http/api.ts';
import { parseInput } from '../../http/validation.ts';
import { codeSchema, meOutput, passwordChangeSchema, reauthSchema, signInSchema } from './accounts.schemas.ts';
import { changeOwnPassword } from './change-own-password.ts';
import { reauthenticate } from './reauthenticate.ts';
import { tokenCreateSchema } from './account.pages.tsx';
import { authorize } from '../../access/authorize.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { getMe } from './get-me.ts';
import { createOwnToken } from './create-own-token.ts';
import { listOwnTokens } from './list-own-tokens.ts';
import { revokeOwnToken } from './revoke-own-token.ts';
import { dropSession, endSession } from './sessions.ts';
import { signInRequestOf, totpIssuerOf } from './sign-in-request.ts';
import { chooseSignInNetwork, signInWithPassword, type NetworkChoice, type PasswordStep } from './sign-in-with-password.ts';

const loginOutput = z.object({
  next: z.enum(['mfa', 'mfa_enrolment', 'choose_network']),
  otpauthUri: z.string().optional(),
  choiceToken: z.string().optional().describe('With choose_network: send it back with the chosen network to /api/v1/auth/login/network'),
  networks: z
    .array(z.object({ slug: z.string(), name: z.string() }))
    .optional()
    .describe('With choose_network: the networks whose account this password opened'),
});
const networkChoiceSchema = z.strictObject({
  choiceToken: text().min(1).max(2000),
  network: text().trim().min(1).max(40).describe('Slug of the chosen network'),
});
const tokenOutput = z.object({ id: z.string(), name: z.string(), token: z.string(), expiresAt: z.string() });
const tokenListOutput = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

/** Sign-in through the API (API.md "Authentication") and personal API tokens. */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy, registry: ApiRouteDescription[]): void {
  const answerPasswordStep = (reply: FastifyReply, step: PasswordStep | NetworkChoice) => {
    if (step.next === 'choose_network') return reply.send({ data: { next: step.next, choiceToken: step.choiceToken, networks: step.networks } });
    reply.setCookie(cookies.session, step.sessionId, cookies.options);
    return reply.send({ data: { next: step.next, ...(step.otpauthUri && { otpauthUri: step.otpauthUri }) } });
  };
  const route = (description: ApiRouteDescription, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    registry.push(description);
    app.route({ method: description.method, url: description.url, config: { recentSignIn: description.recentSignIn === true }, handler });
  };

  /** A sign-in step before the second factor: it answers the next step (and sets the pending session cookie). */
  const passwordStepRoute = <Schema extends z.ZodType>(
    url: string,
    summary: string,
    body: Schema,
    takeStep: (input: z.infer<Schema>, request: FastifyRequest) => Promise<PasswordStep | NetworkChoice>,
  ) =>
    route({ method: 'POST', url, summary, tag: 'auth', body, response: loginOutput, authenticated: false }, async (request, reply) =>
      answerPasswordStep(reply, await takeStep(parseInput(body, request.body), request)),
    );

  passwordStepRoute('/api/v1/auth/login', 'Sign in, step 1: email and password (sets a pending session cookie)', signInSchema, (input, request) =>
    signInWithPassword({ ...input, ip: request.ip, ...signInRequestOf(request, cookies.session), issuer: totpIssuerOf(request) }, ctx),
  );

  passwordStepRoute(
    '/api/v1/auth/login/network',
    'Sign in, between the steps: the network, when the password opened accounts in several (sets a pending session cookie)',
    networkChoiceSchema,
    (input, request) => chooseSignInNetwork({ ...input, ...signInRequestOf(request, cookies.session) }, ctx),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/auth/mfa',
      summary: 'Sign in, step 2: TOTP or recovery code (replaces the session cookie)',
      tag: 'auth',
      body: codeSchema,
      response: meOutput,
      authenticated: false,
    },
    async (request, reply) => {
      if (!request.pendingSignIn) throw new AppError('unauthenticated');
      const { code } = parseInput(codeSchema, request.body);
      const step = await completeSecondFactor(
        { pending: request.pendingSignIn, code, requestId: request.id, userAgent: request.headers['user-agent'] },
        ctx,
      );
      reply.setCookie(cookies.session, step.sessionId, cookies.options);
      const roles = await ctx.db
        .selectFrom('user_roles')
        .select('role')
        .where('tenant_id', '=', step.tenantId)
        .where('user_id', '=', step.userId)
        .execute();
      const user = await ctx.db
        .selectFrom('users')
        .select(['organisation_id', 'locale'])
        .where('tenant_id', '=', step.tenantId)
        .where('id', '=', step.userId)
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        tenantId: step.tenantId,
        userId: step.userId,
        organisationId: user.organisation_id,
        roles: new Set(roles.map((row) => row.role as Role)),
        locale: null,
        authentication: { kind: 'session', sessionIdHash: sha256(step.sessionId), authenticatedAt: ctx.clock.now().toISOString(), mfaVerified: true },
      };
      const data = await getMe({ locale: request.locale }, actor, ctx);
      return reply.send({ data: { ...data, ...(step.recoveryCodes && { recoveryCodes: step.recoveryCodes }) }, abilities: {} });
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/auth/reauth',
      summary: 'Confirm password and code again (answers reauthentication_required); replaces the session cookie',
      tag: 'auth',
      body: reauthSchema,
      status: 204,
    },
    async (request, reply) => {
      const { sessionId } = await reauthenticate(parseInput(reauthSchema, request.body), requireActor(request), ctx);
      reply.setCookie(cookies.session, sessionId, cookies.options);
      return reply.status(204).send();
    },
  );

  route(
    { method: 'POST', url: '/api/v1/auth/logout', summary: 'End the browser session', tag: 'auth', status: 204, authenticated: false },
    async (request, reply) => {
      if (request.actor) await endSession(ctx, request.actor, 'sign_out');
      else if (request.pendingSignIn) await dropSession(ctx, request.pendingSignIn);
      reply.clearCookie(cookies.session, { path: '/' });
      return reply.status(204).send();
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/me/password',
      summary:
        'Change your password (browser session after MFA): the current one is checked (throttled like sign-in); your other sessions end, this one stays, a mail notice goes out',
      tag: 'me',
      body: passwordChangeSchema,
      status: 204,
    },
    async (request, reply) => {
      const input = parseInput(passwordChangeSchema, request.body);
      await changeOwnPassword({ currentPassword: input.currentPassword, newPassword: input.newPassword }, requireActor(request), ctx);
      return reply.status(204).send();
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/me/tokens',
      summary: 'Your personal API tokens (never the token values)',
      tag: 'me',
      response: tokenListOutput,
      list: true,
    },
    async (request) => ({ data: await listOwnTokens(requireActor(request), ctx), nextCursor: null }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/me/tokens',
      recentSignIn: true,
      summary: 'Create a personal API token (browser session after MFA); shown once',
      tag: 'me',
      body: tokenCreateSchema,
      response: tokenOutput,
      status: 201,
    },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'me.createToken');
      const created = await createOwnToken(parseInput(tokenCreateSchema, request.body), actor, ctx);
      return reply.status(201).send({ data: created, abilities: {} });
    },
  );
  route(
    { method: 'DELETE', url: '/api/v1/me/tokens/:id', recentSignIn: true, summary: 'Revoke one of your tokens', tag: 'me', status: 204 },
    async (request, reply) => {
      await revokeOwnToken({ id: pathParam(request) }, requireActor(request), ctx);
      return reply.status(204).send();
    },
  );
}
