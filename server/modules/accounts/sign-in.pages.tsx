import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../platform/errors.ts';
import { sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { codeSchema, reauthSchema, signInSchema } from './accounts.schemas.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { pendingEnrolmentKey } from './mfa-enrolment.ts';
import { handleForm, pick, requirePageActor, safeLocalPath, type PageDeps } from '../../http/page-helpers.ts';
import { reauthenticate } from './reauthenticate.ts';
import { chooseSignInNetwork, signInWithPassword, type NetworkChoice, type PasswordStep } from './sign-in-with-password.ts';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';

const nextOf = (request: FastifyRequest) => safeLocalPath((request.query as { next?: unknown }).next);
const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

function SignInPage({ view, values, errors, next }: { view: View; values: FormValues; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('signin.title')}>
      <h1>{view.t('signin.title')}</h1>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={withNext('/login', next)}>
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
      <p>
        <a href="/password/forgot">{view.t('signin.forgot_password')}</a>
      </p>
    </Layout>
  );
}

/** The password opened accounts in several networks: one button per network, nothing else. */
function NetworkChoicePage({ view, choice, next }: { view: View; choice: Pick<NetworkChoice, 'choiceToken' | 'networks'>; next: string }) {
  return (
    <Layout view={view} title={view.t('signin.choose_network_title')}>
      <h1>{view.t('signin.choose_network_title')}</h1>
      <p>{view.t('signin.choose_network_intro')}</p>
      <ul class="network-choice">
        {choice.networks.map((network) => (
          <li>
            <form method="post" action={withNext('/login/network', next)}>
              <input type="hidden" name="_csrf" value={view.csrfToken} />
              <input type="hidden" name="choiceToken" value={choice.choiceToken} />
              <input type="hidden" name="network" value={network.slug} />
              <button type="submit">{network.name}</button>
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const networkFormSchema = z.strictObject({ choiceToken: text().min(1).max(2000), network: text().trim().min(1).max(40) });

function CodePage({ view, errors, next }: { view: View; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('mfa.title')}>
      <h1>{view.t('mfa.title')}</h1>
      <p>{view.t('mfa.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={withNext('/login/mfa', next)}>
        <TextField
          name="code"
          label={view.t('field.code')}
          hint={view.t('mfa.code_hint')}
          values={{}}
          errors={errors}
          required
          autocomplete="one-time-code"
        />
        <SubmitButton label={view.t('mfa.submit')} />
      </Form>
    </Layout>
  );
}

function EnrolPage(props: { view: View; errors: FieldErrors; next: string; qrDataUrl: string; secret: string }) {
  const { view, errors } = props;
  return (
    <Layout view={view} title={view.t('enrol.title')}>
      <h1>{view.t('enrol.title')}</h1>
      <p>{view.t('enrol.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <ol class="steps">
        <li>
          <p>{view.t('enrol.step_scan')}</p>
          <img class="qr" src={props.qrDataUrl} alt={view.t('enrol.qr_alt')} width={200} height={200} />
          <p>
            {view.t('enrol.key_text')}{' '}
            <code class="secret" id="totp-secret">
              {props.secret.replace(/(.{4})/g, '$1 ').trim()}
            </code>
          </p>
        </li>
        <li>
          <Form view={view} action={withNext('/login/enrol', props.next)}>
            <TextField name="code" label={view.t('enrol.step_code')} values={{}} errors={errors} required autocomplete="one-time-code" />
            <SubmitButton label={view.t('enrol.submit')} />
          </Form>
        </li>
      </ol>
    </Layout>
  );
}

function RecoveryCodesPage({ view, codes, next }: { view: View; codes: string[]; next: string }) {
  return (
    <Layout view={view} title={view.t('recovery.title')} focused>
      <h1>{view.t('recovery.title')}</h1>
      <p>{view.t('recovery.intro')}</p>
      <ul class="recovery-codes" id="recovery-codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>{view.t('recovery.once')}</p>
      <p>
        <a class="button" href={next}>
          {view.t('recovery.continue')}
        </a>
      </p>
    </Layout>
  );
}

function ReauthPage({ view, errors, next }: { view: View; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('reauth.title')}>
      <h1>{view.t('reauth.title')}</h1>
      <p>{view.t('reauth.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={withNext('/reauth', next)}>
        <TextField
          name="password"
          type="password"
          label={view.t('field.password')}
          values={{}}
          errors={errors}
          required
          autocomplete="current-password"
          keepValue={false}
        />
        <TextField
          name="code"
          label={view.t('field.code')}
          hint={view.t('mfa.code_hint')}
          values={{}}
          errors={errors}
          required
          autocomplete="one-time-code"
        />
        <SubmitButton label={view.t('reauth.submit')} />
      </Form>
    </Layout>
  );
}

function requirePending(request: FastifyRequest) {
  if (!request.pendingSignIn) throw new AppError('unauthenticated');
  return request.pendingSignIn;
}

/** Sign-in in two steps (password, then code or enrolment), and re-authentication. */
export function registerSignInPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const issuer = (request: FastifyRequest) => `Partnertafel ${request.tenant?.name ?? ''}`.trim();
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
            {
              ...input,
              ip: request.ip,
              requestId: request.id,
              userAgent: request.headers['user-agent'],
              previousSessionId: request.cookies[cookies.session],
              issuer: issuer(request),
            },
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
      const step = await chooseSignInNetwork(
        {
          ...parsed.data,
          requestId: request.id,
          userAgent: request.headers['user-agent'],
          previousSessionId: request.cookies[cookies.session],
        },
        ctx,
      );
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
    const key = await pendingEnrolmentKey(ctx, pending, issuer(request));
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
