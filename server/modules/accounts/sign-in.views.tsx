import { ButtonForm, ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { NetworkChoice } from './sign-in-with-password.ts';

/* The sign-in screens (password, network, code, enrolment, recovery codes, re-authentication) as pure views. */

/** A path with the place to go back to after signing in (none when that is the start page). */
export const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

/** The password the user signs in with; never sent back to the browser. */
function CurrentPasswordField({ view, errors }: { view: View; errors: FieldErrors }) {
  return (
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
  );
}

export function SignInPage({ view, values, errors, next }: { view: View; values: FormValues; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('signin.title')}>
      <h1>{view.t('signin.title')}</h1>
      <ErrorSummary view={view} errors={errors} labels={{ email: view.t('field.email'), password: view.t('field.password') }} />
      <Form view={view} action={withNext('/login', next)}>
        <TextField name="email" type="email" label={view.t('field.email')} values={values} errors={errors} required autocomplete="username" />
        <CurrentPasswordField view={view} errors={errors} />
        <SubmitButton label={view.t('signin.submit')} />
      </Form>
      <p>
        <a href="/password/forgot">{view.t('signin.forgot_password')}</a>
      </p>
    </Layout>
  );
}

/** The password opened accounts in several networks: one button per network, nothing else. */
export function NetworkChoicePage({ view, choice, next }: { view: View; choice: Pick<NetworkChoice, 'choiceToken' | 'networks'>; next: string }) {
  return (
    <Layout view={view} title={view.t('signin.choose_network_title')}>
      <h1>{view.t('signin.choose_network_title')}</h1>
      <p>{view.t('signin.choose_network_intro')}</p>
      <ul class="network-choice">
        {choice.networks.map((network) => (
          <li>
            <ButtonForm
              view={view}
              action={withNext('/login/network', next)}
              hidden={{ choiceToken: choice.choiceToken, network: network.slug }}
              label={network.name}
            />
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The six digits of the authenticator app (or a recovery code), never kept between attempts. */
function CodeField({ view, errors }: { view: View; errors: FieldErrors }) {
  return (
    <TextField
      name="code"
      label={view.t('field.code')}
      hint={view.t('mfa.code_hint')}
      values={{}}
      errors={errors}
      required
      autocomplete="one-time-code"
    />
  );
}

export function CodePage({ view, errors, next }: { view: View; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('mfa.title')}>
      <h1>{view.t('mfa.title')}</h1>
      <p>{view.t('mfa.intro')}</p>
      <ErrorSummary view={view} errors={errors} labels={{ code: view.t('field.code') }} />
      <Form view={view} action={withNext('/login/mfa', next)}>
        <CodeField view={view} errors={errors} />
        <SubmitButton label={view.t('mfa.submit')} />
      </Form>
    </Layout>
  );
}

export function EnrolPage(props: { view: View; errors: FieldErrors; next: string; qrDataUrl: string; secret: string }) {
  const { view, errors } = props;
  return (
    <Layout view={view} title={view.t('enrol.title')}>
      <h1>{view.t('enrol.title')}</h1>
      <p>{view.t('enrol.intro')}</p>
      <ErrorSummary view={view} errors={errors} labels={{ code: view.t('enrol.step_code') }} />
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

export function RecoveryCodesPage({ view, codes, next }: { view: View; codes: string[]; next: string }) {
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

export function ReauthPage({ view, errors, next }: { view: View; errors: FieldErrors; next: string }) {
  return (
    <Layout view={view} title={view.t('reauth.title')}>
      <h1>{view.t('reauth.title')}</h1>
      <p>{view.t('reauth.intro')}</p>
      <ErrorSummary view={view} errors={errors} labels={{ password: view.t('field.password'), code: view.t('field.code') }} />
      <Form view={view} action={withNext('/reauth', next)}>
        <CurrentPasswordField view={view} errors={errors} />
        <CodeField view={view} errors={errors} />
        <SubmitButton label={view.t('reauth.submit')} />
      </Form>
    </Layout>
  );
}
