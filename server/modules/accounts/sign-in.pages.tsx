import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../platform/errors.ts';
import { sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import type { FieldErrors, FormValues } from '../../ui/view.ts';
import { codeSchema, reauthSchema, signInSchema } from './accounts.schemas.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { pendingEnrolmentKey } from './mfa-enrolment.ts';
import { handleForm, pick, requirePageActor, safeLocalPath, type PageDeps } from '../../http/page-helpers.ts';
import { reauthenticate } from './reauthenticate.ts';
import { signInRequestOf, totpIssuerOf } from './sign-in-request.ts';
import { chooseSignInNetwork, signInWithPassword, type PasswordStep } from './sign-in-with-password.ts';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { CodePage, EnrolPage, NetworkChoicePage, ReauthPage, RecoveryCodesPage, SignInPage, withNext } from './sign-in.views.tsx';

const nextOf = (request: FastifyRequest) => safeLocalPath((request.query as { next?: unknown }).next);

const networkFormSchema = z.strictObject({ choiceToken: text().min(1).max(2000), network: text().trim().min(1).max(40) });

function requirePending(request: FastifyRequest) {
  if (!request.pendingSignIn) throw new AppError('unauthenticated');
  return request.pendingSignIn;
}

/** Sign-in in two steps (password, then code or enrolment), and re-authentication. */
export function registerSignInPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const setSession = (reply: FastifyReply, id: string) => reply.setCookie(cookies.session, id, cookies.options);
  const continueAfterPassword = (reply: FastifyReply, step: PasswordStep, next: string) => {
    setSession(reply, step.sessionId);
    return reply.redirect(withNext(step.next === 'mfa' ? '/login/mfa' : '/login/enrol', next), 303);
  };

  app.get('/login', async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    return sendPage(reply, SignInPage({ view: viewFor(request, reply, cookies), values: {}, errors: {}, next: nextOf(request) }));
  });

  app.post('/login', async (request, reply) => {
    const next = nextOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(signInSchema, pick(values, ['email', 'password']));
        try {
          const step = await signInWithPassword(
            { ...input, ip: request.ip, ...signInRequestOf(request, cookies.session), issuer: totpIssuerOf(request) },
            ctx,
          );
          if (step.next === 'choose_network')
            return sendPage(reply, NetworkChoicePage({ view: viewFor(request, reply, cookies), choice: step, next }));
          return continueAfterPassword(reply, step, next);
        } catch (error) {
          if (error instanceof AppError && error.code === 'invalid_credentials') {
            throw new AppError('validation_failed', [{ path: 'email', messageKey: 'signin.invalid_credentials' }]);
          }
          throw error;
        }
      },
      redraw: (view, values, errors) => SignInPage({ view, values, errors, next }),
    });
  });

  app.post('/login/network', async (request, reply) => {
    const next = nextOf(request);
    const parsed = networkFormSchema.safeParse(pick((request.body ?? {}) as FormValues, ['choiceToken', 'network']));
    if (!parsed.success) return reply.redirect(withNext('/login', next), 303);
    try {
      const step = await chooseSignInNetwork({ ...parsed.data, ...signInRequestOf(request, cookies.session) }, ctx);
      return continueAfterPassword(reply, step, next);
    } catch (error) {
      // An expired or altered choice: start again from the password.
      if (error instanceof AppError && error.code === 'invalid_credentials') return reply.redirect(withNext('/login', next), 303);
      throw error;
    }
  });

  app.get('/login/mfa', async (request, reply) => {
    requirePending(request);
    return sendPage(reply, CodePage({ view: viewFor(request, reply, cookies), errors: {}, next: nextOf(request) }));
  });

  app.post('/login/mfa', async (request, reply) => {
    const pending = requirePending(request);
    const next = nextOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const { code } = parseInput(codeSchema, pick(values, ['code']));
        const step = await completeSecondFactor({ pending, code, requestId: request.id, userAgent: request.headers['user-agent'] }, ctx);
        setSession(reply, step.sessionId);
        return reply.redirect(next, 303);
      },
      redraw: (view, _values, errors) => CodePage({ view, errors, next }),
    });
  });

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) => {
    const pending = requirePending(request);
    const key = await pendingEnrolmentKey(ctx, pending, totpIssuerOf(request));
    if (!key) return reply.redirect(withNext('/login/mfa', nextOf(request)), 303);
    const qrDataUrl = await QRCode.toDataURL(key.otpauthUri, { margin: 1, width: 200 });
    return sendPage(
      reply,
      EnrolPage({ view: viewFor(request, reply, cookies), errors, next: nextOf(request), qrDataUrl, secret: key.secretBase32 }),
      errors.code ? 400 : 200,
    );
  };

  app.get('/login/enrol', async (request, reply) => enrolPage(request, reply, {}));

  app.post('/login/enrol', async (request, reply) => {
    const pending = requirePending(request);
    const next = nextOf(request);
    try {
      const { code } = parseInput(codeSchema, pick((request.body ?? {}) as FormValues, ['code']));
      const step = await completeSecondFactor({ pending, code, requestId: request.id, userAgent: request.headers['user-agent'] }, ctx);
      setSession(reply, step.sessionId);
      // The new session is only known from the next request on; show the codes under this answer.
      return sendPage(reply, RecoveryCodesPage({ view: viewFor(request, reply, cookies), codes: step.recoveryCodes ?? [], next }));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      return enrolPage(request, reply, { code: request.t('signin.invalid_code') });
    }
  });

  app.get('/reauth', async (request, reply) => {
    requirePageActor(request);
    return sendPage(reply, ReauthPage({ view: viewFor(request, reply, cookies), errors: {}, next: nextOf(request) }));
  });

  app.post('/reauth', async (request, reply) => {
    const actor = requirePageActor(request);
    const next = nextOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const { sessionId } = await reauthenticate(parseInput(reauthSchema, pick(values, ['password', 'code'])), actor, ctx);
        setSession(reply, sessionId);
        return reply.redirect(next, 303);
      },
      redraw: (view, _values, errors) => ReauthPage({ view, errors, next }),
    });
  });
}
