import { Form, SubmitButton } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { disclosureChoices, SubjectFields, subjectLabels } from './case-list.views.tsx';
import { FORM_PLACES, formIsDrawn, formOf, type CasePageData, type CasePageState } from './case-page.model.ts';
import { ChoiceGroup, FormErrors, HiddenField, SelectInput, TextArea } from './cases.components.tsx';
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

/** The age hand-over and any other move: to another table of the network, or (with an open task) keep it here. */
function MoveCase({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  const form = formOf(state, 'move');
  const keep = formOf(state, 'keep');
  const { handover, moveTables } = data.choices;
  return (
    <section aria-labelledby="move-heading">
      <h2 id="move-heading">{view.t('cases.move_title')}</h2>
      {handover && (
        <p class="notice" role="note">
          {view.t('cases.handover_notice', { date: handover.dueOn })}
        </p>
      )}
      <p class="hint">{view.t('cases.move_hint', { table: data.case.tableName })}</p>
      {moveTables.length === 0 ? (
        <p>{view.t('cases.move_no_tables')}</p>
      ) : (
        <>
          <FormErrors
            view={view}
            scope="move"
            errors={form.errors}
            labels={{ tableId: view.t('cases.field.move_table'), reason: view.t('cases.field.move_reason') }}
          />
          <Form view={view} action={`/cases/${data.case.id}/move#${FORM_PLACES.move.anchor}`}>
            <HiddenField name="version" value={String(data.case.version)} />
            <SelectInput
              scope="move"
              name="tableId"
              label={view.t('cases.field.move_table')}
              form={form}
              required
              placeholder={view.t('form.choose')}
              options={moveTables.map((table) => ({
                value: table.id,
                label: view.t('cases.move_table_option', { name: table.name, audience: view.t(`tables.audience.${table.audience}`) }),
              }))}
            />
            <TextArea
              scope="move"
              name="reason"
              label={view.t('cases.field.move_reason')}
              hint={view.t('cases.move_reason_hint')}
              form={form}
              maxLength={500}
            />
            <SubmitButton label={view.t('cases.move')} />
          </Form>
        </>
      )}
      {handover && data.abilities.keepAtTable && (
        <>
          <h3 id="keep-heading">{view.t('cases.keep_title')}</h3>
          <FormErrors view={view} scope="keep" errors={keep.errors} labels={{ reason: view.t('cases.field.keep_reason') }} />
          <Form view={view} action={`/cases/${data.case.id}/handover/keep#${FORM_PLACES.keep.anchor}`}>
            <TextArea scope="keep" name="reason" label={view.t('cases.field.keep_reason')} form={keep} required maxLength={500} />
            <SubmitButton label={view.t('cases.keep')} />
          </Form>
        </>
      )}
    </section>
  );
}

export function CaseStateForms({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  return (
    <>
      {data.abilities.move && <MoveCase view={view} data={data} state={state} />}
      {formIsDrawn(data, 'disclosure') && <RaiseDisclosure view={view} data={data} state={state} />}
      {data.abilities.close && <CloseCase view={view} data={data} state={state} />}
      {data.abilities.reopen && <ReopenCase view={view} data={data} state={state} />}
    </>
  );
}
