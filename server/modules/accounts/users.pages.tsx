import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import { AppError } from '../../platform/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import type { OrganisationTable } from '../../db/schema.ts';
import { LOCALES } from '../../platform/config.ts';
import { CheckboxGroup, ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { USER_STATUSES, userCreateSchema, userPatchSchema } from './accounts.schemas.ts';
import { findUser, listOrganisations, listUsers, type UserWithRoles } from './accounts.queries.ts';
import { createUser } from './create-user.ts';
import { asList, handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { updateUser } from './update-user.ts';
import { sendInvitation } from './send-invitation.ts';
import { resetSecondFactor } from './reset-second-factor.ts';

function UserList({ view, users, organisations }: { view: View; users: UserWithRoles[]; organisations: OrganisationTable[] }) {
  const organisationName = new Map(organisations.map((organisation) => [organisation.id, organisation.name]));
  return (
    <Layout view={view} title={view.t('users.title')}>
      <h1>{view.t('users.title')}</h1>
      <p>
        <a class="button" href="/admin/users/new">
          {view.t('users.add')}
        </a>
      </p>
      <table>
        <caption>{view.t('users.caption', { count: users.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{view.t('field.name')}</th>
            <th scope="col">{view.t('field.email')}</th>
            <th scope="col">{view.t('field.organisation')}</th>
            <th scope="col">{view.t('field.roles')}</th>
            <th scope="col">{view.t('field.status')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr>
              <th scope="row">
                <a href={`/admin/users/${user.id}`}>{user.name}</a>
              </th>
              <td>{user.email}</td>
              <td>{organisationName.get(user.organisation_id) ?? ''}</td>
              <td>{user.roles.map((role) => view.t(`role.${role}`)).join(', ')}</td>
              <td>{view.t(`status.${user.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function UserForm(props: {
  view: View;
  values: FormValues;
  errors: FieldErrors;
  organisations: OrganisationTable[];
  action: string;
  title: string;
  submit: string;
  editing: boolean;
  user?: UserWithRoles;
}) {
  const { view, values, errors } = props;
  return (
    <Layout view={view} title={props.title}>
      <p>
        <a href="/admin/users">{view.t('users.back')}</a>
      </p>
      <h1>{props.title}</h1>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={props.action}>
        <TextField name="name" label={view.t('field.name')} values={values} errors={errors} required autocomplete="off" />
        {props.editing ? (
          <p class="static-field">
            <span class="label">{view.t('field.email')}</span> {values.email}
          </p>
        ) : (
          <TextField
            name="email"
            type="email"
            label={view.t('field.email')}
            hint={view.t('users.email_hint')}
            values={values}
            errors={errors}
            required
            autocomplete="off"
          />
        )}
        <SelectField
          name="organisationId"
          label={view.t('field.organisation')}
          values={values}
          errors={errors}
          required
          placeholder={view.t('form.choose')}
          options={props.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        <CheckboxGroup
          name="roles"
          legend={view.t('field.roles')}
          hint={view.t('users.roles_hint')}
          values={values}
          errors={errors}
          options={ROLES.map((role) => ({ value: role, label: view.t(`role.${role}`) }))}
        />
        <SelectField
          name="locale"
          label={view.t('field.locale')}
          values={values}
          errors={errors}
          placeholder={view.t('users.locale_default')}
          options={LOCALES.map((locale) => ({ value: locale, label: view.t(`locale.${locale}`) }))}
        />
        {props.editing && (
          <SelectField
            name="status"
            label={view.t('field.status')}
            hint={view.t('users.status_hint')}
            values={values}
            errors={errors}
            required
            options={USER_STATUSES.map((status) => ({ value: status, label: view.t(`status.${status}`) }))}
          />
        )}
        <SubmitButton label={props.submit} />
      </Form>
      {props.user && <SignInSection view={view} user={props.user} />}
    </Layout>
  );
}

function SignInSection({ view, user }: { view: View; user: UserWithRoles }) {
  const invitationPending = user.password_hash === null;
  return (
    <section aria-labelledby="sign-in-heading" class="admin-actions">
      <h2 id="sign-in-heading">{view.t('users.sign_in_heading')}</h2>
      <p>
        {invitationPending
          ? view.t('users.invitation_pending')
          : user.mfa_enrolled_at
            ? view.t('users.mfa_enrolled')
            : view.t('users.mfa_not_enrolled')}
      </p>
      {invitationPending ? (
        <form method="post" action={`/admin/users/${user.id}/invitation`}>
          <input type="hidden" name="_csrf" value={view.csrfToken} />
          <button type="submit">{view.t('users.resend_invitation')}</button>
        </form>
      ) : (
        user.mfa_enrolled_at && (
          <form method="post" action={`/admin/users/${user.id}/mfa-reset`}>
            <input type="hidden" name="_csrf" value={view.csrfToken} />
            <p class="hint">{view.t('users.mfa_reset_hint')}</p>
            <button type="submit">{view.t('users.mfa_reset')}</button>
          </form>
        )
      )}
    </section>
  );
}

function valuesOf(user: UserWithRoles): FormValues {
  return {
    name: user.name,
    email: user.email,
    organisationId: user.organisation_id,
    roles: user.roles,
    locale: user.locale ?? undefined,
    status: user.status,
  };
}

/** Administrator screens for the people of the local network. */
export function registerUserPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const idOf = (params: unknown) => String((params as { id: string }).id);

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
    const view = viewFor(request, reply, cookies);
    return sendPage(
      reply,
      UserForm({
        view,
        values: {},
        errors: {},
        organisations,
        action: '/admin/users/new',
        title: view.t('users.new_title'),
        submit: view.t('users.create'),
        editing: false,
      }),
    );
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
      redraw: (view, values, errors) =>
        UserForm({
          view,
          values,
          errors,
          organisations,
          action: '/admin/users/new',
          title: view.t('users.new_title'),
          submit: view.t('users.create'),
          editing: false,
        }),
    });
  });

  app.get('/admin/users/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.read');
    const [user, organisations] = await Promise.all([findUser(ctx.db, actor, idOf(request.params)), listOrganisations(ctx.db, actor)]);
    if (!user) throw new AppError('not_found');
    const view = viewFor(request, reply, cookies);
    return sendPage(
      reply,
      UserForm({
        view,
        values: valuesOf(user),
        errors: {},
        organisations,
        action: `/admin/users/${user.id}`,
        title: view.t('users.edit_title'),
        submit: view.t('form.save'),
        editing: true,
        user,
      }),
    );
  });

  app.post('/admin/users/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const [user, organisations] = await Promise.all([findUser(ctx.db, actor, idOf(request.params)), listOrganisations(ctx.db, actor)]);
    if (!user) throw new AppError('not_found');
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
      redraw: (view, values, errors) =>
        UserForm({
          view,
          values: { ...values, email: user.email },
          errors,
          organisations,
          action: `/admin/users/${user.id}`,
          title: view.t('users.edit_title'),
          submit: view.t('form.save'),
          editing: true,
        }),
    });
  });

  app.post('/admin/users/:id/invitation', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const id = idOf(request.params);
    await sendInvitation({ userId: id }, actor, ctx);
    return redirectWithFlash(reply, cookies, `/admin/users/${id}`, 'flash.invitation_sent');
  });

  app.post('/admin/users/:id/mfa-reset', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'users.update');
    const id = idOf(request.params);
    await resetSecondFactor({ userId: id }, actor, ctx);
    return redirectWithFlash(reply, cookies, `/admin/users/${id}`, 'flash.mfa_reset');
  });
}
