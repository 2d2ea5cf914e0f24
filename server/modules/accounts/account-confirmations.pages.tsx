import type { FastifyInstance } from 'fastify';
import { requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { AppError } from '../../platform/errors.ts';
import { ConfirmPage } from '../../ui/confirm.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';
import { listOwnSessions } from './list-own-sessions.ts';
import { listOwnTokens, tokenWorks } from './list-own-tokens.ts';

/** The user's own tokens and sessions pages: revoking and ending return there, and Cancel goes back there. */
export const TOKENS_PLACE = '/account/tokens';
export const SESSIONS_PLACE = '/account/sessions';
export const revokeTokenPath = (id: string): string => `/account/tokens/${id}/revoke`;
/** A session is named by its handle (a hash, not a UUID: `:handle`, so the path check lets it through). */
export const endSessionPath = (handle: string): string => `/account/sessions/${handle}/end`;

const when = (view: View, iso: string | null) => (iso ? formatLocalTime(iso, view.locale) : view.t('account.never'));

/**
 * Confirmation pages (server/ui/confirm.tsx) before revoking one of the user's API tokens or ending
 * one of their other sessions; each posts to the existing step. Only the user's own token that still
 * works, or own session other than the current one, has a page: anything else is 404.
 */
export function registerAccountConfirmationPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/account/tokens/:id/revoke', async (request, reply) => {
    const actor = requirePageActor(request);
    const now = ctx.clock.now();
    const token = (await listOwnTokens(actor, ctx)).find((candidate) => candidate.id === pathParam(request) && tokenWorks(candidate, now));
    if (!token) throw new AppError('not_found');
    const view = viewFor(request, reply, cookies);
    const page = ConfirmPage({
      view,
      title: view.t('confirm.revoke_token.title', { name: token.name }),
      summary: [
        [view.t('field.token_name'), token.name],
        [view.t('tokens.created_at'), when(view, token.createdAt)],
        [view.t('tokens.last_used'), when(view, token.lastUsedAt)],
        [view.t('tokens.expires_at'), when(view, token.expiresAt)],
      ],
      consequences: [view.t('confirm.revoke_token.stops_working')],
      irreversible: view.t('confirm.revoke_token.irreversible'),
      action: revokeTokenPath(token.id),
      confirmLabel: view.t('confirm.revoke_token.confirm'),
      cancelHref: TOKENS_PLACE,
    });
    return sendPage(reply, page);
  });

  app.get('/account/sessions/:handle/end', async (request, reply) => {
    const actor = requirePageActor(request);
    const session = (await listOwnSessions(actor, ctx)).find((candidate) => candidate.id === pathParam(request, 'handle') && !candidate.current);
    if (!session) throw new AppError('not_found');
    const view = viewFor(request, reply, cookies);
    const page = ConfirmPage({
      view,
      title: view.t('confirm.end_session.title'),
      summary: [
        [view.t('sessions.device'), session.device ?? view.t('sessions.unknown_device')],
        [view.t('sessions.started'), when(view, session.createdAt)],
        [view.t('sessions.last_seen'), when(view, session.lastSeenAt)],
      ],
      consequences: [view.t('confirm.end_session.signs_out')],
      irreversible: view.t('confirm.end_session.irreversible'),
      action: '/account/sessions/end',
      hidden: { id: session.id },
      confirmLabel: view.t('confirm.end_session.confirm'),
      cancelHref: SESSIONS_PLACE,
    });
    return sendPage(reply, page);
  });
}
