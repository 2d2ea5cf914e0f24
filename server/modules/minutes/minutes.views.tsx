import { ButtonForm, errorLine, Form, SubmitButton } from '../../ui/components.tsx';
import { controlId, EMPTY_FORM, TextArea, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import { CaseItem } from '../cases/index.ts';
import type { Plan } from '../plans/index.ts';
import type { MeetingCase, MinuteEntry, Minutes } from './minutes.schemas.ts';
import type { MinuteEntryKind } from './minutes.vocabulary.ts';

/* Meeting mode (one case of a meeting) and the minutes, as pure views of what the handlers loaded. */

/** A redrawn entry form: which one, and its values and errors. */
export interface EntryForm {
  readonly kind: MinuteEntryKind;
  readonly state: FormState;
}

function EntryList({ view, entries }: { view: View; entries: readonly MinuteEntry[] }) {
  if (entries.length === 0) return <p>{view.t('minutes.entries_empty')}</p>;
  return (
    <ul class="minute-entries">
      {entries.map((entry) => (
        <li>
          <p>
            <strong>{view.t(`minutes.kind.${entry.kind}`)}</strong>
            {entry.addendum && <> · {view.t('minutes.addendum')}</>}
          </p>
          <p class="text-block">{entry.text}</p>
        </li>
      ))}
    </ul>
  );
}

function PlanSummary({ view, plan }: { view: View; plan: Plan }) {
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">{view.t('minutes.plan_title')}</h2>
      {plan.objectives.length === 0 && plan.agreements.length === 0 ? (
        <p>{view.t('minutes.plan_empty')}</p>
      ) : (
        <>
          <h3>{view.t('minutes.objectives')}</h3>
          <ul>
            {plan.objectives.map((objective) => (
              <li>
                {objective.title}
                {objective.dueDate && ` · ${view.t('plans.due_on', { date: objective.dueDate })}`} ·{' '}
                {view.t(`plans.objective_status.${objective.status}`)}
              </li>
            ))}
          </ul>
          <h3>{view.t('minutes.agreements')}</h3>
          <ul>
            {plan.agreements.map((agreement) => (
              <li>
                <strong>{agreement.organisationName}</strong> — {agreement.description ?? view.t('plans.description_hidden')} ·{' '}
                {view.t('plans.due_on', { date: agreement.dueDate })} · {view.t(`plans.agreement_status.${agreement.status}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The errors of the page's one redrawn form, at the top, each linking to its field. */
function EntryErrors({ view, form }: { view: View; form: EntryForm | null }) {
  const entries = Object.entries(form?.state.errors ?? {});
  if (!form || entries.length === 0) return null;
  const labels = { text: view.t(`minutes.field.${form.kind}`) };
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{view.t('form.error_summary_title')}</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === 'form' ? message : <a href={`#${controlId(form.kind, path)}`}>{errorLine(view, labels, path, message)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

function EntryForms({ view, data, form }: { view: View; data: MeetingCase; form: EntryForm | null }) {
  const base = `/meetings/${data.meetingId}/cases/${data.caseId}`;
  const stateOf = (kind: MinuteEntryKind): FormState => (form?.kind === kind ? form.state : EMPTY_FORM);
  const addendum = !data.abilities.write;
  return (
    <section aria-labelledby="entry-forms-heading">
      <h2 id="entry-forms-heading">{view.t(addendum ? 'minutes.addendum_title' : 'minutes.write_title')}</h2>
      {addendum && <p>{view.t('minutes.addendum_hint')}</p>}
      {(['note', 'decision'] as const).map((kind) => (
        <Form view={view} action={`${base}/${kind}s#entry-forms-heading`}>
          {addendum && <input type="hidden" name="addendum" value="true" />}
          <TextArea
            scope={kind}
            name="text"
            label={view.t(`minutes.field.${kind}`)}
            hint={view.t(`minutes.hint.${kind}`)}
            form={stateOf(kind)}
            required
          />
          <SubmitButton label={view.t(`minutes.add_${kind}`)} />
        </Form>
      ))}
    </section>
  );
}

/** `/meetings/:id/cases/:caseId`: meeting mode. */
export function MeetingCasePage({ view, data, form = null }: { view: View; data: MeetingCase; form?: EntryForm | null }) {
  const title = view.t('minutes.case_title', { reference: data.reference });
  return (
    <Layout view={view} title={title}>
      <EntryErrors view={view} form={form} />
      <h1>{title}</h1>
      <dl class="facts">
        <div>
          <dt>{view.t('minutes.field.theme')}</dt>
          <dd>{view.t(`cases.theme.${data.theme}`)}</dd>
        </div>
        <div>
          <dt>{view.t('meetings.field.status')}</dt>
          <dd>{view.t(`meetings.status.${data.meetingStatus}`)}</dd>
        </div>
      </dl>
      <nav aria-label={view.t('minutes.agenda_nav')} class="agenda-nav">
        <ul>
          {data.previous && (
            <li>
              <a href={`/meetings/${data.meetingId}/cases/${data.previous.caseId}`} rel="prev">
                {view.t('minutes.previous_case', { reference: data.previous.reference })}
              </a>
            </li>
          )}
          <li>
            <a href={`/meetings/${data.meetingId}`}>{view.t('minutes.back_to_meeting')}</a>
          </li>
          {data.next && (
            <li>
              <a href={`/meetings/${data.meetingId}/cases/${data.next.caseId}`} rel="next">
                {view.t('minutes.next_case', { reference: data.next.reference })}
              </a>
            </li>
          )}
        </ul>
      </nav>
      <section aria-labelledby="briefing-heading">
        <h2 id="briefing-heading">{view.t('minutes.briefing_title')}</h2>
        {data.items.length === 0 ? (
          <p>{view.t('minutes.briefing_empty')}</p>
        ) : (
          <ol class="item-list">
            {data.items.map((item) => (
              <CaseItem view={view} item={item} />
            ))}
          </ol>
        )}
      </section>
      <PlanSummary view={view} plan={data.plan} />
      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">{view.t('minutes.entries_title')}</h2>
        <EntryList view={view} entries={data.entries} />
      </section>
      {(data.abilities.write || data.abilities.addendum) && <EntryForms view={view} data={data} form={form} />}
    </Layout>
  );
}

/** `/meetings/:id/minutes`: per agenda case the notes and decisions the reader may see. */
export function MinutesPage({ view, minutes }: { view: View; minutes: Minutes }) {
  const title = view.t('minutes.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t(`minutes.status_note.${minutes.meetingStatus === 'closed' ? 'closed' : 'open'}`)}</p>
      {minutes.cases.length === 0 ? (
        <p>{view.t('minutes.cases_empty')}</p>
      ) : (
        minutes.cases.map((entry) => (
          <section aria-labelledby={`minutes-${entry.caseId}`}>
            <h2 id={`minutes-${entry.caseId}`}>
              <a href={`/meetings/${minutes.meetingId}/cases/${entry.caseId}`}>{entry.reference}</a> · {view.t(`cases.theme.${entry.theme}`)}
            </h2>
            <EntryList view={view} entries={entry.entries} />
          </section>
        ))
      )}
      <p>
        <a href={`/meetings/${minutes.meetingId}`}>{view.t('minutes.back_to_meeting')}</a>
      </p>
    </Layout>
  );
}

/** The page that asks for the meeting's confidentiality statement before meeting mode or the minutes open. */
export function AttestationNeededPage({ view, meetingId, statement }: { view: View; meetingId: string; statement: readonly string[] }) {
  const title = view.t('minutes.attestation_needed_title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      {statement.map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      <ButtonForm view={view} action={`/meetings/${meetingId}/attestation`} label={view.t('meetings.attestation_confirm')} />
    </Layout>
  );
}
