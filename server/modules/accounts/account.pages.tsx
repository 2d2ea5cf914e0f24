import type { FastifyInstance } from 'fastify';
import { pathParam } from '../../http/route-config.ts';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import type { FormValues } from '../../ui/view.ts';
import { listOwnSessions } from './list-own-sessions.ts';
import { endOwnSession } from './end-own-session.ts';
import { listOwnTokens } from './list-own-tokens.ts';
import { SessionsPage, TokensPage } from './account.views.tsx';
import { createOwnToken } from './create-own-token.ts';
import { revokeOwnToken } from './revoke-own-token.ts';
import { handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { authorize } from '../../access/authorize.ts';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from './api-token-lifetime.ts';

export const tokenCreateSchema = z.strictObject({
  name: text().trim().min(1).max(100).describe('A name to recognise the token by'),
  expiresInDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(API_TOKEN_MAX_DAYS)
    .optional()
    .describe(`Days until the token stops working, 1 to ${API_TOKEN_MAX_DAYS}; ${API_TOKEN_DEFAULT_DAYS} when left out`),
});

/** The user's own sessions and personal API tokens. */
export function registerAccountSelfPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/account/sessions', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, SessionsPage({ view: viewFor(request, reply, cookies), sessions: await listOwnSessions(actor, ctx) }));
  });

  app.post('/account/sessions/end', async (request, reply) => {
    const actor = requirePageActor(request);
    const { id } = parseInput(z.strictObject({ id: text().min(1).max(64) }), pick((request.body ?? {}) as FormValues, ['id']));
    await endOwnSession({ id }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/account/sessions', 'flash.session_ended');
  });

  app.get('/account/tokens', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(
      reply,
      TokensPage({
        view: viewFor(request, reply, cookies),
        tokens: await listOwnTokens(actor, ctx),
        values: {},
        errors: {},
        created: null,
        now: ctx.clock.now(),
      }),
    );
  });

  app.post('/account/tokens', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'me.createToken');
    const tokens = await listOwnTokens(actor, ctx);
    const now = ctx.clock.now();
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(tokenCreateSchema, {
          ...pick(values, ['name']),
          ...(values.expiresInDays && { expiresInDays: values.expiresInDays }),
        });
        const created = await createOwnToken(input, actor, ctx);
        const view = viewFor(request, reply, cookies);
        return sendPage(reply, TokensPage({ view, tokens: await listOwnTokens(actor, ctx), values: {}, errors: {}, created, now }), 201);
      },
      redraw: (view, values, errors) => TokensPage({ view, tokens, values, errors, created: null, now }),
    });
  });

  app.post('/account/tokens/:id/revoke', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    await revokeOwnToken({ id: pathParam(request) }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/account/tokens', 'flash.token_revoked');
  });
}
