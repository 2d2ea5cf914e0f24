import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { listOwnSessions, type OwnSession } from './list-own-sessions.ts';
import { endOwnSession } from './end-own-session.ts';
import { listOwnTokens, type OwnToken } from './list-own-tokens.ts';
import { createOwnToken } from './create-own-token.ts';
import { revokeOwnToken } from './revoke-own-token.ts';
import { handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { authorize } from '../../access/authorize.ts';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from './api-token-lifetime.ts';

export const tokenCreateSchema = z.strictObject({
  name: text().trim().min(1).max(100).describe('A name to recognise the token by'),
  expiresInDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(API_TOKEN_MAX_DAYS)
    .optional()
    .describe(`Days until the token stops working, 1 to ${API_TOKEN_MAX_DAYS}; ${API_TOKEN_DEFAULT_DAYS} when left out`),
});

const formatTime = (view: View, iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(iso))
    : view.t('account.never');

function SessionsPage({ view, sessions }: { view: View; sessions: OwnSession[] }) {
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
                  <form method="post" action="/account/sessions/end">
                    <input type="hidden" name="_csrf" value={view.csrfToken} />
                    <input type="hidden" name="id" value={session.id} />
                    <button type="submit">{view.t('sessions.end')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function TokensPage(props: {
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
      <ErrorSummary view={view} errors={errors} />
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
                  ) : token.expiresAt === null || Date.parse(token.expiresAt) <= props.now.getTime() ? (
                    view.t('tokens.expired')
                  ) : (
                    <form method="post" action={`/account/tokens/${token.id}/revoke`}>
                      <input type="hidden" name="_csrf" value={view.csrfToken} />
                      <button type="submit">{view.t('tokens.revoke')}</button>
                    </form>
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

/** The user's own sessions and personal API tokens. */
export function registerAccountSelfPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/account/sessions', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, SessionsPage({ view: viewFor(request, reply, cookies), sessions: await listOwnSessions(actor, ctx) }));
  });

  app.post('/account/sessions/end', async (request, reply) => {
    const actor = requirePageActor(request);
    const { id } = parseInput(z.strictObject({ id: text().min(1).max(64) }), pick((request.body ?? {}) as FormValues, ['id']));
    await endOwnSession({ id }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/account/sessions', 'flash.session_ended');
  });

  app.get('/account/tokens', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(
      reply,
      TokensPage({
        view: viewFor(request, reply, cookies),
        tokens: await listOwnTokens(actor, ctx),
        values: {},
        errors: {},
        created: null,
        now: ctx.clock.now(),
      }),
    );
  });

  app.post('/account/tokens', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'me.createToken');
    const tokens = await listOwnTokens(actor, ctx);
    const now = ctx.clock.now();
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(tokenCreateSchema, {
          ...pick(values, ['name']),
          ...(values.expiresInDays && { expiresInDays: values.expiresInDays }),
        });
        const created = await createOwnToken(input, actor, ctx);
        const view = viewFor(request, reply, cookies);
        return sendPage(reply, TokensPage({ view, tokens: await listOwnTokens(actor, ctx), values: {}, errors: {}, created, now }), 201);
      },
      redraw: (view, values, errors) => TokensPage({ view, tokens, values, errors, created: null, now }),
    });
  });

  app.post('/account/tokens/:id/revoke', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    await revokeOwnToken({ id: String((request.params as { id: string }).id) }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/account/tokens', 'flash.token_revoked');
  });
}
