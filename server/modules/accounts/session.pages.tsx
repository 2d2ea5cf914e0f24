import type { FastifyInstance } from 'fastify';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { Layout } from '../../ui/layout.tsx';
import type { FormValues, View } from '../../ui/view.ts';
import { languageSchema } from './accounts.schemas.ts';
import { changeOwnLocale } from './change-own-locale.ts';
import { pick, requirePageActor, safeLocalPath, type PageDeps } from '../../http/page-helpers.ts';
import { dropSession, endSession } from './sessions.ts';
import { HomePage } from './home.views.tsx';
import type { ModuleRegistration } from '../module-manifest.ts';

function NotSetUpPage({ view }: { view: View }) {
  return (
    <Layout view={view} title={view.t('setup.not_set_up_title')}>
      <h1>{view.t('setup.not_set_up_title')}</h1>
      <p>{view.t('setup.not_set_up_help')}</p>
    </Layout>
  );
}

/** Home (the panels every module contributes), sign-out and the language switch. */
export function registerSessionPages(app: FastifyInstance, deps: PageDeps, homePanels: ModuleRegistration['homePanels']): void {
  const { ctx, cookies } = deps;

  app.get('/', async (request, reply) => {
    if (!request.actor) {
      if ((await ctx.system.countTenants()) === 0) return sendPage(reply, NotSetUpPage({ view: viewFor(request, reply, cookies) }));
      return reply.redirect('/login', 303);
    }
    const view = viewFor(request, reply, cookies);
    return sendPage(reply, HomePage({ view, panels: await homePanels(request.actor, { t: view.t, locale: view.locale }) }));
  });

  app.post('/logout', async (request, reply) => {
    if (request.actor) await endSession(ctx, request.actor, 'sign_out');
    else if (request.pendingSignIn) await dropSession(ctx, request.pendingSignIn);
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
