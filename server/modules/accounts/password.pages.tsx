import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ForgotPage, invitationPage, resetPage } from './password.views.tsx';
import { totpIssuerOf } from './sign-in-request.ts';
import { password } from './accounts.schemas.ts';
import { adoptAccountLocale, handleForm, pick, type PageDeps } from '../../http/page-helpers.ts';
import { requestPasswordReset } from './request-password-reset.ts';
import { findUsableLink, setPasswordWithLink } from './set-password-with-link.ts';
import type { UserTokenPurpose } from './user-tokens.ts';

const newPasswordSchema = z
  .strictObject({ password, passwordConfirmation: text().min(1).max(1024) })
  .refine((value) => value.password === value.passwordConfirmation, { path: ['passwordConfirmation'], message: 'validation.password_mismatch' });
const forgotSchema = z.strictObject({ email: text().trim().toLowerCase().min(1).max(254).pipe(z.email()) });

/** Invitation links, "forgot password" and reset links. */
export function registerPasswordPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const tokenOf = (request: FastifyRequest) => String((request.params as { token: string }).token);
  /** The link's pages speak the invitee's language (the mail's); a link that cannot be used speaks none. */
  const speakLinkedUsersLanguage = async (request: FastifyRequest, purpose: UserTokenPurpose) => {
    const found = await findUsableLink(ctx, tokenOf(request), purpose).catch(() => null);
    if (found) adoptAccountLocale(request, cookies, found.user.locale);
  };

  app.get('/invitation/:token', async (request, reply) => {
    adoptAccountLocale(request, cookies, (await findUsableLink(ctx, tokenOf(request), 'invitation')).user.locale);
    return sendPage(reply, invitationPage(viewFor(request, reply, cookies), tokenOf(request), {}));
  });

  app.post('/invitation/:token', async (request, reply) => {
    const token = tokenOf(request);
    await speakLinkedUsersLanguage(request, 'invitation');
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(newPasswordSchema, pick(values, ['password', 'passwordConfirmation']));
        const result = await setPasswordWithLink(
          {
            token,
            purpose: 'invitation',
            password: input.password,
            requestId: request.id,
            userAgent: request.headers['user-agent'],
            issuer: totpIssuerOf(request),
          },
          ctx,
        );
        if (result.pendingSessionId) reply.setCookie(cookies.session, result.pendingSessionId, cookies.options);
        return redirectWithFlash(reply, cookies, result.pendingSessionId ? '/login/enrol' : '/login', 'flash.password_set');
      },
      redraw: (view, _values, errors) => invitationPage(view, token, errors),
    });
  });

  app.get('/password/forgot', async (request, reply) =>
    sendPage(reply, ForgotPage({ view: viewFor(request, reply, cookies), values: {}, errors: {}, sent: false })),
  );

  app.post('/password/forgot', async (request, reply) => {
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const { email } = parseInput(forgotSchema, pick(values, ['email']));
        await requestPasswordReset({ email, ip: request.ip, requestId: request.id }, ctx);
        return sendPage(reply, ForgotPage({ view: viewFor(request, reply, cookies), values: {}, errors: {}, sent: true }));
      },
      redraw: (view, values, errors) => ForgotPage({ view, values, errors, sent: false }),
    });
  });

  app.get('/password/reset/:token', async (request, reply) => {
    adoptAccountLocale(request, cookies, (await findUsableLink(ctx, tokenOf(request), 'password_reset')).user.locale);
    return sendPage(reply, resetPage(viewFor(request, reply, cookies), tokenOf(request), {}));
  });

  app.post('/password/reset/:token', async (request, reply) => {
    const token = tokenOf(request);
    await speakLinkedUsersLanguage(request, 'password_reset');
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(newPasswordSchema, pick(values, ['password', 'passwordConfirmation']));
        await setPasswordWithLink(
          { token, purpose: 'password_reset', password: input.password, requestId: request.id, issuer: totpIssuerOf(request) },
          ctx,
        );
        reply.clearCookie(cookies.session, { path: '/' });
        return redirectWithFlash(reply, cookies, '/login', 'flash.password_reset');
      },
      redraw: (view, _values, errors) => resetPage(view, token, errors),
    });
  });
}
