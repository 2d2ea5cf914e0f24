import { controlAria, ErrorSummary, FieldMessage, Form, SubmitButton, type FieldLabels } from '../../ui/components.tsx';
import { ChoiceGroup, SelectInput, TextArea, TextInput, type Choice, type FormState } from '../../ui/form-controls.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';
import { THEMES } from '../cases/index.ts';
import type { SignalListEntry } from './signals.schemas.ts';
import { ON_BEHALF_CHANNELS, SIGNAL_KINDS, SIGNAL_STATUSES } from './signals.vocabulary.ts';

/* The consult point's list pages and its two forms (report a signal; register one on someone's behalf). */

export const themeChoices = (view: View): Choice[] => THEMES.map((value) => ({ value, label: view.t(`cases.theme.${value}`) }));
const kindChoices = (view: View): Choice[] =>
  SIGNAL_KINDS.map((value) => ({ value, label: view.t(`signals.kind.${value}`), hint: view.t(`signals.kind_hint.${value}`) }));
const URGENCIES = ['low', 'medium', 'high'] as const;

export function signalLabels(view: View): FieldLabels {
  return {
    kind: view.t('signals.field.kind'),
    theme: view.t('signals.field.theme'),
    description: view.t('signals.field.description'),
    reporterAnonymous: view.t('signals.field.anonymous'),
    subjectGivenName: view.t('signals.field.given_name'),
    subjectFamilyName: view.t('signals.field.family_name'),
    subjectBirthDate: view.t('signals.field.birth_date'),
    subject: view.t('signals.subject_legend'),
    channel: view.t('signals.field.channel'),
    reporterUserId: view.t('signals.field.reporter_account'),
    reporterName: view.t('signals.field.reporter_name'),
    reporterOrganisation: view.t('signals.field.reporter_organisation'),
    reporterContact: view.t('signals.field.reporter_contact'),
  };
}

const days = (view: View, count: number | null): string => (count === null ? '—' : view.t('signals.waiting_days', { count }));

/** The coordinator's overview: every signal, the longest waiting first, with the filters. */
function NetworkTable({ view, entries }: { view: View; entries: readonly SignalListEntry[] }) {
  if (entries.length === 0) return <p>{view.t('signals.empty')}</p>;
  return (
    <table>
      <caption>{view.t('signals.caption', { count: entries.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{view.t('signals.column.reference')}</th>
          <th scope="col">{view.t('signals.field.kind')}</th>
          <th scope="col">{view.t('signals.field.theme')}</th>
          <th scope="col">{view.t('signals.field.status')}</th>
          <th scope="col">{view.t('signals.field.urgency')}</th>
          <th scope="col" aria-sort="descending">
            {view.t('signals.column.waiting')}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr>
            <th scope="row">
              <a href={`/signals/${entry.id}`}>{entry.reference}</a>
            </th>
            <td data-label={view.t('signals.field.kind')}>{view.t(`signals.kind.${entry.kind}`)}</td>
            <td data-label={view.t('signals.field.theme')}>{view.t(`cases.theme.${entry.theme}`)}</td>
            <td data-label={view.t('signals.field.status')}>{view.t(`signals.status.${entry.status}`)}</td>
            <td data-label={view.t('signals.field.urgency')}>{entry.urgency ? view.t(`signals.urgency.${entry.urgency}`) : '—'}</td>
            <td data-label={view.t('signals.column.waiting')}>{days(view, entry.waitingDays)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A reporter's own signals: reference, kind, theme, status and when — nothing else. */
function OwnTable({ view, entries }: { view: View; entries: readonly SignalListEntry[] }) {
  if (entries.length === 0) return <p>{view.t('signals.mine_empty')}</p>;
  return (
    <table>
      <caption>{view.t('signals.mine_caption', { count: entries.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{view.t('signals.column.reference')}</th>
          <th scope="col">{view.t('signals.field.kind')}</th>
          <th scope="col">{view.t('signals.field.theme')}</th>
          <th scope="col">{view.t('signals.field.status')}</th>
          <th scope="col">{view.t('signals.column.reported')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr>
            <th scope="row">
              <a href={`/signals/${entry.id}`}>{entry.reference}</a>
            </th>
            <td data-label={view.t('signals.field.kind')}>{view.t(`signals.kind.${entry.kind}`)}</td>
            <td data-label={view.t('signals.field.theme')}>{view.t(`cases.theme.${entry.theme}`)}</td>
            <td data-label={view.t('signals.field.status')}>{view.t(`signals.status.${entry.status}`)}</td>
            <td data-label={view.t('signals.column.reported')}>{formatLocalTime(entry.createdAt, view.locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const FILTERS = ['status', 'theme', 'urgency', 'kind'] as const;

function Filters({ view, filters }: { view: View; filters: FormState }) {
  const all = view.t('signals.filter.all');
  const active = FILTERS.filter((name) => typeof filters.values[name] === 'string').length;
  return (
    <FilterPanel
      title={view.t('signals.filters_title')}
      open={active > 0 || Object.keys(filters.errors).length > 0}
      active={active}
      activeLabel={view.t('signals.filters_active', { count: active })}
      errors={<ErrorSummary view={view} errors={filters.errors} labels={signalLabels(view)} />}
      action="/signals"
      submitLabel={view.t('signals.filter.submit')}
      clearLabel={view.t('signals.filter.clear')}
    >
      <SelectInput
        name="status"
        label={view.t('signals.field.status')}
        form={filters}
        placeholder={all}
        options={SIGNAL_STATUSES.map((value) => ({ value, label: view.t(`signals.status.${value}`) }))}
      />
      <SelectInput name="theme" label={view.t('signals.field.theme')} form={filters} placeholder={all} options={themeChoices(view)} />
      <SelectInput
        name="urgency"
        label={view.t('signals.field.urgency')}
        form={filters}
        placeholder={all}
        options={URGENCIES.map((value) => ({ value, label: view.t(`signals.urgency.${value}`) }))}
      />
      <SelectInput
        name="kind"
        label={view.t('signals.field.kind')}
        form={filters}
        placeholder={all}
        options={SIGNAL_KINDS.map((value) => ({ value, label: view.t(`signals.kind.${value}`) }))}
      />
    </FilterPanel>
  );
}

export function SignalList(props: {
  view: View;
  scope: 'network' | 'own';
  entries: readonly SignalListEntry[];
  nextHref: string | null;
  filters: FormState;
  canReport: boolean;
  canRegister: boolean;
  /** `signals.manageConsultForm`: a link to the setting of the public consult form. */
  canManageConsultForm: boolean;
}) {
  const { view } = props;
  const title = view.t(props.scope === 'network' ? 'signals.title' : 'signals.mine_title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t(props.scope === 'network' ? 'signals.intro' : 'signals.mine_intro')}</p>
      {(props.canReport || props.canRegister || props.canManageConsultForm) && (
        <ul class="link-list">
          {props.canReport && (
            <li>
              <a class="button" href="/signals/new">
                {view.t('signals.new')}
              </a>
            </li>
          )}
          {props.canRegister && (
            <li>
              <a class="button" href="/signals/register">
                {view.t('signals.register')}
              </a>
            </li>
          )}
          {props.canManageConsultForm && (
            <li>
              <a href="/signals/consult-form">{view.t('signals.consult_form.link')}</a>
            </li>
          )}
        </ul>
      )}
      {props.scope === 'network' && <Filters view={view} filters={props.filters} />}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{view.t('signals.results_title')}</h2>
        {props.scope === 'network' ? <NetworkTable view={view} entries={props.entries} /> : <OwnTable view={view} entries={props.entries} />}
        {props.nextHref && (
          <p>
            <a href={props.nextHref}>{view.t('signals.next_page')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

/**
 * The person a concern is about; only for a concern, every field optional (the reporter decides what to
 * name). The form has no script to hide it for a consult, so its legend says so plainly, and a consult
 * that names someone comes back with the error on this fieldset (`subject`).
 */
function SubjectFields({ view, form }: { view: View; form: FormState }) {
  return (
    <fieldset
      class={form.errors.subject ? 'field has-error' : 'field'}
      id="field-subject"
      {...controlAria('field-subject', 'hint', form.errors.subject)}
    >
      <legend>{view.t('signals.subject_legend')}</legend>
      <FieldMessage id="field-subject" hint={view.t('signals.subject_hint')} error={form.errors.subject} />
      <TextInput name="subjectGivenName" label={view.t('signals.field.given_name')} form={form} />
      <TextInput name="subjectFamilyName" label={view.t('signals.field.family_name')} form={form} />
      <TextInput name="subjectBirthDate" type="date" label={view.t('signals.field.birth_date')} form={form} />
    </fieldset>
  );
}

function KindThemeDescription({ view, form }: { view: View; form: FormState }) {
  return (
    <>
      <ChoiceGroup name="kind" legend={view.t('signals.field.kind')} form={form} options={kindChoices(view)} required />
      <SelectInput
        name="theme"
        label={view.t('signals.field.theme')}
        form={form}
        placeholder={view.t('signals.choose')}
        options={themeChoices(view)}
        required
      />
      <TextArea
        name="description"
        label={view.t('signals.field.description')}
        hint={view.t('signals.description_hint')}
        form={form}
        rows={6}
        maxLength={5000}
        required
      />
    </>
  );
}

/** The report form of a professional: concern or consult, theme, what they noticed, anonymity explained plainly. */
export function NewSignalForm({ view, form }: { view: View; form: FormState }) {
  return (
    <Layout view={view} title={view.t('signals.new_title')}>
      <p>
        <a href="/signals">{view.t('signals.back_mine')}</a>
      </p>
      <h1>{view.t('signals.new_title')}</h1>
      <p>{view.t('signals.new_intro')}</p>
      <ErrorSummary view={view} errors={form.errors} labels={signalLabels(view)} />
      <Form view={view} action="/signals/new">
        <KindThemeDescription view={view} form={form} />
        <ChoiceGroup
          name="reporterAnonymous"
          legend={view.t('signals.anonymity_title')}
          hint={view.t('signals.anonymity_explained')}
          form={form}
          multiple
          options={[{ value: 'yes', label: view.t('signals.field.anonymous'), hint: view.t('signals.anonymity_replies') }]}
        />
        <SubjectFields view={view} form={form} />
        <SubmitButton label={view.t('signals.submit')} />
      </Form>
    </Layout>
  );
}

/** The coordinator registers a signal told by phone, mail or at the desk, with or without the reporter's details. */
export function RegisterSignalForm({
  view,
  form,
  reporters,
}: {
  view: View;
  form: FormState;
  reporters: readonly { id: string; name: string; organisation: string }[];
}) {
  return (
    <Layout view={view} title={view.t('signals.register_title')}>
      <p>
        <a href="/signals">{view.t('signals.back_overview')}</a>
      </p>
      <h1>{view.t('signals.register_title')}</h1>
      <p>{view.t('signals.register_intro')}</p>
      <ErrorSummary view={view} errors={form.errors} labels={signalLabels(view)} />
      <Form view={view} action="/signals/register">
        <ChoiceGroup
          name="channel"
          legend={view.t('signals.field.channel')}
          form={form}
          options={ON_BEHALF_CHANNELS.map((value) => ({ value, label: view.t(`signals.channel.${value}`) }))}
          required
        />
        <KindThemeDescription view={view} form={form} />
        <fieldset class="field">
          <legend>{view.t('signals.reporter_title')}</legend>
          <p class="hint">{view.t('signals.reporter_hint')}</p>
          <ChoiceGroup
            name="reporterAnonymous"
            legend={view.t('signals.anonymity_title')}
            form={form}
            multiple
            options={[{ value: 'yes', label: view.t('signals.field.anonymous_on_behalf') }]}
          />
          <SelectInput
            name="reporterUserId"
            label={view.t('signals.field.reporter_account')}
            hint={view.t('signals.reporter_account_hint')}
            form={form}
            placeholder={view.t('signals.no_account')}
            options={reporters.map((reporter) => ({ value: reporter.id, label: `${reporter.name} (${reporter.organisation})` }))}
          />
          <TextInput name="reporterName" label={view.t('signals.field.reporter_name')} form={form} />
          <TextInput name="reporterOrganisation" label={view.t('signals.field.reporter_organisation')} form={form} />
          <TextInput name="reporterContact" label={view.t('signals.field.reporter_contact')} form={form} />
        </fieldset>
        <SubjectFields view={view} form={form} />
        <SubmitButton label={view.t('signals.register_submit')} />
      </Form>
    </Layout>
  );
}
