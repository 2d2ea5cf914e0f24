import { Form, SubmitButton } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { disclosureChoices, SubjectFields, subjectLabels } from './case-list.views.tsx';
import { FORM_PLACES, formIsDrawn, formOf, type CasePageData, type CasePageState } from './case-page.model.ts';
import { ChoiceGroup, FormErrors, HiddenField, TextArea } from './cases.components.tsx';
import { CASE_OUTCOMES, IDENTITY_DISCLOSURES, isRaise } from './cases.vocabulary.ts';

/* Closing, reopening and raising the identity disclosure: the coordinator's steps in a case's life. */

function CloseCase({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  const form = formOf(state, 'close');
  return (
    <section aria-labelledby="close-heading">
      <h2 id="close-heading">{view.t('cases.close_title')}</h2>
      <p class="hint">{view.t('cases.close_hint')}</p>
      <FormErrors
        view={view}
        scope="close"
        errors={form.errors}
        labels={{ outcome: view.t('cases.field.outcome'), rationale: view.t('cases.field.rationale') }}
      />
      <Form view={view} action={`/cases/${data.case.id}/close#${FORM_PLACES.close.anchor}`}>
        <HiddenField name="version" value={String(data.case.version)} />
        <ChoiceGroup
          scope="close"
          name="outcome"
          legend={view.t('cases.field.outcome')}
          form={form}
          required
          options={CASE_OUTCOMES.map((value) => ({ value, label: view.t(`cases.outcome.${value}`) }))}
        />
        <TextArea
          scope="close"
          name="rationale"
          label={view.t('cases.field.rationale')}
          hint={view.t('cases.close_rationale_hint')}
          form={form}
          required
        />
        <SubmitButton label={view.t('cases.close')} />
      </Form>
    </section>
  );
}

function ReopenCase({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  const form = formOf(state, 'reopen');
  return (
    <section aria-labelledby="reopen-heading">
      <h2 id="reopen-heading">{view.t('cases.reopen_title')}</h2>
      <FormErrors view={view} scope="reopen" errors={form.errors} labels={{ reason: view.t('cases.field.reason') }} />
      <Form view={view} action={`/cases/${data.case.id}/reopen#${FORM_PLACES.reopen.anchor}`}>
        <HiddenField name="version" value={String(data.case.version)} />
        <TextArea scope="reopen" name="reason" label={view.t('cases.field.reason')} hint={view.t('cases.reopen_hint')} form={form} required />
        <SubmitButton label={view.t('cases.reopen')} />
      </Form>
    </section>
  );
}

const disclosureLabels = (view: View) => ({
  level: view.t('cases.field.new_level'),
  rationale: view.t('cases.field.rationale'),
  ...subjectLabels(view),
});

function RaiseDisclosure({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  const form = formOf(state, 'disclosure');
  const current = data.case.identityDisclosure;
  const higher = IDENTITY_DISCLOSURES.filter((level) => isRaise(current, level));
  return (
    <section aria-labelledby="disclosure-heading">
      <h2 id="disclosure-heading">{view.t('cases.disclosure_title')}</h2>
      <p class="hint">{view.t('cases.disclosure_intro', { level: view.t(`cases.disclosure.${current}`) })}</p>
      <FormErrors view={view} scope="disclosure" errors={form.errors} labels={disclosureLabels(view)} />
      <Form view={view} action={`/cases/${data.case.id}/disclosure#${FORM_PLACES.disclosure.anchor}`}>
        <HiddenField name="version" value={String(data.case.version)} />
        <ChoiceGroup
          scope="disclosure"
          name="level"
          legend={view.t('cases.field.new_level')}
          form={form}
          required
          options={disclosureChoices(view, higher)}
        />
        <TextArea
          scope="disclosure"
          name="rationale"
          label={view.t('cases.field.rationale')}
          hint={view.t('cases.disclosure_rationale_hint')}
          form={form}
          required
        />
        {current === 'anonymous' && (
          <fieldset>
            <legend>{view.t('cases.subject_title')}</legend>
            <p class="hint">{view.t('cases.disclosure_identity_hint')}</p>
            <SubjectFields view={view} scope="disclosure" form={form} full={false} />
          </fieldset>
        )}
        <SubmitButton label={view.t('cases.raise_disclosure')} />
      </Form>
    </section>
  );
}

export function CaseStateForms({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  return (
    <>
      {formIsDrawn(data, 'disclosure') && <RaiseDisclosure view={view} data={data} state={state} />}
      {data.abilities.close && <CloseCase view={view} data={data} state={state} />}
      {data.abilities.reopen && <ReopenCase view={view} data={data} state={state} />}
    </>
  );
}
