import { Form, SubmitButton } from '../../ui/components.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { FieldLabels } from '../../ui/components.tsx';
import { ChoiceGroup, FormErrors, SelectInput, TextArea, TextInput, displayTime, type Choice, type FormState } from './cases.components.tsx';
import type { NamedRef } from './case-directory.queries.ts';
import type { CaseListEntry } from './cases.schemas.ts';
import { AGE_BANDS, CASE_STATUSES, CONTEXT_PERSON_ROLES, GENDERS, IDENTITY_DISCLOSURES, THEMES } from './cases.vocabulary.ts';

/* The case list (filters, person search) and the form that opens a case: pure views of what the handlers loaded. */

export const themeChoices = (view: View): Choice[] => THEMES.map((value) => ({ value, label: view.t(`cases.theme.${value}`) }));
export const refChoices = (refs: readonly NamedRef[]): Choice[] => refs.map((ref) => ({ value: ref.id, label: ref.name }));

/** What the list shows of an age band or gender: a label, or a dash when nothing is known. */
export const ageBandLabel = (view: View, band: string | null): string => (band ? view.t(`cases.age_band.${band}`) : '—');

export interface CaseListProps {
  readonly view: View;
  readonly entries: readonly CaseListEntry[];
  /** Where the next page starts, when there is one. */
  readonly nextCursor: string | null;
  /** The GET filters as typed, and their errors. */
  readonly filters: FormState;
  /** The coordinator's person search (posted, so a name never lands in an address or a history). */
  readonly search: FormState | null;
  /** True when the entries are the answer to a person search. */
  readonly searched: boolean;
  /** Tables to filter on; for anyone but a coordinator, the tables of the cases shown. */
  readonly tables: readonly NamedRef[];
  readonly canCreate: boolean;
}

/** Names of the GET fields that narrow the list (the sort order only orders it). */
const FILTER_FIELDS = ['q', 'status', 'tableId', 'theme'] as const;

const hasValue = (value: unknown): boolean => typeof value === 'string' && value !== '';

/**
 * The filters sit in a disclosure so the list is in view at once on a phone; it is open when a
 * filter is in use (or came back with an error), so the user sees what narrows the list.
 */
function Filters({ view, filters, tables }: { view: View; filters: FormState; tables: readonly NamedRef[] }) {
  const all = view.t('cases.filter.all');
  const active = FILTER_FIELDS.filter((name) => hasValue(filters.values[name])).length;
  const open = active > 0 || filters.values.sort === 'reference' || Object.keys(filters.errors).length > 0;
  return (
    <FilterPanel
      title={view.t('cases.filters_title')}
      open={open}
      active={active}
      activeLabel={view.t('cases.filters_active', { count: active })}
      errors={
        <FormErrors
          view={view}
          scope="filter"
          errors={filters.errors}
          labels={{
            q: view.t('cases.filter.q'),
            status: view.t('cases.field.status'),
            tableId: view.t('cases.field.table'),
            theme: view.t('cases.field.theme'),
            sort: view.t('cases.field.sort'),
          }}
        />
      }
      action="/cases"
      submitLabel={view.t('cases.filter.submit')}
      clearLabel={view.t('cases.filter.clear')}
    >
      <TextInput scope="filter" name="q" label={view.t('cases.filter.q')} hint={view.t('cases.filter.q_hint')} form={filters} />
      <SelectInput
        scope="filter"
        name="status"
        label={view.t('cases.field.status')}
        form={filters}
        placeholder={all}
        options={CASE_STATUSES.map((value) => ({ value, label: view.t(`cases.status.${value}`) }))}
      />
      <SelectInput scope="filter" name="tableId" label={view.t('cases.field.table')} form={filters} placeholder={all} options={refChoices(tables)} />
      <SelectInput scope="filter" name="theme" label={view.t('cases.field.theme')} form={filters} placeholder={all} options={themeChoices(view)} />
      <SelectInput
        scope="filter"
        name="sort"
        label={view.t('cases.field.sort')}
        form={filters}
        options={(['updated', 'reference'] as const).map((value) => ({ value, label: view.t(`cases.sort.${value}`) }))}
      />
    </FilterPanel>
  );
}

/** The coordinator's person search, behind its own disclosure; open when a search came back with an error. */
function PersonSearch({ view, search, searched }: { view: View; search: FormState; searched: boolean }) {
  const open = searched || Object.keys(search.errors).length > 0;
  return (
    <details class="disclosure" id="person-search" open={open}>
      <summary>
        <span id="person-search-heading">{view.t('cases.person_search_title')}</span>
      </summary>
      <p class="hint">{view.t('cases.person_search_hint')}</p>
      <FormErrors
        view={view}
        scope="search"
        errors={search.errors}
        labels={{ familyName: view.t('cases.field.family_name'), birthDate: view.t('cases.field.birth_date') }}
      />
      <Form view={view} action="/cases/search#person-search-heading">
        <TextInput scope="search" name="familyName" label={view.t('cases.field.family_name')} form={search} required />
        <TextInput scope="search" name="birthDate" type="date" label={view.t('cases.field.birth_date')} form={search} required />
        <div class="form-actions">
          <button type="submit" class="primary">
            {view.t('cases.person_search_submit')}
          </button>
        </div>
      </Form>
    </details>
  );
}

function CaseTable({ view, entries, sort, searched }: { view: View; entries: readonly CaseListEntry[]; sort: string; searched: boolean }) {
  if (entries.length === 0) return <p>{searched ? view.t('cases.person_not_found') : view.t('cases.empty')}</p>;
  return (
    <table>
      <caption>{searched ? view.t('cases.caption_person', { count: entries.length }) : view.t('cases.caption', { count: entries.length })}</caption>
      <thead>
        <tr>
          <th scope="col" aria-sort={sort === 'reference' ? 'ascending' : undefined}>
            {view.t('cases.column.reference')}
          </th>
          <th scope="col">{view.t('cases.field.table')}</th>
          <th scope="col">{view.t('cases.field.theme')}</th>
          <th scope="col">{view.t('cases.field.status')}</th>
          <th scope="col">{view.t('cases.field.age_band')}</th>
          <th scope="col" aria-sort={sort === 'reference' ? undefined : 'descending'}>
            {view.t('cases.column.updated')}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr>
            <th scope="row">
              <a href={`/cases/${entry.id}`}>{entry.reference}</a>
            </th>
            <td data-label={view.t('cases.field.table')}>{entry.tableName}</td>
            <td data-label={view.t('cases.field.theme')}>{view.t(`cases.theme.${entry.theme}`)}</td>
            <td data-label={view.t('cases.field.status')}>{view.t(`cases.status.${entry.status}`)}</td>
            <td data-label={view.t('cases.field.age_band')}>{ageBandLabel(view, entry.ageBand)}</td>
            <td data-label={view.t('cases.column.updated')}>{displayTime(entry.updatedAt, view.locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The same filters, one page further. */
function nextPageHref(values: FormState['values'], cursor: string): string {
  const query = new URLSearchParams();
  for (const key of ['q', 'status', 'tableId', 'theme', 'sort']) {
    const value = values[key];
    if (typeof value === 'string' && value !== '') query.set(key, value);
  }
  query.set('cursor', cursor);
  return `/cases?${query.toString()}`;
}

export function CaseList(props: CaseListProps) {
  const { view } = props;
  const sort = typeof props.filters.values.sort === 'string' ? props.filters.values.sort : 'updated';
  return (
    <Layout view={view} title={view.t('cases.title')}>
      <h1>{view.t('cases.title')}</h1>
      <p>{view.t('cases.intro')}</p>
      {props.canCreate && (
        <p>
          <a class="button" href="/cases/new">
            {view.t('cases.new')}
          </a>
        </p>
      )}
      <Filters view={view} filters={props.filters} tables={props.tables} />
      {props.search && <PersonSearch view={view} search={props.search} searched={props.searched} />}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{view.t('cases.results_title')}</h2>
        <CaseTable view={view} entries={props.entries} sort={sort} searched={props.searched} />
        {props.nextCursor && (
          <p>
            <a href={nextPageHref(props.filters.values, props.nextCursor)}>{view.t('cases.next_page')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

/** The labels of the subject's fields by their names, for an error summary. */
export const subjectLabels = (view: View): FieldLabels => ({
  'subject.givenName': view.t('cases.field.given_name'),
  'subject.familyName': view.t('cases.field.family_name'),
  'subject.birthDate': view.t('cases.field.birth_date'),
  'subject.ageBand': view.t('cases.field.age_band'),
  'subject.gender': view.t('cases.field.gender'),
});

/** The subject's identity fields (and, for a new case, age band and gender), named `subject.*` as the schema. */
export function SubjectFields({ view, scope, form, full }: { view: View; scope?: string; form: FormState; full: boolean }) {
  return (
    <>
      <TextInput scope={scope} name="subject.givenName" label={view.t('cases.field.given_name')} form={form} />
      <TextInput scope={scope} name="subject.familyName" label={view.t('cases.field.family_name')} form={form} />
      <TextInput scope={scope} name="subject.birthDate" type="date" label={view.t('cases.field.birth_date')} form={form} />
      {full && (
        <>
          <SelectInput
            scope={scope}
            name="subject.ageBand"
            label={view.t('cases.field.age_band')}
            hint={view.t('cases.age_band_hint')}
            form={form}
            placeholder={view.t('cases.unknown')}
            options={AGE_BANDS.map((value) => ({ value, label: view.t(`cases.age_band.${value}`) }))}
          />
          <SelectInput
            scope={scope}
            name="subject.gender"
            label={view.t('cases.field.gender')}
            form={form}
            placeholder={view.t('cases.unknown')}
            options={GENDERS.map((value) => ({ value, label: view.t(`cases.gender.${value}`) }))}
          />
        </>
      )}
    </>
  );
}

/** The three disclosure levels, each explained in plain words. */
export const disclosureChoices = (view: View, levels: readonly string[] = IDENTITY_DISCLOSURES): Choice[] =>
  levels.map((value) => ({ value, label: view.t(`cases.disclosure.${value}`), hint: view.t(`cases.disclosure.${value}_hint`) }));

/** A case of the same person, as the duplicate prompt lists it. */
export interface DuplicateEntry {
  readonly id: string;
  readonly reference: string;
  readonly tableName: string;
  readonly status: string;
  readonly openedAt: string;
}

/**
 * "This person may already be known": the cases of a person with the same family name and birth
 * date, and a button that sends the same values again with `confirmDuplicate`.
 */
function DuplicatePrompt({ view, form, matches }: { view: View; form: FormState; matches: readonly DuplicateEntry[] }) {
  const hidden = Object.entries(form.values).flatMap(([name, value]) =>
    name === '_csrf' || name === 'confirmDuplicate' || value === undefined
      ? []
      : (Array.isArray(value) ? value : [value]).map((one) => [name, one] as const),
  );
  return (
    <section aria-labelledby="duplicate-heading" class="error-summary" role="alert" tabindex={-1} id="duplicate">
      <h2 id="duplicate-heading">{view.t('cases.duplicate.title')}</h2>
      <p>{view.t('cases.duplicate.explanation', { count: matches.length })}</p>
      <table>
        <caption>{view.t('cases.duplicate.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{view.t('cases.column.reference')}</th>
            <th scope="col">{view.t('cases.field.table')}</th>
            <th scope="col">{view.t('cases.field.status')}</th>
            <th scope="col">{view.t('cases.field.opened')}</th>
          </tr>
        </thead>
        <tbody>
          {matches.map((match) => (
            <tr>
              <th scope="row">
                <a href={`/cases/${match.id}`}>{match.reference}</a>
              </th>
              <td>{match.tableName}</td>
              <td>{view.t(`cases.status.${match.status}`)}</td>
              <td>{displayTime(match.openedAt, view.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{view.t('cases.duplicate.question')}</p>
      <Form view={view} action="/cases/new">
        {hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirmDuplicate" value="yes" />
        <div class="form-actions">
          <button type="submit">{view.t('cases.duplicate.continue')}</button>
          <a href="/cases">{view.t('cases.duplicate.cancel')}</a>
        </div>
      </Form>
    </section>
  );
}

export function NewCaseForm(props: {
  view: View;
  form: FormState;
  tables: readonly NamedRef[];
  organisations: readonly NamedRef[];
  /** Cases of the same person found when the form was sent: ask whether to continue. */
  duplicates?: readonly DuplicateEntry[];
  /** Show the field for a reason why the subject's age need not fit the table. */
  askAgeException?: boolean;
}) {
  const { view, form } = props;
  return (
    <Layout view={view} title={view.t('cases.new_title')}>
      <p>
        <a href="/cases">{view.t('cases.back')}</a>
      </p>
      <h1>{view.t('cases.new_title')}</h1>
      <p>{view.t('cases.new_intro')}</p>
      {props.tables.length === 0 ? (
        <p>
          {view.t('cases.no_tables')} <a href="/tables">{view.t('cases.no_tables_link')}</a>
        </p>
      ) : (
        <>
          {props.duplicates && props.duplicates.length > 0 && <DuplicatePrompt view={view} form={form} matches={props.duplicates} />}
          <FormErrors
            view={view}
            scope="case"
            errors={form.errors}
            labels={{
              tableId: view.t('cases.field.table'),
              theme: view.t('cases.field.theme'),
              summary: view.t('cases.field.summary'),
              identityDisclosure: view.t('cases.field.identity_disclosure'),
              ...subjectLabels(view),
              'context.role': `${view.t('cases.context_title')} – ${view.t('cases.field.context_role')}`,
              'context.givenName': `${view.t('cases.context_title')} – ${view.t('cases.field.given_name')}`,
              'context.familyName': `${view.t('cases.context_title')} – ${view.t('cases.field.family_name')}`,
              ageExceptionReason: view.t('cases.field.age_exception_reason'),
              caseOwnerOrganisationId: view.t('cases.field.case_owner'),
              referrerOrganisationId: view.t('cases.field.referrer'),
            }}
          />
          <Form view={view} action="/cases/new">
            <SelectInput
              scope="case"
              name="tableId"
              label={view.t('cases.field.table')}
              form={form}
              required
              placeholder={view.t('form.choose')}
              options={refChoices(props.tables)}
            />
            <SelectInput
              scope="case"
              name="theme"
              label={view.t('cases.field.theme')}
              form={form}
              required
              placeholder={view.t('form.choose')}
              options={themeChoices(view)}
            />
            <TextArea
              scope="case"
              name="summary"
              label={view.t('cases.field.summary')}
              hint={view.t('cases.summary_hint')}
              form={form}
              required
              maxLength={5000}
            />
            <ChoiceGroup
              scope="case"
              name="identityDisclosure"
              legend={view.t('cases.field.identity_disclosure')}
              hint={view.t('cases.identity_disclosure_hint')}
              form={form}
              required
              options={disclosureChoices(view)}
            />
            <fieldset>
              <legend>{view.t('cases.subject_title')}</legend>
              <p class="hint">{view.t('cases.subject_hint')}</p>
              <SubjectFields view={view} scope="case" form={form} full />
              {props.askAgeException && (
                <TextArea
                  scope="case"
                  name="ageExceptionReason"
                  label={view.t('cases.field.age_exception_reason')}
                  hint={view.t('cases.age_exception_reason_hint')}
                  form={form}
                  maxLength={500}
                  rows={3}
                />
              )}
            </fieldset>
            <fieldset>
              <legend>{view.t('cases.context_title')}</legend>
              <p class="hint">{view.t('cases.context_hint')}</p>
              <SelectInput
                scope="case"
                name="context.role"
                label={view.t('cases.field.context_role')}
                form={form}
                placeholder={view.t('cases.none')}
                options={CONTEXT_PERSON_ROLES.map((value) => ({ value, label: view.t(`cases.context_role.${value}`) }))}
              />
              <TextInput scope="case" name="context.givenName" label={view.t('cases.field.given_name')} form={form} />
              <TextInput scope="case" name="context.familyName" label={view.t('cases.field.family_name')} form={form} />
            </fieldset>
            <SelectInput
              scope="case"
              name="caseOwnerOrganisationId"
              label={view.t('cases.field.case_owner')}
              hint={view.t('cases.case_owner_hint')}
              form={form}
              placeholder={view.t('cases.none')}
              options={refChoices(props.organisations)}
            />
            <SelectInput
              scope="case"
              name="referrerOrganisationId"
              label={view.t('cases.field.referrer')}
              hint={view.t('cases.referrer_hint')}
              form={form}
              placeholder={view.t('cases.none')}
              options={refChoices(props.organisations)}
            />
            <SubmitButton label={view.t('cases.create')} />
          </Form>
        </>
      )}
    </Layout>
  );
}
