import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { password } from './accounts.schemas.ts';
import { handleForm, pick, type PageDeps } from '../../http/page-helpers.ts';
import { requestPasswordReset } from './request-password-reset.ts';
import { findUsableLink, setPasswordWithLink } from './set-password-with-link.ts';

const newPasswordSchema = z
  .strictObject({ password, passwordConfirmation: text().min(1).max(1024) })
  .refine((value) => value.password === value.passwordConfirmation, { path: ['passwordConfirmation'], message: 'validation.password_mismatch' });
const forgotSchema = z.strictObject({ email: text().trim().toLowerCase().min(1).max(254).pipe(z.email()) });

function NewPasswordPage(props: { view: View; errors: FieldErrors; action: string; title: string; intro: string }) {
  const { view, errors } = props;
  return (
    <Layout view={view} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={props.action}>
        <TextField
          name="password"
          type="password"
          label={view.t('field.new_password')}
          hint={view.t('setup.password_hint')}
          values={{}}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <TextField
          name="passwordConfirmation"
          type="password"
          label={view.t('field.password_confirmation')}
          values={{}}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <SubmitButton label={view.t('password.submit')} />
      </Form>
    </Layout>
  );
}

function ForgotPage({ view, values, errors, sent }: { view: View; values: FormValues; errors: FieldErrors; sent: boolean }) {
  return (
    <Layout view={view} title={view.t('forgot.title')}>
      <h1>{view.t('forgot.title')}</h1>
      {sent ? (
        <p role="status">{view.t('forgot.sent')}</p>
      ) : (
        <>
          <p>{view.t('forgot.intro')}</p>
          <ErrorSummary view={view} errors={errors} />
          <Form view={view} action="/password/forgot">
            <TextField name="email" type="email" label={view.t('field.email')} values={values} errors={errors} required autocomplete="username" />
            <SubmitButton label={view.t('forgot.submit')} />
          </Form>
        </>
      )}
      <p>
        <a href="/login">{view.t('forgot.back')}</a>
      </p>
    </Layout>
  );
}

/** Invitation links, "forgot password" and reset links. */
export function registerPasswordPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const tokenOf = (request: FastifyRequest) => String((request.params as { token: string }).token);
  const issuer = (request: FastifyRequest) => `Partnertafel ${request.tenant?.name ?? ''}`.trim();

  const invitationPage = (view: View, token: string, errors: FieldErrors) =>
    NewPasswordPage({
      view,
      errors,
      action: `/invitation/${encodeURIComponent(token)}`,
      title: view.t('invitation.title'),
      intro: view.t('invitation.intro'),
    });
  const resetPage = (view: View, token: string, errors: FieldErrors) =>
    NewPasswordPage({
      view,
      errors,
      action: `/password/reset/${encodeURIComponent(token)}`,
      title: view.t('reset.title'),
      intro: view.t('reset.intro'),
    });

  app.get('/invitation/:token', async (request, reply) => {
    await findUsableLink(ctx, tokenOf(request), 'invitation');
    return sendPage(reply, invitationPage(viewFor(request, reply, cookies), tokenOf(request), {}));
  });

  app.post('/invitation/:token', async (request, reply) => {
    const token = tokenOf(request);
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
            issuer: issuer(request),
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
    await findUsableLink(ctx, tokenOf(request), 'password_reset');
    return sendPage(reply, resetPage(viewFor(request, reply, cookies), tokenOf(request), {}));
  });

  app.post('/password/reset/:token', async (request, reply) => {
    const token = tokenOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(newPasswordSchema, pick(values, ['password', 'passwordConfirmation']));
        await setPasswordWithLink(
          { token, purpose: 'password_reset', password: input.password, requestId: request.id, issuer: issuer(request) },
          ctx,
        );
        reply.clearCookie(cookies.session, { path: '/' });
        return redirectWithFlash(reply, cookies, '/login', 'flash.password_reset');
      },
      redraw: (view, _values, errors) => resetPage(view, token, errors),
    });
  });
}
