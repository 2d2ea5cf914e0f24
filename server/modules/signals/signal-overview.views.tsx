import { ErrorSummary, Facts, Form, SubmitButton } from '../../ui/components.tsx';
import { ChoiceGroup, TextArea, TextInput, type FormState } from '../../ui/form-controls.tsx';
import { formatLocalDay, formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';
import type { AuditedSignalRead } from './signal-door.ts';
import { SignalPage } from './signal-page.views.tsx';
import type { SignalView } from './signals.schemas.ts';
import { SIGNAL_OUTCOMES } from './signals.vocabulary.ts';
import { signalLabels } from './signals.views.tsx';

/* The overview tab of a signal: what was reported, for the coordinator who reported it and the decision form. */

function reporterLine(view: View, reporter: NonNullable<SignalView['reporter']>): string {
  if (reporter.anonymous) return view.t('signals.reporter_anonymous');
  const parts = [reporter.name, reporter.organisation].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : view.t('signals.reporter_unknown');
}

function SignalFacts({ view, signal }: { view: View; signal: SignalView }) {
  const coordinator = signal.reporter !== undefined;
  return (
    <section aria-labelledby="facts-heading">
      <h2 id="facts-heading">{view.t('signals.facts_title')}</h2>
      <Facts
        entries={[
          [view.t('signals.field.kind'), view.t(`signals.kind.${signal.kind}`)],
          [view.t('signals.field.theme'), view.t(`cases.theme.${signal.theme}`)],
          [view.t('signals.field.status'), view.t(`signals.status.${signal.status}`)],
          [view.t('signals.column.reported'), formatLocalTime(signal.createdAt, view.locale)],
          [view.t('signals.field.disclosure'), view.t(`signals.disclosure.${signal.disclosureStatus}`)],
          coordinator ? [view.t('signals.field.reporter'), reporterLine(view, signal.reporter!)] : ['', null],
          coordinator ? [view.t('signals.field.reporter_contact'), signal.reporter?.contact] : ['', null],
          coordinator && signal.channel ? [view.t('signals.field.channel'), view.t(`signals.channel.${signal.channel}`)] : ['', null],
          coordinator && signal.urgency ? [view.t('signals.field.urgency'), view.t(`signals.urgency.${signal.urgency}`)] : ['', null],
          coordinator && signal.category ? [view.t('signals.field.category'), String(signal.category)] : ['', null],
          coordinator && signal.waitingDays !== null && signal.waitingDays !== undefined
            ? [view.t('signals.column.waiting'), view.t('signals.waiting_days', { count: signal.waitingDays })]
            : ['', null],
          coordinator && signal.outcome ? [view.t('signals.field.outcome'), view.t(`signals.outcome.${signal.outcome}`)] : ['', null],
          coordinator ? [view.t('signals.field.rationale'), signal.decisionRationale] : ['', null],
          coordinator && signal.caseId
            ? [view.t('signals.field.case'), <a href={`/cases/${signal.caseId}`}>{view.t('signals.to_case')}</a>]
            : ['', null],
        ]}
      />
    </section>
  );
}

function Subject({ view, signal }: { view: View; signal: SignalView }) {
  if (signal.subject === undefined || signal.kind === 'consult') return null;
  const subject = signal.subject;
  return (
    <section aria-labelledby="subject-heading">
      <h2 id="subject-heading">{view.t('signals.subject_title')}</h2>
      {subject === null ? (
        <p>{view.t(signal.outcome === null ? 'signals.subject_none' : 'signals.subject_erased')}</p>
      ) : (
        <Facts
          entries={[
            [view.t('signals.field.given_name'), subject.givenName],
            [view.t('signals.field.family_name'), subject.familyName],
            [view.t('signals.field.birth_date'), subject.birthDate ? formatLocalDay(subject.birthDate, view.locale) : null],
          ]}
        />
      )}
    </section>
  );
}

/** The coordinator's decision: outcome, rationale, advice for a non-shared concern, the person for a shared one. */
function DecisionForm({ view, signal, form }: { view: View; signal: SignalView; form: FormState }) {
  const outcomes = signal.kind === 'consult' ? SIGNAL_OUTCOMES.filter((outcome) => outcome !== 'shared_concern') : SIGNAL_OUTCOMES;
  const needsSubject = signal.kind === 'concern' && (signal.subject === null || !signal.subject?.familyName || !signal.subject.birthDate);
  return (
    <section aria-labelledby="decision-heading">
      <h2 id="decision-heading">{view.t('signals.decision_title')}</h2>
      <p>{view.t('signals.decision_intro')}</p>
      <ErrorSummary
        view={view}
        errors={form.errors}
        labels={{
          ...signalLabels(view),
          outcome: view.t('signals.field.outcome'),
          rationale: view.t('signals.field.rationale'),
          advice: view.t('signals.field.advice'),
        }}
      />
      <Form view={view} action={`/signals/${signal.id}/decision#decision-heading`}>
        <ChoiceGroup
          name="outcome"
          legend={view.t('signals.field.outcome')}
          form={form}
          required
          options={outcomes.map((value) => ({ value, label: view.t(`signals.outcome.${value}`), hint: view.t(`signals.outcome_hint.${value}`) }))}
        />
        <TextArea
          name="rationale"
          label={view.t('signals.field.rationale')}
          hint={view.t('signals.rationale_hint')}
          form={form}
          required
          maxLength={5000}
        />
        <TextArea name="advice" label={view.t('signals.field.advice')} hint={view.t('signals.advice_hint')} form={form} maxLength={5000} />
        {needsSubject && (
          <fieldset class="field" id="field-subject">
            <legend>{view.t('signals.subject_title')}</legend>
            <p class="hint">{view.t('signals.decision_subject_hint')}</p>
            <TextInput name="subjectGivenName" label={view.t('signals.field.given_name')} form={form} />
            <TextInput name="subjectFamilyName" label={view.t('signals.field.family_name')} form={form} />
            <TextInput name="subjectBirthDate" type="date" label={view.t('signals.field.birth_date')} form={form} />
          </fieldset>
        )}
        <SubmitButton label={view.t('signals.decide')} />
      </Form>
    </section>
  );
}

/** The overview tab; `decision` is the decision form's state when the actor may decide now, else null. */
export function SignalOverview({
  view,
  read,
  signal,
  decision,
}: {
  view: View;
  read: AuditedSignalRead;
  signal: SignalView;
  decision: FormState | null;
}) {
  return (
    <SignalPage view={view} signal={read} tab="overview">
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">{view.t(read.relation.coordinator ? 'signals.field.description' : 'signals.own_description')}</h2>
        <p class="text-block">{signal.description}</p>
      </section>
      <SignalFacts view={view} signal={signal} />
      <Subject view={view} signal={signal} />
      {!read.relation.coordinator && <p>{view.t(`signals.status_explained.${signal.status}`)}</p>}
      {decision && <DecisionForm view={view} signal={signal} form={decision} />}
    </SignalPage>
  );
}
