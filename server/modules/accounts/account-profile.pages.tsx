import type { FastifyInstance } from 'fastify';
import { can } from '../../access/authorize.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { parseInput } from '../../http/validation.ts';
import { passwordChangeFormSchema } from './accounts.schemas.ts';
import { AccountPage, ChangePasswordPage } from './account-profile.views.tsx';
import { changeOwnPassword } from './change-own-password.ts';
import { getMe } from './get-me.ts';

/**
 * The account page behind the header's "My account" (profile, password, sessions, API tokens) and the
 * change of password. The password form asks for the current password instead of a recent sign-in.
 */
export function registerAccountProfilePages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/account', async (request, reply) => {
    const actor = requirePageActor(request);
    const me = await getMe({ locale: request.locale }, actor, ctx);
    return sendPage(reply, AccountPage({ view: viewFor(request, reply, cookies), me, mayManageTokens: can(actor, 'me.createToken') }));
  });

  app.get('/account/password', async (request, reply) => {
    requirePageActor(request);
    return sendPage(reply, ChangePasswordPage({ view: viewFor(request, reply, cookies), errors: {} }));
  });

  app.post('/account/password', async (request, reply) => {
    const actor = requirePageActor(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(passwordChangeFormSchema, pick(values, ['currentPassword', 'newPassword', 'newPasswordConfirmation']));
        await changeOwnPassword({ currentPassword: input.currentPassword, newPassword: input.newPassword }, actor, ctx);
        return redirectWithFlash(reply, cookies, '/account', 'flash.password_changed');
      },
      redraw: (view, _values, errors) => ChangePasswordPage({ view, errors }),
    });
  });
}
