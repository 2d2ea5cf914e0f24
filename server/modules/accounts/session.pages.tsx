import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { languageSchema, signInSchema } from './accounts.schemas.ts';
import { changeOwnLocale } from './change-own-locale.ts';
import { handleForm, pick, requirePageActor, safeLocalPath, type PageDeps } from './page-helpers.ts';
import { endSession } from './sessions.ts';
import { signInWithPassword } from './sign-in-with-password.ts';

function SignInPage({ view, values, errors, next }: { view: View; values: FormValues; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('signin.title')}>
      <h1>{view.t('signin.title')}</h1>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={`/login?next=${encodeURIComponent(next)}`}>
        <TextField name="email" type="email" label={view.t('field.email')} values={values} errors={errors} required autocomplete="username" />
        <TextField
          name="password"
          type="password"
          label={view.t('field.password')}
          values={values}
          errors={errors}
          required
          autocomplete="current-password"
          keepValue={false}
        />
        <SubmitButton label={view.t('signin.submit')} />
      </Form>
    </Layout>
  );
}

function HomePage({ view, roles }: { view: View; roles: string[] }) {
  return (
    <Layout view={view} title={view.t('home.title')}>
      <h1>{view.t('home.title')}</h1>
      <p>{view.t('home.welcome', { name: view.user?.name ?? '' })}</p>
      <p>{view.t('home.roles', { roles: roles.map((role) => view.t(`role.${role}`)).join(', ') })}</p>
      {view.user?.isAdmin && (
        <section aria-labelledby="admin-tasks">
          <h2 id="admin-tasks">{view.t('home.admin_tasks')}</h2>
          <ul>
            <li>
              <a href="/admin/organisations">{view.t('nav.organisations')}</a>
            </li>
            <li>
              <a href="/admin/users">{view.t('nav.users')}</a>
            </li>
          </ul>
        </section>
      )}
    </Layout>
  );
}

function NotSetUpPage({ view }: { view: View }) {
  return (
    <Layout view={view} title={view.t('setup.not_set_up_title')}>
      <h1>{view.t('setup.not_set_up_title')}</h1>
      <p>{view.t('setup.not_set_up_help')}</p>
    </Layout>
  );
}

/** Home, sign-in, sign-out and the language switch. */
export function registerSessionPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/', async (request, reply) => {
    if (!request.actor) {
      if ((await ctx.system.countTenants()) === 0) return sendPage(reply, NotSetUpPage({ view: viewFor(request, reply, cookies) }));
      return reply.redirect('/login', 303);
    }
    const view = viewFor(request, reply, cookies);
    return sendPage(reply, HomePage({ view, roles: [...request.actor.roles] }));
  });

  app.get('/login', async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    const next = safeLocalPath((request.query as { next?: unknown }).next);
    return sendPage(reply, SignInPage({ view: viewFor(request, reply, cookies), values: {}, errors: {}, next }));
  });

  app.post('/login', async (request, reply) => {
    const next = safeLocalPath((request.query as { next?: unknown }).next);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(signInSchema, pick(values, ['email', 'password']));
        try {
          const session = await signInWithPassword({ ...input, requestId: request.id }, ctx);
          reply.setCookie(cookies.session, session.sessionId, cookies.options);
          return reply.redirect(next, 303);
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

  app.post('/logout', async (request, reply) => {
    const actor = request.actor;
    if (actor?.authentication.kind === 'session') {
      await endSession(ctx, actor, 'sign_out');
    }
    reply.clearCookie(cookies.session, { path: '/' });
    return redirectWithFlash(reply, cookies, '/login', 'flash.signed_out');
  });

  app.post('/language', async (request, reply) => {
    const input = parseInput(languageSchema, pick((request.body ?? {}) as FormValues, ['locale', 'returnTo']));
    if (request.actor) await changeOwnLocale({ locale: input.locale }, requirePageActor(request), ctx);
    else reply.setCookie(cookies.visitorLocale, input.locale, { ...cookies.options, maxAge: 365 * 24 * 3600 });
    return reply.redirect(safeLocalPath(input.returnTo), 303);
  });
}
