import { ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalDay } from '../../ui/local-time.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { OrganisationTable } from '../../db/schema.ts';
import { SECRECY_REGIMES, SECTORS } from './accounts.schemas.ts';

/* The administrator's screens for the organisations around the table, as pure views. */

export function OrganisationList({ view, organisations }: { view: View; organisations: OrganisationTable[] }) {
  return (
    <Layout view={view} title={view.t('organisations.title')}>
      <h1>{view.t('organisations.title')}</h1>
      <p>
        <a class="button" href="/admin/organisations/new">
          {view.t('organisations.add')}
        </a>
      </p>
      {organisations.length === 0 ? (
        <p>{view.t('organisations.empty')}</p>
      ) : (
        <table>
          <caption>{view.t('organisations.caption', { count: organisations.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('field.name')}</th>
              <th scope="col">{view.t('field.sector')}</th>
              <th scope="col">{view.t('field.secrecyRegime')}</th>
              <th scope="col">{view.t('field.protocolSignedOn')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/organisations/${organisation.id}`}>{organisation.name}</a>
                </th>
                <td>{view.t(`sector.${organisation.sector}`)}</td>
                <td>{view.t(`secrecy.${organisation.secrecy_regime}`)}</td>
                <td>
                  {organisation.protocol_signed_on
                    ? formatLocalDay(organisation.protocol_signed_on, view.locale)
                    : view.t('organisations.no_protocol')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function OrganisationForm(props: { view: View; values: FormValues; errors: FieldErrors; action: string; title: string; submit: string }) {
  const { view, values, errors } = props;
  return (
    <Layout view={view} title={props.title}>
      <p>
        <a href="/admin/organisations">{view.t('organisations.back')}</a>
      </p>
      <h1>{props.title}</h1>
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{
          name: view.t('field.name'),
          sector: view.t('field.sector'),
          secrecyRegime: view.t('field.secrecyRegime'),
          protocolSignedOn: view.t('field.protocolSignedOn'),
        }}
      />
      <Form view={view} action={props.action}>
        <TextField name="name" label={view.t('field.name')} values={values} errors={errors} required autocomplete="organization" />
        <SelectField
          name="sector"
          label={view.t('field.sector')}
          values={values}
          errors={errors}
          required
          placeholder={view.t('form.choose')}
          options={SECTORS.map((value) => ({ value, label: view.t(`sector.${value}`) }))}
        />
        <SelectField
          name="secrecyRegime"
          label={view.t('field.secrecyRegime')}
          hint={view.t('organisations.secrecy_hint')}
          values={values}
          errors={errors}
          required
          placeholder={view.t('form.choose')}
          options={SECRECY_REGIMES.map((value) => ({ value, label: view.t(`secrecy.${value}`) }))}
        />
        <TextField
          name="protocolSignedOn"
          type="date"
          label={view.t('field.protocolSignedOn')}
          hint={view.t('organisations.protocol_hint')}
          values={values}
          errors={errors}
        />
        <SubmitButton label={props.submit} />
      </Form>
    </Layout>
  );
}

/** A stored organisation as the values of the edit form. */
export function valuesOf(row: OrganisationTable): FormValues {
  return { name: row.name, sector: row.sector, secrecyRegime: row.secrecy_regime, protocolSignedOn: row.protocol_signed_on ?? undefined };
}

/** The form that adds an organisation. */
export const newOrganisationForm = (view: View, values: FormValues, errors: FieldErrors) =>
  OrganisationForm({
    view,
    values,
    errors,
    action: '/admin/organisations/new',
    title: view.t('organisations.new_title'),
    submit: view.t('organisations.create'),
  });

/** The form that changes organisation `id`. */
export const editOrganisationForm = (id: string) => (view: View, values: FormValues, errors: FieldErrors) =>
  OrganisationForm({
    view,
    values,
    errors,
    action: `/admin/organisations/${id}`,
    title: view.t('organisations.edit_title'),
    submit: view.t('form.save'),
  });
