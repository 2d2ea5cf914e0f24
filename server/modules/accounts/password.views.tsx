import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';

/* Choosing a password through a mail link, and asking for such a link, as pure views. */

function NewPasswordPage(props: { view: View; errors: FieldErrors; action: string; title: string; intro: string }) {
  const { view, errors } = props;
  return (
    <Layout view={view} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{ password: view.t('field.new_password'), passwordConfirmation: view.t('field.password_confirmation') }}
      />
      <Form view={view} action={props.action}>
        <NewPasswordFields view={view} errors={errors} names={{ password: 'password', confirmation: 'passwordConfirmation' }} />
        <SubmitButton label={view.t('password.submit')} />
      </Form>
    </Layout>
  );
}

/** A new password and its confirmation (never sent back to the browser), under the field names the form posts. */
export function NewPasswordFields(props: { view: View; errors: FieldErrors; names: { password: string; confirmation: string } }) {
  const { view, errors, names } = props;
  return (
    <>
      <TextField
        name={names.password}
        type="password"
        label={view.t('field.new_password')}
        hint={view.t('setup.password_hint')}
        values={{}}
        errors={errors}
        required
        autocomplete="new-password"
      />
      <TextField
        name={names.confirmation}
        type="password"
        label={view.t('field.password_confirmation')}
        values={{}}
        errors={errors}
        required
        autocomplete="new-password"
      />
    </>
  );
}

export function ForgotPage({ view, values, errors, sent }: { view: View; values: FormValues; errors: FieldErrors; sent: boolean }) {
  return (
    <Layout view={view} title={view.t('forgot.title')}>
      <h1>{view.t('forgot.title')}</h1>
      {sent ? (
        <p role="status">{view.t('forgot.sent')}</p>
      ) : (
        <>
          <p>{view.t('forgot.intro')}</p>
          <ErrorSummary view={view} errors={errors} labels={{ email: view.t('field.email') }} />
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

/** The page behind an invitation link: choose a first password. */
export const invitationPage = (view: View, token: string, errors: FieldErrors) =>
  NewPasswordPage({
    view,
    errors,
    action: `/invitation/${encodeURIComponent(token)}`,
    title: view.t('invitation.title'),
    intro: view.t('invitation.intro'),
  });

/** The page behind a reset link: choose a new password. */
export const resetPage = (view: View, token: string, errors: FieldErrors) =>
  NewPasswordPage({
    view,
    errors,
    action: `/password/reset/${encodeURIComponent(token)}`,
    title: view.t('reset.title'),
    intro: view.t('reset.intro'),
  });
