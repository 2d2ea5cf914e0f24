import { ROLES } from '../../access/actor.ts';
import type { OrganisationTable } from '../../db/schema.ts';
import { LOCALES } from '../../platform/config.ts';
import { ButtonForm, CheckboxGroup, ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { USER_STATUSES } from './accounts.schemas.ts';
import type { UserWithRoles } from './accounts.queries.ts';

/* The administrator's screens for the people of the network, as pure views of what the page handlers loaded. */

export function UserList({ view, users, organisations }: { view: View; users: UserWithRoles[]; organisations: OrganisationTable[] }) {
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
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{
          name: view.t('field.name'),
          email: view.t('field.email'),
          organisationId: view.t('field.organisation'),
          roles: view.t('field.roles'),
          locale: view.t('field.locale'),
          status: view.t('field.status'),
        }}
      />
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
        <ButtonForm view={view} action={`/admin/users/${user.id}/invitation`} label={view.t('users.resend_invitation')} />
      ) : (
        user.mfa_enrolled_at && (
          <ButtonForm view={view} action={`/admin/users/${user.id}/mfa-reset`} label={view.t('users.mfa_reset')}>
            <p class="hint">{view.t('users.mfa_reset_hint')}</p>
          </ButtonForm>
        )
      )}
    </section>
  );
}

/** A stored user as the values of the edit form. */
export function valuesOf(user: UserWithRoles): FormValues {
  return {
    name: user.name,
    email: user.email,
    organisationId: user.organisation_id,
    roles: user.roles,
    locale: user.locale ?? undefined,
    status: user.status,
  };
}

interface UserFormState {
  readonly view: View;
  readonly values: FormValues;
  readonly errors: FieldErrors;
  readonly organisations: OrganisationTable[];
}

/** The form that adds a person (an invitation goes out when it is saved). */
export function NewUserForm(state: UserFormState) {
  return UserForm({
    ...state,
    action: '/admin/users/new',
    title: state.view.t('users.new_title'),
    submit: state.view.t('users.create'),
    editing: false,
  });
}

/** The form that changes a person; with `signIn`, the section about their sign-in (invitation, authenticator) below it. */
export function EditUserForm(state: UserFormState & { userId: string; signIn?: UserWithRoles }) {
  const { userId, signIn, ...form } = state;
  return UserForm({
    ...form,
    action: `/admin/users/${userId}`,
    title: state.view.t('users.edit_title'),
    submit: state.view.t('form.save'),
    editing: true,
    ...(signIn && { user: signIn }),
  });
}
