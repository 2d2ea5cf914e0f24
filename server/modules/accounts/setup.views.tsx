import { LOCALES } from '../../platform/config.ts';
import { ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { SECTORS } from './accounts.schemas.ts';

/** The one form of a fresh installation: the network, its first organisation and administrator. */
export function SetupPage({ view, values, errors, token }: { view: View; values: FormValues; errors: FieldErrors; token: string }) {
  return (
    <Layout view={view} title={view.t('setup.title')}>
      <h1>{view.t('setup.title')}</h1>
      <p>{view.t('setup.intro')}</p>
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{
          tenantName: view.t('field.tenantName'),
          tenantSlug: view.t('field.tenantSlug'),
          defaultLocale: view.t('field.defaultLocale'),
          organisationName: view.t('field.organisationName'),
          organisationSector: view.t('field.sector'),
          adminName: view.t('field.name'),
          adminEmail: view.t('field.email'),
          password: view.t('field.password'),
        }}
      />
      <Form view={view} action={`/setup?token=${encodeURIComponent(token)}`}>
        <fieldset>
          <legend>{view.t('setup.network')}</legend>
          <TextField
            name="tenantName"
            label={view.t('field.tenantName')}
            hint={view.t('setup.tenant_name_hint')}
            values={values}
            errors={errors}
            required
          />
          <TextField name="tenantSlug" label={view.t('field.tenantSlug')} hint={view.t('setup.slug_hint')} values={values} errors={errors} required />
          <SelectField
            name="defaultLocale"
            label={view.t('field.defaultLocale')}
            values={{ defaultLocale: view.locale, ...values }}
            errors={errors}
            required
            options={LOCALES.map((locale) => ({ value: locale, label: view.t(`locale.${locale}`) }))}
          />
        </fieldset>
        <fieldset>
          <legend>{view.t('setup.administrator')}</legend>
          <TextField
            name="organisationName"
            label={view.t('field.organisationName')}
            hint={view.t('setup.organisation_hint')}
            values={values}
            errors={errors}
            required
          />
          <SelectField
            name="organisationSector"
            label={view.t('field.sector')}
            values={{ organisationSector: 'city', ...values }}
            errors={errors}
            required
            options={SECTORS.map((value) => ({ value, label: view.t(`sector.${value}`) }))}
          />
          <TextField name="adminName" label={view.t('field.name')} values={values} errors={errors} required autocomplete="name" />
          <TextField name="adminEmail" type="email" label={view.t('field.email')} values={values} errors={errors} required autocomplete="email" />
          <TextField
            name="password"
            type="password"
            label={view.t('field.password')}
            hint={view.t('setup.password_hint')}
            values={values}
            errors={errors}
            required
            autocomplete="new-password"
            keepValue={false}
          />
        </fieldset>
        <SubmitButton label={view.t('setup.submit')} />
      </Form>
    </Layout>
  );
}
