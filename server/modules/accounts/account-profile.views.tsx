import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import { NewPasswordFields } from './password.views.tsx';
import type { FieldErrors, View } from '../../ui/view.ts';
import type { Me } from './accounts.schemas.ts';

/* The account page (profile and links to what the user manages of their own) and the change of password. */

export function AccountPage({ view, me, mayManageTokens }: { view: View; me: Me; mayManageTokens: boolean }) {
  const facts: [string, string][] = [
    [view.t('field.name'), me.name],
    [view.t('field.email'), me.email],
    [view.t('field.organisation'), me.organisation.name],
    [view.t('field.roles'), me.roles.map((role) => view.t(`role.${role}`)).join(', ')],
    [view.t('field.locale'), view.t(`locale.${me.locale}`)],
  ];
  return (
    <Layout view={view} title={view.t('account.title')}>
      <h1>{view.t('account.title')}</h1>
      <section aria-labelledby="account-profile">
        <h2 id="account-profile">{view.t('account.profile')}</h2>
        <dl class="facts">
          {facts.map(([term, value]) => (
            <div>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p>{view.t('account.profile_help')}</p>
      </section>
      <section aria-labelledby="account-security">
        <h2 id="account-security">{view.t('account.security')}</h2>
        <ul>
          <li>
            <a href="/account/password">{view.t('account.password.title')}</a>
          </li>
          <li>
            <a href="/account/sessions">{view.t('sessions.title')}</a>
          </li>
          {mayManageTokens && (
            <li>
              <a href="/account/tokens">{view.t('tokens.title')}</a>
            </li>
          )}
        </ul>
      </section>
      <section aria-labelledby="account-calendar">
        <h2 id="account-calendar">{view.t('account.calendar')}</h2>
        <p>{view.t('account.calendar_help')}</p>
        <p>
          <a href="/account/calendar-feed">{view.t('calendar_feed.title')}</a>
        </p>
      </section>
    </Layout>
  );
}

export function ChangePasswordPage({ view, errors }: { view: View; errors: FieldErrors }) {
  return (
    <Layout view={view} title={view.t('account.password.title')}>
      <p>
        <a href="/account">{view.t('account.back')}</a>
      </p>
      <h1>{view.t('account.password.title')}</h1>
      <p>{view.t('account.password.intro')}</p>
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{
          currentPassword: view.t('field.current_password'),
          newPassword: view.t('field.new_password'),
          newPasswordConfirmation: view.t('field.password_confirmation'),
        }}
      />
      <Form view={view} action="/account/password">
        <TextField
          name="currentPassword"
          type="password"
          label={view.t('field.current_password')}
          values={{}}
          errors={errors}
          required
          autocomplete="current-password"
        />
        <NewPasswordFields view={view} errors={errors} names={{ password: 'newPassword', confirmation: 'newPasswordConfirmation' }} />
        <SubmitButton label={view.t('account.password.submit')} />
      </Form>
    </Layout>
  );
}
