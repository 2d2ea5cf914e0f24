import { ButtonForm, controlAria, Facts, Form, LabelledField, SubmitButton } from '../../ui/components.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';
import { ChoiceGroup, controlId, FormErrors, SelectInput, TextArea, TextInput, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { FieldLabels } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { WEEKDAYS, type DirectoryService } from './directory.schemas.ts';
import { DIRECTORY_THEMES, SERVICE_STATUSES } from './directory.vocabulary.ts';
import { ROW_GROUPS, rowCount, rowCountName, type RowGroup } from './service-form.ts';

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

const ROW_FIELD_LABEL: Record<RowGroup, Record<string, string>> = {
  contacts: { name: 'directory.contact.name', title: 'directory.contact.title', phone: 'directory.contact.phone', email: 'directory.contact.email' },
  hours: { day: 'directory.hours.day', opens: 'directory.hours.opens', closes: 'directory.hours.closes' },
  locations: {
    name: 'directory.location.name',
    address: 'directory.location.address',
    postalCode: 'directory.location.postal_code',
    city: 'directory.location.city',
    accessible: 'directory.location.accessible',
  },
};
const ROW_LEGEND: Record<RowGroup, string> = { contacts: 'directory.contact.row', hours: 'directory.hours.row', locations: 'directory.location.row' };

/** The labels of the rows' fields for the error summary ("Contact 2 — Email address"). */
function rowFieldLabels(view: View, form: FormState | undefined): FieldLabels {
  const labels: Record<string, string> = {};
  for (const key of Object.keys(form?.errors ?? {})) {
    const match = /^(contacts|hours|locations)\.(\d+)\.(\w+)$/.exec(key);
    if (!match) continue;
    const group = match[1] as RowGroup;
    const field = ROW_FIELD_LABEL[group][match[3]!];
    if (field) labels[key] = `${view.t(ROW_LEGEND[group], { number: Number(match[2]) + 1 })} — ${view.t(field)}`;
  }
  return labels;
}

/** The edit form's field labels (also the error summary's), with those of the rows that have an error. */
export const SERVICE_FIELD_LABELS = (view: View, form?: FormState): FieldLabels => ({
  ...rowFieldLabels(view, form),
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

const weekdayLabel = (view: View, day: string) => view.t(`directory.weekday.${day}`);

/** A checkbox with its label after it (the rows' "accessible" and "remove"). */
function Checkbox({ id, name, label, checked }: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={name} value="true" checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

/**
 * One repeated part of the service form: its rows (each a fieldset named "Contact 2" …), a "remove"
 * box on each, and "add another", which posts the form and draws it again with one more row — no
 * script needed. Blank rows are ignored when saving.
 */
function RowSection({ view, form, group, heading, hint }: { view: View; form: FormState; group: RowGroup; heading: string; hint: string }) {
  const scope = 'service';
  const count = rowCount(form.values, group);
  const value = (name: string) => {
    const raw = form.values[name];
    return Array.isArray(raw) ? raw[0] : raw;
  };
  return (
    <fieldset class="row-section" id={controlId(scope, group)}>
      <legend>{heading}</legend>
      <p class="hint">{hint}</p>
      <input type="hidden" name={rowCountName(group)} value={String(count)} />
      {Array.from({ length: count }, (_, index) => {
        const name = (field: string) => `${group}.${index}.${field}`;
        return (
          <fieldset class="row">
            <legend>{view.t(ROW_LEGEND[group], { number: index + 1 })}</legend>
            {ROW_GROUPS[group].map((field) => {
              const label = view.t(ROW_FIELD_LABEL[group][field]!);
              if (field === 'accessible')
                return <Checkbox id={controlId(scope, name(field))} name={name(field)} label={label} checked={value(name(field)) === 'true'} />;
              if (field === 'day')
                return (
                  <SelectInput
                    scope={scope}
                    name={name(field)}
                    label={label}
                    options={WEEKDAYS.map((day) => ({ value: day, label: weekdayLabel(view, day) }))}
                    form={form}
                  />
                );
              const hintKey = group === 'hours' ? 'directory.hours.time_hint' : null;
              return <TextInput scope={scope} name={name(field)} label={label} hint={hintKey ? view.t(hintKey) : undefined} form={form} />;
            })}
            <Checkbox
              id={controlId(scope, name('remove'))}
              name={name('remove')}
              label={view.t('directory.row.remove')}
              checked={value(name('remove')) === 'true'}
            />
          </fieldset>
        );
      })}
      <button type="submit" class="secondary" name="addRow" value={group}>
        {view.t(`directory.row.add_${group}`)}
      </button>
    </fieldset>
  );
}

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
      <RowSection view={view} form={form} group="contacts" heading={view.t('directory.field.contacts')} hint={view.t('directory.row.hint')} />
      <RowSection view={view} form={form} group="hours" heading={view.t('directory.field.opening_hours')} hint={view.t('directory.hours.hint')} />
      <RowSection view={view} form={form} group="locations" heading={view.t('directory.field.locations')} hint={view.t('directory.row.hint')} />
    </>
  );
}

/**
 * The form's first submit button, out of sight: pressing Enter in a field saves the form rather
 * than adding a row ("add another" buttons come before the visible save button).
 */
function DefaultSubmit({ label }: { label: string }) {
  return (
    <button type="submit" class="visually-hidden" tabindex={-1} aria-hidden="true">
      {label}
    </button>
  );
}

const telHref = (number: string) => `tel:${number.replace(/[^+0-9]/g, '')}`;

/** Phone numbers, the service's email and website, and its contact people, as links. */
function ContactDetails({ view, service }: { view: View; service: DirectoryService }) {
  const hasAny = service.phones.length > 0 || service.email || service.url || service.contacts.length > 0;
  if (!hasAny) return null;
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{view.t('directory.field.contact')}</h2>
      <ul>
        {service.phones.map((phone) => (
          <li>
            {view.t('directory.contact.phone')}: <a href={telHref(phone.number)}>{phone.number}</a>
            {phone.description ? ` (${phone.description})` : ''}
          </li>
        ))}
        {service.email && (
          <li>
            {view.t('directory.field.email')}: <a href={`mailto:${service.email}`}>{service.email}</a>
          </li>
        )}
        {service.url && (
          <li>
            {view.t('directory.field.url')}: <a href={/^https?:\/\//i.test(service.url) ? service.url : `https://${service.url}`}>{service.url}</a>
          </li>
        )}
      </ul>
      {service.contacts.length > 0 && (
        <>
          <h3>{view.t('directory.field.contacts')}</h3>
          <ul>
            {service.contacts.map((person) => (
              <li>
                {[person.name, person.title].filter(Boolean).join(', ')}
                {person.phone && (
                  <>
                    {' '}
                    · <a href={telHref(person.phone)}>{person.phone}</a>
                  </>
                )}
                {person.email && (
                  <>
                    {' '}
                    · <a href={`mailto:${person.email}`}>{person.email}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Opening hours as a table of weekdays (a day open twice has two lines); reflows into cards on a phone. */
function OpeningHoursTable({ view, service }: { view: View; service: DirectoryService }) {
  if (service.openingHours.length === 0) return null;
  const slots = WEEKDAYS.map((day) => ({
    day,
    hours: service.openingHours
      .filter((entry) => entry.days.includes(day))
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt))
      .map((entry) => `${entry.opensAt}–${entry.closesAt}${entry.description ? ` (${entry.description})` : ''}`),
  }));
  const dayLabel = view.t('directory.hours.day');
  const hoursLabel = view.t('directory.hours.hours');
  return (
    <section aria-labelledby="hours-heading">
      <h2 id="hours-heading">{view.t('directory.field.opening_hours')}</h2>
      <table class="opening-hours">
        <thead>
          <tr>
            <th scope="col">{dayLabel}</th>
            <th scope="col">{hoursLabel}</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => (
            <tr>
              <th scope="row" data-label={dayLabel}>
                {weekdayLabel(view, slot.day)}
              </th>
              <td data-label={hoursLabel}>{slot.hours.length > 0 ? slot.hours.join(', ') : view.t('directory.hours.closed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function LocationList({ view, service }: { view: View; service: DirectoryService }) {
  if (service.locations.length === 0) return null;
  return (
    <section aria-labelledby="locations-heading">
      <h2 id="locations-heading">{view.t('directory.field.locations')}</h2>
      <ul>
        {service.locations.map((place) => (
          <li>
            {place.name && (
              <>
                <strong>{place.name}</strong>
                <br />
              </>
            )}
            {[place.address, [place.postalCode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}
            {place.accessible && (
              <>
                <br />
                {view.t('directory.location.accessible')}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One entry with all its fields; for its curators a link to the edit form and "mark verified". */
export function ServicePage({ view, service, canCurate }: { view: View; service: DirectoryService; canCurate: boolean }) {
  return (
    <Layout view={view} title={service.name}>
      <p>
        <a href="/directory">{view.t('directory.back')}</a>
      </p>
      <h1>{service.name}</h1>
      {service.alternateName && <p>{service.alternateName}</p>}
      <DueFlag view={view} service={service} />
      <p>{service.description}</p>
      {canCurate && (
        <p>
          <a class="button" href={`/directory/services/${service.id}/edit`}>
            {view.t('directory.edit_heading')}
          </a>
        </p>
      )}
      <Facts
        entries={[
          ...serviceSummary(view, service).filter(([label]) => label !== view.t('directory.field.contact')),
          [view.t('directory.field.status'), view.t(`directory.status.${service.status.replace(' ', '_')}`)],
          [view.t('directory.field.eligibility'), service.eligibility],
          [view.t('directory.field.required_documents'), service.requiredDocuments.join(', ') || null],
          [
            view.t('directory.field.profile'),
            PROFILE_FLAGS.filter((flag) => service[flag])
              .map((flag) => view.t(`directory.profile.${flag}`))
              .join('; ') || null,
          ],
        ]}
      />
      <ContactDetails view={view} service={service} />
      <OpeningHoursTable view={view} service={service} />
      <LocationList view={view} service={service} />
      {canCurate && (
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">{view.t('directory.verify_heading')}</h2>
          <ButtonForm view={view} action={`/directory/services/${service.id}/verification`} label={view.t('directory.verify')} />
        </section>
      )}
    </Layout>
  );
}

/** A curator's edit form of one entry, with the version the form was drawn from (a stale one is refused). */
export function EditServicePage({ view, service, form }: { view: View; service: DirectoryService; form: FormState }) {
  const title = view.t('directory.edit_title', { name: service.name });
  const seen = form.values.version;
  return (
    <Layout view={view} title={title}>
      <p>
        <a href={`/directory/services/${service.id}`}>{view.t('directory.back_to_service')}</a>
      </p>
      <h1>{title}</h1>
      <FormErrors view={view} scope="service" errors={form.errors} labels={SERVICE_FIELD_LABELS(view, form)} />
      <Form view={view} action={`/directory/services/${service.id}/edit`}>
        <DefaultSubmit label={view.t('directory.save')} />
        <input type="hidden" name="version" value={(Array.isArray(seen) ? seen[0] : seen) ?? String(service.version)} />
        <ServiceFormFields view={view} form={form} />
        <SubmitButton label={view.t('directory.save')} />
      </Form>
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
      <FormErrors view={view} scope="service" errors={form.errors} labels={SERVICE_FIELD_LABELS(view, form)} />
      <Form view={view} action="/directory/services/new">
        <DefaultSubmit label={view.t('directory.create')} />
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
