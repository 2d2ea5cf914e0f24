import type { FastifyInstance } from 'fastify';
import { pathParam } from '../../http/route-config.ts';
import { abilities, authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { AppError } from '../../platform/errors.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { parseInput } from '../../http/validation.ts';
import {
  meOutput,
  organisationCreateSchema,
  organisationOutput,
  organisationPatchSchema,
  userCreateSchema,
  userOutput,
  userPatchSchema,
} from './accounts.schemas.ts';
import { presentOrganisation, presentUser } from './accounts.presenter.ts';
import { findOrganisation, findUser, listOrganisations, listUsers } from './accounts.queries.ts';
import { createOrganisation } from './create-organisation.ts';
import { createUser } from './create-user.ts';
import { getMe } from './get-me.ts';
import { updateOrganisation } from './update-organisation.ts';
import { updateUser } from './update-user.ts';
import { sendInvitation } from './send-invitation.ts';
import { resetSecondFactor } from './reset-second-factor.ts';

/** JSON API of the accounts module (API.md "Accounts" and `me`). */
export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const organisationAbilities = ['organisations.update'] as const;
  const userAbilities = ['users.update'] as const;

  route({ method: 'GET', url: '/api/v1/me', summary: 'The signed-in user', tag: 'me', response: meOutput }, async (request) => {
    const actor = requireActor(request);
    return { body: { data: await getMe({ locale: request.locale }, actor, ctx), abilities: {} } };
  });

  route(
    {
      method: 'GET',
      url: '/api/v1/organisations',
      summary: 'Organisations of the local network',
      tag: 'accounts',
      response: organisationOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'organisations.list');
      return { body: { data: (await listOrganisations(ctx.db, actor)).map(presentOrganisation), nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/organisations',
      recentSignIn: true,
      summary: 'Add an organisation',
      tag: 'accounts',
      body: organisationCreateSchema,
      response: organisationOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'organisations.create');
      const data = await createOrganisation({ input: parseInput(organisationCreateSchema, request.body) }, actor, ctx);
      return { body: { data, abilities: abilities(actor, organisationAbilities) } };
    },
  );
  route(
    { method: 'GET', url: '/api/v1/organisations/:id', summary: 'One organisation', tag: 'accounts', response: organisationOutput },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'organisations.read');
      const row = await findOrganisation(ctx.db, actor, pathParam(request));
      if (!row) throw new AppError('not_found');
      return { body: { data: presentOrganisation(row), abilities: abilities(actor, organisationAbilities) } };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/organisations/:id',
      recentSignIn: true,
      summary: 'Change an organisation',
      tag: 'accounts',
      body: organisationPatchSchema,
      response: organisationOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'organisations.update');
      const data = await updateOrganisation({ id: pathParam(request), input: parseInput(organisationPatchSchema, request.body) }, actor, ctx);
      return { body: { data, abilities: abilities(actor, organisationAbilities) } };
    },
  );

  route(
    { method: 'GET', url: '/api/v1/users', summary: 'Users of the local network', tag: 'accounts', response: userOutput, list: true },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'users.list');
      return { body: { data: (await listUsers(ctx.db, actor)).map(presentUser), nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/users',
      recentSignIn: true,
      summary: 'Add a user',
      tag: 'accounts',
      body: userCreateSchema,
      response: userOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'users.create');
      const created = await createUser({ input: parseInput(userCreateSchema, request.body) }, actor, ctx);
      const invitationSent = await sendInvitation({ userId: created.user.id }, actor, ctx).then(
        () => true,
        (error: unknown) => {
          request.log.error({ err: error }, 'invitation mail failed');
          return false;
        },
      );
      return { body: { data: { ...created.user, invitationSent }, abilities: abilities(actor, userAbilities) } };
    },
  );
  route({ method: 'GET', url: '/api/v1/users/:id', summary: 'One user', tag: 'accounts', response: userOutput }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'users.read');
    const row = await findUser(ctx.db, actor, pathParam(request));
    if (!row) throw new AppError('not_found');
    return { body: { data: presentUser(row), abilities: abilities(actor, userAbilities) } };
  });
  route(
    {
      method: 'POST',
      url: '/api/v1/users/:id/invitation',
      recentSignIn: true,
      summary: 'Send the invitation mail again (new link, 72 h)',
      tag: 'accounts',
      status: 204,
    },
    async (request) => {
      await sendInvitation({ userId: pathParam(request) }, requireActor(request), ctx);
      return { status: 204, body: null };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/users/:id/mfa-reset',
      recentSignIn: true,
      summary: "Reset a user's authenticator (lost phone); audited",
      tag: 'accounts',
      status: 204,
    },
    async (request) => {
      await resetSecondFactor({ userId: pathParam(request) }, requireActor(request), ctx);
      return { status: 204, body: null };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/users/:id',
      recentSignIn: true,
      summary: 'Change a user (roles, status …)',
      tag: 'accounts',
      body: userPatchSchema,
      response: userOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'users.update');
      const data = await updateUser({ id: pathParam(request), input: parseInput(userPatchSchema, request.body) }, actor, ctx);
      return { body: { data, abilities: abilities(actor, userAbilities) } };
    },
  );
}
