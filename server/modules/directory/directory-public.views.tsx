import { SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { DIRECTORY_THEMES } from './directory.vocabulary.ts';

/* The public map's page, for a visitor without an account: search the published map, read entries. */

type PublicDoc = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function ServiceEntry({ view, doc }: { view: View; doc: PublicDoc }) {
  const organization = (doc.organization ?? {}) as PublicDoc;
  const languages = ((doc.languages ?? []) as PublicDoc[]).map((language) => str(language.code) ?? str(language.name)).filter(Boolean);
  const min = typeof doc.minimum_age === 'number' ? doc.minimum_age : null;
  const max = typeof doc.maximum_age === 'number' ? doc.maximum_age : null;
  const url = str(doc.url);
  const email = str(doc.email);
  return (
    <li>
      <h3>{str(doc.name)}</h3>
      <p>{str(organization.name)}</p>
      {str(doc.description) && <p>{str(doc.description)}</p>}
      <dl>
        {(min !== null || max !== null) && (
          <>
            <dt>{view.t('directory.public.ages')}</dt>
            <dd>{`${min ?? 0}–${max ?? '…'}`}</dd>
          </>
        )}
        {languages.length > 0 && (
          <>
            <dt>{view.t('directory.public.languages')}</dt>
            <dd>{languages.join(', ')}</dd>
          </>
        )}
        {str(doc.application_process) && (
          <>
            <dt>{view.t('directory.public.how_to_apply')}</dt>
            <dd>{str(doc.application_process)}</dd>
          </>
        )}
        {email && (
          <>
            <dt>{view.t('directory.public.email')}</dt>
            <dd>
              <a href={`mailto:${email}`}>{email}</a>
            </dd>
          </>
        )}
        {url && /^https?:\/\//i.test(url) && (
          <>
            <dt>{view.t('directory.public.website')}</dt>
            <dd>
              <a href={url} rel="noopener noreferrer">
                {url}
              </a>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

export function PublicMapPage(props: {
  view: View;
  slug: string;
  network: string;
  values: FormValues;
  errors: FieldErrors;
  services: readonly PublicDoc[];
  nextPath: string | null;
}) {
  const { view } = props;
  const title = view.t('directory.public.title', { network: props.network });
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('directory.public.intro')}</p>
      <form method="get" action={`/map/${props.slug}`} role="search" aria-label={view.t('directory.public.search')} novalidate>
        <TextField name="q" label={view.t('directory.public.words')} values={props.values} errors={props.errors} />
        <SelectField
          name="theme"
          label={view.t('directory.public.theme')}
          options={DIRECTORY_THEMES.map((theme) => ({ value: theme, label: view.t(`cases.theme.${theme}`) }))}
          values={props.values}
          errors={props.errors}
          placeholder={view.t('directory.public.any')}
        />
        <TextField
          name="language"
          label={view.t('directory.public.language')}
          hint={view.t('directory.gap.language_hint')}
          values={props.values}
          errors={props.errors}
        />
        <TextField name="age" type="number" label={view.t('directory.public.age')} values={props.values} errors={props.errors} />
        <SubmitButton label={view.t('directory.public.search')} />
      </form>
      <h2>{view.t('directory.public.results')}</h2>
      {props.services.length === 0 ? (
        <p>{view.t('directory.public.none')}</p>
      ) : (
        <ul class="service-list">
          {props.services.map((doc) => (
            <ServiceEntry view={view} doc={doc} />
          ))}
        </ul>
      )}
      {props.nextPath && (
        <p>
          <a href={props.nextPath}>{view.t('directory.public.more')}</a>
        </p>
      )}
    </Layout>
  );
}
