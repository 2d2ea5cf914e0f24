import type { FastifyInstance } from 'fastify';
import { pathParam } from '../../http/route-config.ts';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import { AppError } from '../../platform/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { userCreateSchema, userPatchSchema } from './accounts.schemas.ts';
import { findUser, listOrganisations, listUsers } from './accounts.queries.ts';
import { EditUserForm, NewUserForm, UserList, valuesOf } from './users.views.tsx';
import { createUser } from './create-user.ts';
import { asList, handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { updateUser } from './update-user.ts';
import { sendInvitation } from './send-invitation.ts';
import { resetSecondFactor } from './reset-second-factor.ts';

/** Administrator screens for the people of the local network. */
export function registerUserPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  /** The user (unknown: not_found) and the organisations to choose from. */
  const userWithOrganisations = async (actor: Actor, id: string) => {
    const [user, organisations] = await Promise.all([findUser(ctx.db, actor, id), listOrganisations(ctx.db, actor)]);
    if (!user) throw new AppError('not_found');
    return { user, organisations };
  };

  app.get('/admin/users', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.list');
    const [users, organisations] = await Promise.all([listUsers(ctx.db, actor), listOrganisations(ctx.db, actor)]);
    return sendPage(reply, UserList({ view: viewFor(request, reply, cookies), users, organisations }));
  });

  app.get('/admin/users/new', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.create');
    const organisations = await listOrganisations(ctx.db, actor);
    return sendPage(reply, NewUserForm({ view: viewFor(request, reply, cookies), values: {}, errors: {}, organisations }));
  });

  // Authorise first, then validate: a refused role gets 403 (audited), never the organisation list.
  app.post('/admin/users/new', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.create');
    const organisations = await listOrganisations(ctx.db, actor);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(userCreateSchema, { ...pick(values, ['name', 'email', 'organisationId', 'locale']), roles: asList(values.roles) });
        const created = await createUser({ input }, actor, ctx);
        const sent = await sendInvitation({ userId: created.user.id }, actor, ctx).then(
          () => true,
          (error: unknown) => {
            request.log.error({ err: error }, 'invitation mail failed');
            return false;
          },
        );
        return redirectWithFlash(reply, cookies, '/admin/users', sent ? 'flash.user_created' : 'flash.user_created_mail_failed');
      },
      redraw: (view, values, errors) => NewUserForm({ view, values, errors, organisations }),
    });
  });

  app.get('/admin/users/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.read');
    const { user, organisations } = await userWithOrganisations(actor, pathParam(request));
    const view = viewFor(request, reply, cookies);
    return sendPage(reply, EditUserForm({ view, values: valuesOf(user), errors: {}, organisations, userId: user.id, signIn: user }));
  });

  app.post('/admin/users/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const { user, organisations } = await userWithOrganisations(actor, pathParam(request));
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(userPatchSchema, {
          ...pick(values, ['name', 'organisationId', 'status']),
          roles: asList(values.roles),
          locale: values.locale ?? null,
        });
        await updateUser({ id: user.id, input }, actor, ctx);
        return redirectWithFlash(reply, cookies, '/admin/users', 'flash.user_saved');
      },
      // After a validation error the form is drawn again without the sign-in section.
      redraw: (view, values, errors) => EditUserForm({ view, values: { ...values, email: user.email }, errors, organisations, userId: user.id }),
    });
  });

  app.post('/admin/users/:id/invitation', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const id = pathParam(request);
    await sendInvitation({ userId: id }, actor, ctx);
    return redirectWithFlash(reply, cookies, `/admin/users/${id}`, 'flash.invitation_sent');
  });

  app.post('/admin/users/:id/mfa-reset', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const id = pathParam(request);
    await resetSecondFactor({ userId: id }, actor, ctx);
    return redirectWithFlash(reply, cookies, `/admin/users/${id}`, 'flash.mfa_reset');
  });
}
