import { ErrorSummary, Form, SubmitButton } from '../../ui/components.tsx';
import { ChoiceGroup, EMPTY_FORM, SelectInput, TextArea, type FormState } from '../../ui/form-controls.tsx';
import type { FieldErrors, View } from '../../ui/view.ts';
import { AUDIENCES, IDENTITY_DISCLOSURES, ITEM_CLASSES, LEGAL_BASES } from '../cases/index.ts';
import type { SignalMatches } from './referral.schemas.ts';

/* The referral tab of a signal (coordinator only): "already known?", adding to a known case, the referral form. */

export interface ReferralTabData {
  readonly signalId: string;
  /** The case the signal went to, once referred or added. */
  readonly caseId: string | null;
  /** The signal was added to a case already at the table (not referred through a new case). */
  readonly addedToCase: boolean;
  /** A shared concern not yet referred: the forms are offered. */
  readonly referable: boolean;
  /** The matches, looked up only for a shared concern. */
  readonly matches: SignalMatches | null;
  readonly tables: readonly { readonly id: string; readonly name: string; readonly audience: string }[];
  /** The table the person's age on the referral day routes to (the form's default). */
  readonly routedTableId: string | null;
  readonly reporterKnown: boolean;
  readonly organisations: readonly { readonly id: string; readonly name: string }[];
}

/** Which of the tab's forms came back with errors: the referral form, or the add form of one case. */
export type ReferralTabForms = { readonly referral?: FormState; readonly addToCase?: { readonly caseId: string; readonly form: FormState } };

const referralLabels = (view: View) => ({
  tableId: view.t('cases.field.table'),
  ageExceptionReason: view.t('referral.field.age_exception_reason'),
  identityDisclosure: view.t('referral.field.identity_disclosure'),
  summary: view.t('referral.field.summary'),
  caseOwnerOrganisationId: view.t('cases.field.case_owner'),
  seatReporterOrganisation: view.t('referral.field.seat_reporter'),
});

const addLabels = (view: View) => ({
  audience: view.t('referral.field.audience'),
  legalBasis: view.t('referral.field.legal_basis'),
  itemClasses: view.t('referral.field.item_classes'),
  seatReporterOrganisation: view.t('referral.field.seat_reporter_guest'),
  caseId: view.t('referral.field.case'),
});

/** Errors of a scoped form keyed by the scoped field name, so the summary links to the right control. */
const scoped = (scope: string, errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([path, message]) => [`${scope}-${path}`, message]));
const scopedLabels = (scope: string, labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).map(([path, label]) => [`${scope}-${path}`, label]));

function KnownPanel({ view, data, forms }: { view: View; data: ReferralTabData; forms: ReferralTabForms }) {
  const matches = data.matches;
  if (!matches) return null;
  return (
    <section aria-labelledby="known-heading">
      <h2 id="known-heading">{view.t('referral.known.title')}</h2>
      {!matches.comparable ? (
        <p>{view.t('referral.known.not_comparable')}</p>
      ) : (
        <>
          <p>{view.t('referral.known.times_referred', { count: matches.timesReferred })}</p>
          <h3>{view.t('referral.known.cases')}</h3>
          {matches.cases.length === 0 ? (
            <p>{view.t('referral.known.no_cases')}</p>
          ) : (
            <ul class="records">
              {matches.cases.map((kase, index) => (
                <li>
                  <p>
                    <a href={`/cases/${kase.id}`}>{kase.reference}</a> · {kase.tableName} · {view.t(`cases.status.${kase.status}`)}
                  </p>
                  {data.referable && kase.status === 'open' && (
                    <AddToCaseForm
                      view={view}
                      data={data}
                      caseId={kase.id}
                      reference={kase.reference}
                      scope={`add-${index}`}
                      form={forms.addToCase?.caseId === kase.id ? forms.addToCase.form : EMPTY_FORM}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{view.t('referral.known.signals')}</h3>
          {matches.signals.length === 0 ? (
            <p>{view.t('referral.known.no_signals')}</p>
          ) : (
            <ul>
              {matches.signals.map((signal) => (
                <li>
                  <a href={`/signals/${signal.id}`}>{signal.reference}</a> · {view.t(`signals.status.${signal.status}`)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AddToCaseForm(props: { view: View; data: ReferralTabData; caseId: string; reference: string; scope: string; form: FormState }) {
  const { view, scope, form } = props;
  const formValues = { audience: 'table', legalBasis: 'art_458ter', ...form.values };
  const state = { values: formValues, errors: form.errors };
  return (
    <details open={Object.keys(form.errors).length > 0} id={`add-${props.caseId}`}>
      <summary>{view.t('referral.add.title', { reference: props.reference })}</summary>
      <ErrorSummary view={view} errors={scoped(scope, form.errors)} labels={scopedLabels(scope, addLabels(view))} />
      <p class="hint">{view.t('referral.add.hint')}</p>
      <Form view={view} action={`/signals/${props.data.signalId}/referral/add-to-case#add-${props.caseId}`}>
        <input type="hidden" name="caseId" value={props.caseId} />
        <SelectInput
          scope={scope}
          name="audience"
          label={view.t('referral.field.audience')}
          form={state}
          required
          options={AUDIENCES.map((value) => ({ value, label: view.t(`cases.audience.${value}`) }))}
        />
        <SelectInput
          scope={scope}
          name="legalBasis"
          label={view.t('referral.field.legal_basis')}
          form={state}
          required
          options={LEGAL_BASES.map((value) => ({ value, label: view.t(`cases.legal_basis.${value}`) }))}
        />
        <ChoiceGroup
          scope={scope}
          name="itemClasses"
          legend={view.t('referral.field.item_classes')}
          form={state}
          multiple
          options={ITEM_CLASSES.map((value) => ({ value, label: view.t(`cases.item_class.${value}`) }))}
        />
        {props.data.reporterKnown && (
          <ChoiceGroup
            scope={scope}
            name="seatReporterOrganisation"
            legend={view.t('referral.field.seat_reporter_guest')}
            hint={view.t('referral.field.seat_reporter_hint')}
            form={state}
            multiple
            options={[{ value: 'true', label: view.t('referral.field.seat_yes') }]}
          />
        )}
        <SubmitButton label={view.t('referral.add.submit')} />
      </Form>
    </details>
  );
}

function ReferralForm({ view, data, form }: { view: View; data: ReferralTabData; form: FormState }) {
  const state = { values: { identityDisclosure: 'restricted', tableId: data.routedTableId ?? '', ...form.values }, errors: form.errors };
  return (
    <section aria-labelledby="referral-heading" id="referral-form">
      <h2 id="referral-heading">{view.t('referral.form.title')}</h2>
      <ErrorSummary view={view} errors={form.errors} labels={referralLabels(view)} />
      <p class="hint">{view.t('referral.form.hint')}</p>
      <Form view={view} action={`/signals/${data.signalId}/referral#referral-form`}>
        <SelectInput
          name="tableId"
          label={view.t('cases.field.table')}
          hint={view.t('referral.field.table_hint')}
          form={state}
          required
          placeholder={view.t('referral.field.table_choose')}
          options={data.tables.map((table) => ({
            value: table.id,
            label: `${table.name} (${view.t(`tables.audience.${table.audience === 'minors' ? 'minors' : 'adults'}`)})`,
          }))}
        />
        <TextArea
          name="ageExceptionReason"
          label={view.t('referral.field.age_exception_reason')}
          hint={view.t('referral.field.age_exception_hint')}
          form={state}
          maxLength={500}
          rows={2}
        />
        <ChoiceGroup
          name="identityDisclosure"
          legend={view.t('referral.field.identity_disclosure')}
          form={state}
          required
          options={IDENTITY_DISCLOSURES.map((value) => ({
            value,
            label: view.t(`cases.disclosure.${value}`),
            hint: view.t(`cases.disclosure.${value}_hint`),
          }))}
        />
        <TextArea
          name="summary"
          label={view.t('referral.field.summary')}
          hint={view.t('referral.field.summary_hint')}
          form={state}
          required
          maxLength={5000}
        />
        <SelectInput
          name="caseOwnerOrganisationId"
          label={view.t('cases.field.case_owner')}
          form={state}
          placeholder={view.t('referral.field.case_owner_none')}
          options={data.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        {data.reporterKnown && (
          <ChoiceGroup
            name="seatReporterOrganisation"
            legend={view.t('referral.field.seat_reporter')}
            hint={view.t('referral.field.seat_reporter_hint')}
            form={state}
            multiple
            options={[{ value: 'true', label: view.t('referral.field.seat_yes') }]}
          />
        )}
        <SubmitButton label={view.t('referral.form.submit')} />
      </Form>
    </section>
  );
}

/** The tab's content, drawn inside the signal page. */
export function ReferralTab({ view, data, forms = {} }: { view: View; data: ReferralTabData; forms?: ReferralTabForms }) {
  if (data.caseId !== null)
    return (
      <section aria-labelledby="referred-heading">
        <h2 id="referred-heading">{view.t(data.addedToCase ? 'referral.done.title_added' : 'referral.done.title')}</h2>
        <p>
          <a href={`/cases/${data.caseId}`}>{view.t('referral.done.case_link')}</a>
        </p>
        <p>
          <a href={`/signals/${data.signalId}/referral.pdf`} download hx-boost="false">
            {view.t('referral.done.pdf_link')}
          </a>
        </p>
      </section>
    );
  if (!data.referable)
    return (
      <section aria-labelledby="referral-closed-heading">
        <h2 id="referral-closed-heading">{view.t('referral.form.title')}</h2>
        <p>{view.t('referral.form.needs_shared_concern')}</p>
      </section>
    );
  return (
    <>
      <KnownPanel view={view} data={data} forms={forms} />
      <ReferralForm view={view} data={data} form={forms.referral ?? EMPTY_FORM} />
    </>
  );
}
