import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { AppError } from '../../platform/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { constantTimeEqual, sha256 } from '../../platform/crypto.ts';
import { randomSecret } from '../../platform/ids.ts';
import { setupSchema } from './accounts.schemas.ts';
import { SetupPage } from './setup.views.tsx';
import { handleForm, pick } from '../../http/page-helpers.ts';
import { prepareEnrolment } from './mfa-enrolment.ts';
import { startSession } from './sessions.ts';
import { setUpFirstTenant } from './set-up-first-tenant.ts';

/** The one-time setup secret of a fresh installation; only its hash is kept. */
export interface SetupState {
  tokenHash: string | null;
}

export function newSetupState(): { state: SetupState; token: string } {
  const token = randomSecret(24);
  return { state: { tokenHash: sha256(token) }, token };
}

function tokenMatches(state: SetupState | undefined, token: unknown): boolean {
  return Boolean(state?.tokenHash) && typeof token === 'string' && constantTimeEqual(sha256(token), state!.tokenHash!);
}

const FIELDS = [
  'tenantName',
  'tenantSlug',
  'defaultLocale',
  'organisationName',
  'organisationSector',
  'adminName',
  'adminEmail',
  'password',
] as const;

/**
 * First-run setup, reachable only with the link printed on the console while no tenant exists.
 * Any other visit answers 404, as if the page did not exist.
 */
export function registerSetupPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy, state: SetupState | undefined): void {
  const deps = { ctx, cookies };
  const tokenOf = (query: unknown) => (query as { token?: unknown }).token;

  app.get('/setup', async (request, reply) => {
    const token = tokenOf(request.query);
    if (!tokenMatches(state, token) || (await ctx.system.countTenants()) > 0) throw new AppError('not_found');
    return sendPage(reply, SetupPage({ view: viewFor(request, reply, cookies), values: {}, errors: {}, token: String(token) }));
  });

  app.post('/setup', async (request, reply) => {
    const token = tokenOf(request.query);
    if (!tokenMatches(state, token)) throw new AppError('not_found');
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(setupSchema, pick(values, FIELDS));
        const created = await setUpFirstTenant({ input }, ctx);
        state!.tokenHash = null;
        // The first administrator too signs in with a second factor: enrol it right away.
        await prepareEnrolment(ctx, { ...created, email: input.adminEmail, issuer: `Partnertafel ${input.tenantName}` });
        const session = await startSession(ctx, { ...created, mfaVerified: false, userAgent: request.headers['user-agent'] });
        reply.setCookie(cookies.session, session.id, cookies.options);
        return redirectWithFlash(reply, cookies, '/login/enrol', 'flash.setup_done');
      },
      redraw: (view, values, errors) => SetupPage({ view, values, errors, token: String(token) }),
    });
  });
}
