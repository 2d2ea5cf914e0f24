import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { ConfirmLink } from '../../ui/confirm.tsx';
import { Layout } from '../../ui/layout.tsx';
import { endSessionPath, revokeTokenPath } from './account-confirmations.pages.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { OwnSession } from './list-own-sessions.ts';
import { tokenWorks, type OwnToken } from './list-own-tokens.ts';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from './api-token-lifetime.ts';

/* The user's own sessions and personal API tokens, as pure views. */

const formatTime = (view: View, iso: string | null) => (iso ? formatLocalTime(iso, view.locale) : view.t('account.never'));

export function SessionsPage({ view, sessions }: { view: View; sessions: OwnSession[] }) {
  return (
    <Layout view={view} title={view.t('sessions.title')}>
      <h1>{view.t('sessions.title')}</h1>
      <p>{view.t('sessions.intro')}</p>
      <table>
        <caption>{view.t('sessions.caption', { count: sessions.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{view.t('sessions.device')}</th>
            <th scope="col">{view.t('sessions.started')}</th>
            <th scope="col">{view.t('sessions.last_seen')}</th>
            <th scope="col">{view.t('sessions.action')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr>
              <th scope="row">{session.device ?? view.t('sessions.unknown_device')}</th>
              <td>{formatTime(view, session.createdAt)}</td>
              <td>{formatTime(view, session.lastSeenAt)}</td>
              <td>
                {session.current ? (
                  view.t('sessions.this_one')
                ) : (
                  <ConfirmLink
                    href={endSessionPath(session.id)}
                    label={view.t('sessions.end')}
                    accessibleName={view.t('sessions.end_named', {
                      device: session.device ?? view.t('sessions.unknown_device'),
                      date: formatTime(view, session.createdAt),
                    })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function TokensPage(props: {
  view: View;
  tokens: OwnToken[];
  values: FormValues;
  errors: FieldErrors;
  created: { name: string; token: string; expiresAt: string } | null;
  now: Date;
}) {
  const { view, errors } = props;
  return (
    <Layout view={view} title={view.t('tokens.title')}>
      <h1>{view.t('tokens.title')}</h1>
      <p>{view.t('tokens.intro')}</p>
      {props.created && (
        <div class="flash" role="status">
          <p>{view.t('tokens.created', { name: props.created.name })}</p>
          <p>{view.t('tokens.created_expires', { date: formatTime(view, props.created.expiresAt) })}</p>
          <p>
            <code id="new-token">{props.created.token}</code>
          </p>
        </div>
      )}
      <h2>{view.t('tokens.new')}</h2>
      <ErrorSummary view={view} errors={errors} labels={{ name: view.t('field.token_name'), expiresInDays: view.t('field.token_expires_in_days') }} />
      <Form view={view} action="/account/tokens">
        <TextField
          name="name"
          label={view.t('field.token_name')}
          hint={view.t('tokens.name_hint')}
          values={props.values}
          errors={errors}
          required
          autocomplete="off"
        />
        <TextField
          name="expiresInDays"
          type="number"
          label={view.t('field.token_expires_in_days')}
          hint={view.t('tokens.expiry_hint', { default: API_TOKEN_DEFAULT_DAYS, max: API_TOKEN_MAX_DAYS })}
          values={{ expiresInDays: String(API_TOKEN_DEFAULT_DAYS), ...props.values }}
          errors={errors}
          autocomplete="off"
        />
        <SubmitButton label={view.t('tokens.create')} />
      </Form>
      <h2>{view.t('tokens.existing')}</h2>
      {props.tokens.length === 0 ? (
        <p>{view.t('tokens.none')}</p>
      ) : (
        <table>
          <caption>{view.t('tokens.caption', { count: props.tokens.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('field.token_name')}</th>
              <th scope="col">{view.t('tokens.created_at')}</th>
              <th scope="col">{view.t('tokens.last_used')}</th>
              <th scope="col">{view.t('tokens.expires_at')}</th>
              <th scope="col">{view.t('sessions.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((token) => (
              <tr>
                <th scope="row">{token.name}</th>
                <td>{formatTime(view, token.createdAt)}</td>
                <td>{formatTime(view, token.lastUsedAt)}</td>
                <td>{formatTime(view, token.expiresAt)}</td>
                <td>
                  {token.revokedAt ? (
                    view.t('tokens.revoked')
                  ) : !tokenWorks(token, props.now) ? (
                    view.t('tokens.expired')
                  ) : (
                    <ConfirmLink
                      href={revokeTokenPath(token.id)}
                      label={view.t('tokens.revoke')}
                      accessibleName={view.t('tokens.revoke_named', { name: token.name })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
