import { ButtonForm, controlAria, Facts, Form, LabelledField, SubmitButton } from '../../ui/components.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';
import { ChoiceGroup, controlId, FormErrors, SelectInput, TextArea, TextInput, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { FieldLabels } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import type { DirectoryService } from './directory.schemas.ts';
import { DIRECTORY_THEMES, SERVICE_STATUSES } from './directory.vocabulary.ts';

/* The social map's screens (issue 13, part 2), as pure views of what the page handlers loaded. */

/**
 * The languages the search offers (ISO 639-1), named in the reader's language by the browser-independent
 * `Intl.DisplayNames`; a code on the map outside this list is offered too (the handler adds it).
 */
export const LANGUAGE_CODES = [
  'nl', 'fr', 'en', 'de', 'ar', 'tr', 'es', 'it', 'pt', 'pl', 'ro', 'bg', 'ru', 'uk', 'sq', 'fa', 'ps', 'ku', 'so', 'ti', 'am', 'ur', 'zh', 'sgn',
] as const; // prettier-ignore

/** A language's name in the reader's language ("Arabisch", "arabe", "Arabic"); the code when unknown. */
export function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(code);
    return name ?? code;
  } catch {
    return code;
  }
}

/** The languages as choices, sorted by their name in the reader's language. */
export function languageChoices(locale: string, extra: readonly string[] = []): { value: string; label: string }[] {
  const codes = [...new Set([...LANGUAGE_CODES, ...extra])];
  return codes.map((code) => ({ value: code, label: languageName(code, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
}

const themeLabel = (view: View, theme: string) => view.t(`cases.theme.${theme}`);

function ages(view: View, service: DirectoryService): string | null {
  if (service.ageMin === null && service.ageMax === null) return null;
  if (service.ageMax === null) return view.t('directory.ages_from', { min: service.ageMin ?? 0 });
  if (service.ageMin === null) return view.t('directory.ages_to', { max: service.ageMax });
  return view.t('directory.ages_range', { min: service.ageMin, max: service.ageMax });
}

function languages(view: View, service: DirectoryService): string | null {
  if (service.languages.length === 0) return null;
  return service.languages
    .map((language) =>
      language.interpreter
        ? view.t('directory.language_interpreter', { language: languageName(language.code, view.locale) })
        : languageName(language.code, view.locale),
    )
    .join(', ');
}

function waiting(view: View, service: DirectoryService): string {
  if (service.noWaitingList) return view.t('directory.no_waiting_list');
  if (service.waitingDays === null) return view.t('directory.waiting_unknown');
  return view.t('directory.waiting_days', { days: service.waitingDays });
}

function contact(service: DirectoryService): string | null {
  const parts = [
    ...service.phones.map((phone) => phone.number),
    service.email,
    ...service.contacts.map((person) => [person.name, person.email, person.phone].filter(Boolean).join(' ')),
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? [...new Set(parts)].join(' · ') : null;
}

function verified(view: View, service: DirectoryService): string {
  return service.lastVerifiedAt ? formatLocalTime(service.lastVerifiedAt, view.locale) : view.t('directory.never_verified');
}

/** The facts a professional needs to send someone to a service: on a card, the print page and the PDF. */
export function serviceSummary(view: View, service: DirectoryService): [string, string | null][] {
  return [
    [view.t('directory.field.provider'), service.organisation.name],
    [view.t('directory.field.themes'), service.themes.map((theme) => themeLabel(view, theme)).join(', ') || null],
    [view.t('directory.field.ages'), ages(view, service)],
    [view.t('directory.field.languages'), languages(view, service)],
    [view.t('directory.field.waiting'), waiting(view, service)],
    [view.t('directory.field.cost'), service.cost],
    [view.t('directory.field.application_process'), service.applicationProcess],
    [view.t('directory.field.contact'), contact(service)],
    [view.t('directory.field.last_verified'), verified(view, service)],
  ];
}

function DueFlag({ view, service }: { view: View; service: DirectoryService }) {
  return service.verificationDue ? <p class="verification-due">{view.t('directory.verification_due')}</p> : null;
}

function ServiceCard({ view, service, link }: { view: View; service: DirectoryService; link: boolean }) {
  return (
    <li class="service-card">
      <h2>{link ? <a href={`/directory/services/${service.id}`}>{service.name}</a> : service.name}</h2>
      <DueFlag view={view} service={service} />
      <Facts entries={serviceSummary(view, service)} />
    </li>
  );
}

export interface SearchState {
  readonly form: FormState;
  /** The query string of the current filters (without the cursor), for the print, PDF and next-page links. */
  readonly query: string;
  readonly active: number;
  readonly results: readonly DirectoryService[];
  readonly nextCursor: string | null;
  readonly languages: readonly string[];
}

const SEARCH_LABELS = (view: View): FieldLabels => ({
  q: view.t('directory.filter.q'),
  theme: view.t('directory.filter.theme'),
  age: view.t('directory.filter.age'),
  language: view.t('directory.filter.language'),
  noWaitingList: view.t('directory.filter.no_waiting_list'),
});

export function DirectorySearchPage({
  view,
  state,
  canCreate,
  canImport,
  canRecordGap,
  canReadGapReport,
  canPublish,
}: {
  view: View;
  state: SearchState;
  canCreate: boolean;
  canImport: boolean;
  canRecordGap: boolean;
  canReadGapReport: boolean;
  canPublish: boolean;
}) {
  const title = view.t('directory.title');
  const suffix = state.query ? `?${state.query}` : '';
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('directory.intro')}</p>
      {(canCreate || canImport) && (
        <p class="button-row">
          {canCreate && (
            <a class="button" href="/directory/services/new">
              {view.t('directory.new')}
            </a>
          )}
          {canImport && (
            <a class="button secondary" href="/directory/import">
              {view.t('directory.import.title')}
            </a>
          )}
        </p>
      )}
      {(canRecordGap || canReadGapReport || canPublish) && (
        <ul class="link-list" aria-label={view.t('directory.more')}>
          {canRecordGap && (
            <li>
              <a href="/directory/gaps/new">{view.t('directory.gap.title')}</a>
            </li>
          )}
          {canReadGapReport && (
            <li>
              <a href="/directory/gaps/report">{view.t('directory.gap_report.title')}</a>
            </li>
          )}
          {canPublish && (
            <li>
              <a href="/directory/settings">{view.t('directory.settings.title')}</a>
            </li>
          )}
        </ul>
      )}
      <FilterPanel
        title={view.t('directory.filters')}
        open={true}
        active={state.active}
        activeLabel={view.t('directory.filters_active', { count: state.active })}
        errors={<FormErrors view={view} scope="search" errors={state.form.errors} labels={SEARCH_LABELS(view)} />}
        action="/directory"
        submitLabel={view.t('directory.search')}
        clearLabel={view.t('directory.clear')}
      >
        <TextInput scope="search" name="q" label={view.t('directory.filter.q')} hint={view.t('directory.filter.q_hint')} form={state.form} />
        <SelectInput
          scope="search"
          name="theme"
          label={view.t('directory.filter.theme')}
          placeholder={view.t('directory.filter.any')}
          options={DIRECTORY_THEMES.map((theme) => ({ value: theme, label: themeLabel(view, theme) }))}
          form={state.form}
        />
        <TextInput scope="search" name="age" label={view.t('directory.filter.age')} hint={view.t('directory.filter.age_hint')} form={state.form} />
        <SelectInput
          scope="search"
          name="language"
          label={view.t('directory.filter.language')}
          placeholder={view.t('directory.filter.any')}
          options={languageChoices(view.locale, state.languages)}
          form={state.form}
        />
        <ChoiceGroup
          scope="search"
          name="noWaitingList"
          legend={view.t('directory.filter.waiting_legend')}
          multiple
          options={[{ value: 'true', label: view.t('directory.filter.no_waiting_list') }]}
          form={state.form}
        />
      </FilterPanel>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{view.t('directory.results', { count: state.results.length })}</h2>
        <p class="button-row">
          <a href={`/directory/print${suffix}`}>{view.t('directory.print')}</a>
          <a href={`/directory/results.pdf${suffix}`}>{view.t('directory.pdf')}</a>
          <a href="/api/v1/directory/export/hsds">{view.t('directory.export')}</a>
        </p>
        {state.results.length === 0 ? (
          <p>{view.t('directory.no_results')}</p>
        ) : (
          <ul class="service-list">
            {state.results.map((service) => (
              <ServiceCard view={view} service={service} link={true} />
            ))}
          </ul>
        )}
        {state.nextCursor && (
          <p>
            <a href={`/directory?${state.query ? `${state.query}&` : ''}cursor=${encodeURIComponent(state.nextCursor)}`}>
              {view.t('directory.next_page')}
            </a>
          </p>
        )}
      </section>
    </Layout>
  );
}

/** The printable list: no navigation, the filters in words, every card in full. */
export function DirectoryPrintPage({ view, results, filters }: { view: View; results: readonly DirectoryService[]; filters: readonly string[] }) {
  const title = view.t('directory.print_title');
  return (
    <Layout view={view} title={title} focused>
      <h1>{title}</h1>
      <p>{filters.length > 0 ? filters.join(' · ') : view.t('directory.all_services')}</p>
      <p>
        <a href="/directory">{view.t('directory.back')}</a>
      </p>
      {results.length === 0 ? (
        <p>{view.t('directory.no_results')}</p>
      ) : (
        <ul class="service-list">
          {results.map((service) => (
            <ServiceCard view={view} service={service} link={false} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The edit form's field labels (also the error summary's). */
export const SERVICE_FIELD_LABELS = (view: View): FieldLabels => ({
  name: view.t('directory.field.name'),
  alternateName: view.t('directory.field.alternate_name'),
  description: view.t('directory.field.description'),
  url: view.t('directory.field.url'),
  email: view.t('directory.field.email'),
  status: view.t('directory.field.status'),
  themes: view.t('directory.field.themes'),
  ageMin: view.t('directory.field.age_min'),
  ageMax: view.t('directory.field.age_max'),
  languages: view.t('directory.field.languages'),
  interpreterLanguages: view.t('directory.field.interpreter_languages'),
  waitingDays: view.t('directory.field.waiting_days'),
  noWaitingList: view.t('directory.filter.no_waiting_list'),
  profile: view.t('directory.field.profile'),
  eligibility: view.t('directory.field.eligibility'),
  applicationProcess: view.t('directory.field.application_process'),
  cost: view.t('directory.field.cost'),
  phones: view.t('directory.field.phones'),
  organisationId: view.t('directory.field.provider'),
  organisationName: view.t('directory.field.new_provider'),
  organisation: view.t('directory.field.provider'),
  version: view.t('directory.field.version'),
});

export const PROFILE_FLAGS = ['boundBySecrecy', 'takesPartInTable', 'takesReferralsOfMinors', 'takesReferralsOfAdults'] as const;

function ServiceFormFields({ view, form }: { view: View; form: FormState }) {
  const scope = 'service';
  return (
    <>
      <TextInput scope={scope} name="name" label={view.t('directory.field.name')} form={form} required />
      <TextInput scope={scope} name="alternateName" label={view.t('directory.field.alternate_name')} form={form} />
      <TextArea scope={scope} name="description" label={view.t('directory.field.description')} form={form} required rows={5} />
      <SelectInput
        scope={scope}
        name="status"
        label={view.t('directory.field.status')}
        options={SERVICE_STATUSES.map((status) => ({ value: status, label: view.t(`directory.status.${status.replace(' ', '_')}`) }))}
        form={form}
      />
      <ChoiceGroup
        scope={scope}
        name="themes"
        legend={view.t('directory.field.themes')}
        multiple
        options={DIRECTORY_THEMES.map((theme) => ({ value: theme, label: themeLabel(view, theme) }))}
        form={form}
      />
      <TextInput scope={scope} name="ageMin" label={view.t('directory.field.age_min')} form={form} />
      <TextInput scope={scope} name="ageMax" label={view.t('directory.field.age_max')} form={form} />
      <TextInput
        scope={scope}
        name="languages"
        label={view.t('directory.field.languages')}
        hint={view.t('directory.field.languages_hint')}
        form={form}
      />
      <TextInput
        scope={scope}
        name="interpreterLanguages"
        label={view.t('directory.field.interpreter_languages')}
        hint={view.t('directory.field.languages_hint')}
        form={form}
      />
      <TextInput scope={scope} name="waitingDays" label={view.t('directory.field.waiting_days')} form={form} />
      <ChoiceGroup
        scope={scope}
        name="noWaitingList"
        legend={view.t('directory.field.waiting')}
        multiple
        options={[{ value: 'true', label: view.t('directory.filter.no_waiting_list') }]}
        form={form}
      />
      <ChoiceGroup
        scope={scope}
        name="profile"
        legend={view.t('directory.field.profile')}
        multiple
        options={PROFILE_FLAGS.map((flag) => ({ value: flag, label: view.t(`directory.profile.${flag}`) }))}
        form={form}
      />
      <TextArea scope={scope} name="eligibility" label={view.t('directory.field.eligibility')} form={form} />
      <TextArea scope={scope} name="applicationProcess" label={view.t('directory.field.application_process')} form={form} />
      <TextArea scope={scope} name="cost" label={view.t('directory.field.cost')} form={form} rows={2} />
      <TextInput scope={scope} name="url" label={view.t('directory.field.url')} form={form} />
      <TextInput scope={scope} name="email" label={view.t('directory.field.email')} form={form} />
      <TextArea
        scope={scope}
        name="phones"
        label={view.t('directory.field.phones')}
        hint={view.t('directory.field.phones_hint')}
        form={form}
        rows={2}
      />
    </>
  );
}

/** One entry with all its fields; for its curators the edit form (with the version seen) and "mark verified". */
export function ServicePage({ view, service, canCurate, form }: { view: View; service: DirectoryService; canCurate: boolean; form: FormState }) {
  return (
    <Layout view={view} title={service.name}>
      <p>
        <a href="/directory">{view.t('directory.back')}</a>
      </p>
      <h1>{service.name}</h1>
      {service.alternateName && <p>{service.alternateName}</p>}
      <DueFlag view={view} service={service} />
      <p>{service.description}</p>
      <Facts
        entries={[
          ...serviceSummary(view, service),
          [view.t('directory.field.status'), view.t(`directory.status.${service.status.replace(' ', '_')}`)],
          [view.t('directory.field.eligibility'), service.eligibility],
          [view.t('directory.field.required_documents'), service.requiredDocuments.join(', ') || null],
          [view.t('directory.field.url'), service.url],
          [
            view.t('directory.field.opening_hours'),
            service.openingHours.map((hours) => `${hours.days.join(', ')} ${hours.opensAt}–${hours.closesAt}`).join('; ') || null,
          ],
          [
            view.t('directory.field.locations'),
            service.locations
              .map((place) => [place.name, place.address, [place.postalCode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', '))
              .join('; ') || null,
          ],
          [
            view.t('directory.field.profile'),
            PROFILE_FLAGS.filter((flag) => service[flag])
              .map((flag) => view.t(`directory.profile.${flag}`))
              .join('; ') || null,
          ],
        ]}
      />
      {canCurate && (
        <>
          <section aria-labelledby="verify-heading">
            <h2 id="verify-heading">{view.t('directory.verify_heading')}</h2>
            <ButtonForm view={view} action={`/directory/services/${service.id}/verification`} label={view.t('directory.verify')} />
          </section>
          <section aria-labelledby="edit-heading" id="edit">
            <h2 id="edit-heading">{view.t('directory.edit_heading')}</h2>
            <FormErrors view={view} scope="service" errors={form.errors} labels={SERVICE_FIELD_LABELS(view)} />
            <Form view={view} action={`/directory/services/${service.id}#edit`}>
              <input type="hidden" name="version" value={String(service.version)} />
              <ServiceFormFields view={view} form={form} />
              <SubmitButton label={view.t('directory.save')} />
            </Form>
          </section>
        </>
      )}
    </Layout>
  );
}

/** A new entry: an existing provider or a new one, then the entry's fields. */
export function NewServicePage({ view, providers, form }: { view: View; providers: readonly { id: string; name: string }[]; form: FormState }) {
  const title = view.t('directory.new');
  return (
    <Layout view={view} title={title}>
      <p>
        <a href="/directory">{view.t('directory.back')}</a>
      </p>
      <h1>{title}</h1>
      <FormErrors view={view} scope="service" errors={form.errors} labels={SERVICE_FIELD_LABELS(view)} />
      <Form view={view} action="/directory/services/new">
        <SelectInput
          scope="service"
          name="organisationId"
          label={view.t('directory.field.provider')}
          hint={view.t('directory.field.provider_hint')}
          placeholder={view.t('directory.field.provider_new')}
          options={providers.map((provider) => ({ value: provider.id, label: provider.name }))}
          form={form}
        />
        <TextInput scope="service" name="organisationName" label={view.t('directory.field.new_provider')} form={form} />
        <ServiceFormFields view={view} form={form} />
        <SubmitButton label={view.t('directory.create')} />
      </Form>
    </Layout>
  );
}

export interface ImportState {
  readonly form: FormState;
  readonly problems: readonly string[];
  readonly result: { created: number; updated: number } | null;
}

/** At most this many import problems are listed; the rest are counted. */
export const IMPORT_PROBLEMS_SHOWN = 50;

/** The coordinator's HSDS import: choose the JSON file (or paste the document); the result or every problem, here. */
export function ImportPage({ view, state, maxMiB }: { view: View; state: ImportState; maxMiB: number }) {
  const title = view.t('directory.import.title');
  const fileId = controlId('import', 'file');
  const fileHint = view.t('directory.import.file_hint', { max: maxMiB });
  return (
    <Layout view={view} title={title}>
      <p>
        <a href="/directory">{view.t('directory.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{view.t('directory.import.intro')}</p>
      {state.result && (
        <p class="flash" role="status">
          {view.t('directory.import.result', state.result)}
        </p>
      )}
      <FormErrors
        view={view}
        scope="import"
        errors={state.form.errors}
        labels={{ file: view.t('directory.import.file'), document: view.t('directory.import.document') }}
      />
      <form method="post" action="/directory/import" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={view.csrfToken} />
        <LabelledField id={fileId} label={view.t('directory.import.file')} hint={fileHint} error={state.form.errors.file}>
          <input type="file" id={fileId} name="file" accept=".json,application/json" {...controlAria(fileId, fileHint, state.form.errors.file)} />
        </LabelledField>
        <TextArea
          scope="import"
          name="document"
          label={view.t('directory.import.document')}
          hint={view.t('directory.import.hint')}
          form={state.form}
          rows={14}
        />
        {state.problems.length > 0 && (
          <ul class="row-problems" aria-label={view.t('directory.import.problems')}>
            {state.problems.slice(0, IMPORT_PROBLEMS_SHOWN).map((line) => (
              <li>{line}</li>
            ))}
            {state.problems.length > IMPORT_PROBLEMS_SHOWN && (
              <li>{view.t('directory.import.more_problems', { count: state.problems.length - IMPORT_PROBLEMS_SHOWN })}</li>
            )}
          </ul>
        )}
        <SubmitButton label={view.t('directory.import.submit')} />
      </form>
      <p>
        <a href="/api/v1/directory/export/hsds">{view.t('directory.export')}</a>
      </p>
    </Layout>
  );
}
