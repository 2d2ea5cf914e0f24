import { ButtonForm, errorLine, Form, SubmitButton } from '../../ui/components.tsx';
import { controlId, EMPTY_FORM, SelectInput, TextArea, TextInput, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, View } from '../../ui/view.ts';
import { formatMeetingTime } from '../meetings/index.ts';
import type { ActionPoint, Agreement, Inventory, Objective, Plan } from './plans.schemas.ts';
import { OBJECTIVE_STATUSES } from './plans.vocabulary.ts';

/** A YYYY-MM-DD day in the reader's language ("2 March 2027"). */
const longDay = (view: View, day: string): string =>
  new Intl.DateTimeFormat(view.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

const CASE_TAB_LINKS = ['overview', 'information', 'people', 'history'] as const;

/** The case's tab list as links, with the plan tab current. */
function PlanTabs({ view, caseId }: { view: View; caseId: string }) {
  return (
    <nav aria-label={view.t('cases.tabs_label')} class="tabs">
      <ul>
        {CASE_TAB_LINKS.map((tab) => (
          <li>
            <a href={tab === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${tab}`}>{view.t(`cases.tab.${tab}`)}</a>
          </li>
        ))}
        <li>
          <a href={`/cases/${caseId}/plan`} aria-current="page">
            {view.t('cases.tab.plan')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** The linked service of the social map: name (a link to it), contact and conditions. */
function LinkedServiceLine({ view, service }: { view: View; service: Agreement['service'] }) {
  if (!service) return null;
  return (
    <p class="linked-service">
      {view.t('plans.linked_service')}: <a href={`/directory/services/${service.id}`}>{service.name}</a> ({service.provider})
      {service.contact ? ` · ${view.t('plans.service_contact')}: ${service.contact}` : ''}
      {service.conditions ? ` · ${view.t('plans.service_conditions')}: ${service.conditions}` : ''}
    </p>
  );
}

function AgreementRow({ view, agreement }: { view: View; agreement: Agreement }) {
  return (
    <li>
      <p>
        <strong>{agreement.organisationName}</strong> — {agreement.description ?? view.t('plans.description_hidden')}
      </p>
      <LinkedServiceLine view={view} service={agreement.service} />
      <p>
        {view.t('plans.due_on', { date: agreement.dueDate })} · {view.t(`plans.agreement_status.${agreement.status}`)}
        {agreement.reason ? ` (${view.t(`plans.reason.${agreement.reason}`)})` : ''}
        {agreement.overdue ? ` · ${view.t('plans.overdue')}` : ''}
      </p>
      {agreement.abilities.update && agreement.status === 'open' ? (
        <div class="button-row">
          <ButtonForm view={view} action={`/agreements/${agreement.id}/status`} label={view.t('plans.mark_done')} hidden={{ status: 'done' }} />
          <ButtonForm
            view={view}
            action={`/agreements/${agreement.id}/status`}
            label={view.t('plans.mark_not_done_circumstances')}
            hidden={{ status: 'not_done', reason: 'circumstances_changed' }}
          />
          <ButtonForm
            view={view}
            action={`/agreements/${agreement.id}/status`}
            label={view.t('plans.mark_not_done_did_not_act')}
            hidden={{ status: 'not_done', reason: 'organisation_did_not_act' }}
          />
        </div>
      ) : null}
    </li>
  );
}

/** The forms of the plan tab, by scope; a redrawn page carries the values and errors of one of them. */
export type PlanFormScope = 'objective' | 'evaluation' | 'agreement';
export interface PlanForms {
  readonly scope: PlanFormScope;
  readonly state: FormState;
}

function PlanFormErrors({ view, scope, errors, labels }: { view: View; scope: PlanFormScope; errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  const titleId = `${scope}-error-summary-title`;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={titleId}>
      <h3 id={titleId}>{view.t('form.error_summary_title')}</h3>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === 'form' ? message : <a href={`#${controlId(scope, path)}`}>{errorLine(view, labels, path, message)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/** The coordinator's forms: a new objective, an evaluation note, an agreement of a partner organisation. */
function PlanForms({ view, plan, forms }: { view: View; plan: Plan; forms: PlanForms | null }) {
  const stateOf = (scope: PlanFormScope): FormState => (forms?.scope === scope ? forms.state : EMPTY_FORM);
  const objectiveChoices = plan.objectives.map((objective) => ({ value: objective.id, label: objective.title }));
  const labels = {
    title: view.t('plans.field.title'),
    dueDate: view.t('plans.field.due_date'),
    objectiveId: view.t('plans.field.objective'),
    note: view.t('plans.field.note'),
    organisationId: view.t('plans.field.organisation'),
    description: view.t('plans.field.description'),
    meetingId: view.t('plans.field.meeting'),
    serviceId: view.t('plans.field.service'),
  };
  const base = `/cases/${plan.caseId}/plan`;
  return (
    <>
      <section aria-labelledby="objective-form-heading" id="objective-form">
        <h2 id="objective-form-heading">{view.t('plans.add_objective')}</h2>
        <PlanFormErrors view={view} scope="objective" errors={stateOf('objective').errors} labels={labels} />
        <Form view={view} action={`${base}/objectives#objective-form`}>
          <TextInput scope="objective" name="title" label={labels.title} form={stateOf('objective')} required />
          <TextInput scope="objective" name="dueDate" type="date" label={labels.dueDate} form={stateOf('objective')} />
          <SubmitButton label={view.t('plans.add_objective')} />
        </Form>
      </section>
      {objectiveChoices.length > 0 ? (
        <>
          <section aria-labelledby="evaluation-form-heading" id="evaluation-form">
            <h2 id="evaluation-form-heading">{view.t('plans.add_evaluation')}</h2>
            <PlanFormErrors view={view} scope="evaluation" errors={stateOf('evaluation').errors} labels={labels} />
            <Form view={view} action={`${base}/evaluations#evaluation-form`}>
              <SelectInput
                scope="evaluation"
                name="objectiveId"
                label={labels.objectiveId}
                options={objectiveChoices}
                form={stateOf('evaluation')}
                required
              />
              <TextArea scope="evaluation" name="note" label={labels.note} form={stateOf('evaluation')} maxLength={4000} required />
              {plan.meetingChoices && plan.meetingChoices.length > 0 ? (
                <SelectInput
                  scope="evaluation"
                  name="meetingId"
                  label={labels.meetingId}
                  options={plan.meetingChoices.map((meeting) => ({ value: meeting.id, label: longDay(view, meeting.date) }))}
                  placeholder={view.t('plans.evaluation_no_meeting')}
                  form={stateOf('evaluation')}
                />
              ) : null}
              <SubmitButton label={view.t('plans.add_evaluation')} />
            </Form>
          </section>
          <section aria-labelledby="agreement-form-heading" id="agreement-form">
            <h2 id="agreement-form-heading">{view.t('plans.add_agreement')}</h2>
            <PlanFormErrors view={view} scope="agreement" errors={stateOf('agreement').errors} labels={labels} />
            <Form view={view} action={`${base}/agreements#agreement-form`}>
              <SelectInput
                scope="agreement"
                name="objectiveId"
                label={labels.objectiveId}
                options={objectiveChoices}
                form={stateOf('agreement')}
                required
              />
              <SelectInput
                scope="agreement"
                name="organisationId"
                label={labels.organisationId}
                options={(plan.organisationChoices ?? []).map((organisation) => ({ value: organisation.id, label: organisation.name }))}
                form={stateOf('agreement')}
                required
              />
              <TextArea scope="agreement" name="description" label={labels.description} form={stateOf('agreement')} maxLength={2000} required />
              <TextInput scope="agreement" name="dueDate" type="date" label={labels.dueDate} form={stateOf('agreement')} required />
              <SelectInput
                scope="agreement"
                name="serviceId"
                label={labels.serviceId}
                hint={view.t('plans.field.service_hint')}
                placeholder={view.t('plans.field.service_none')}
                options={(plan.serviceChoices ?? []).map((service) => ({ value: service.id, label: service.label }))}
                form={stateOf('agreement')}
              />
              <SubmitButton label={view.t('plans.add_agreement')} />
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

/** A redrawn objective status form: which objective, and its values and errors. */
export interface ObjectiveStatusFormState {
  readonly objectiveId: string;
  readonly state: FormState;
}

/** The coordinator's status form of one objective (open, achieved, dropped), sent with the version it was read at. */
function ObjectiveStatusForm({ view, objective, form }: { view: View; objective: Objective; form: ObjectiveStatusFormState | null }) {
  const scope = `objective-status-${objective.id}`;
  const state: FormState = form?.objectiveId === objective.id ? form.state : { values: { status: objective.status }, errors: {} };
  const labels = { status: view.t('plans.field.objective_status'), version: view.t('plans.field.objective_status') };
  return (
    <div id={scope}>
      <PlanFormErrors view={view} scope={scope as PlanFormScope} errors={state.errors} labels={labels} />
      <Form view={view} action={`/cases/${objective.caseId}/plan/objectives/${objective.id}/status#${scope}`}>
        <input type="hidden" name="version" value={String(objective.version)} />
        <SelectInput
          scope={scope}
          name="status"
          label={labels.status}
          options={OBJECTIVE_STATUSES.map((status) => ({ value: status, label: view.t(`plans.objective_status.${status}`) }))}
          form={state}
          required
        />
        <SubmitButton label={view.t('plans.change_objective_status')} />
      </Form>
    </div>
  );
}

/** The case page's plan tab: objectives with their evaluations and agreements. */
export function PlanPage({
  view,
  plan,
  forms = null,
  statusForm = null,
}: {
  view: View;
  plan: Plan;
  forms?: PlanForms | null;
  statusForm?: ObjectiveStatusFormState | null;
}) {
  const title = view.t('cases.tab_title', { tab: view.t('cases.tab.plan'), reference: plan.reference });
  return (
    <Layout view={view} title={title}>
      <h1>{plan.reference}</h1>
      <PlanTabs view={view} caseId={plan.caseId} />
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">{view.t('plans.heading')}</h2>
        <p class="hint">{view.t('plans.pdca_help')}</p>
        {plan.abilities.recordGap ? (
          <p>
            <a href={`/directory/gaps/new?caseId=${encodeURIComponent(plan.caseId)}`}>{view.t('plans.record_gap')}</a>
          </p>
        ) : null}
        {plan.objectives.length === 0 ? <p>{view.t('plans.no_objectives')}</p> : null}
        {plan.objectives.map((objective) => (
          <article>
            <h3>{objective.title}</h3>
            <p>
              {view.t(`plans.objective_status.${objective.status}`)}
              {objective.dueDate ? ` · ${view.t('plans.due_on', { date: objective.dueDate })}` : ''}
            </p>
            {objective.evaluations && objective.evaluations.length > 0 ? (
              <ul>
                {objective.evaluations.map((evaluation) => (
                  <li>
                    {evaluation.meetingDate
                      ? view.t('plans.evaluated_at_meeting', { date: longDay(view, evaluation.meetingDate) })
                      : evaluation.createdAt.slice(0, 10)}{' '}
                    — {evaluation.note}
                  </li>
                ))}
              </ul>
            ) : null}
            {plan.abilities.manage ? <ObjectiveStatusForm view={view} objective={objective} form={statusForm} /> : null}
            <ul>
              {plan.agreements
                .filter((agreement) => agreement.objectiveId === objective.id)
                .map((agreement) => (
                  <AgreementRow view={view} agreement={agreement} />
                ))}
            </ul>
          </article>
        ))}
      </section>
      {plan.abilities.manage ? <PlanForms view={view} plan={plan} forms={forms} /> : null}
    </Layout>
  );
}

/** "Our agreements": the organisation's open action points across cases. */
export function OurAgreementsPage({ view, points }: { view: View; points: readonly ActionPoint[] }) {
  const title = view.t('plans.our_agreements');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      {points.length === 0 ? (
        <p>{view.t('plans.our_agreements_empty')}</p>
      ) : (
        <ul>
          {points.map((point) => (
            <li>
              <a href={`/cases/${point.caseId}/plan`}>{point.caseReference}</a> — {point.description}
              <br />
              {view.t('plans.due_on', { date: point.dueDate })}
              {point.overdue ? ` · ${view.t('plans.overdue')}` : ''}
              <LinkedServiceLine view={view} service={point.service} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The pre-meeting inventory of the caller's organisation: per agenda case its open agreements, and "done". */
export function InventoryPage({ view, inventory }: { view: View; inventory: Inventory }) {
  const when = formatMeetingTime(inventory.startsAt, view.locale, inventory.timeZone);
  const title = view.t('plans.inventory.title', { when });
  const back = `/meetings/${inventory.meetingId}/inventory`;
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('plans.inventory.intro', { table: inventory.tableName })}</p>
      {inventory.cases.length === 0 ? <p>{view.t('plans.inventory.no_cases')}</p> : null}
      {inventory.cases.map((entry) => (
        <section aria-labelledby={`inventory-case-${entry.caseId}`}>
          <h2 id={`inventory-case-${entry.caseId}`}>{entry.reference}</h2>
          {!entry.readable ? (
            <p>{view.t('plans.inventory.case_not_readable')}</p>
          ) : (
            <>
              {entry.agreements.length === 0 ? <p>{view.t('plans.inventory.no_agreements')}</p> : null}
              <ul>
                {entry.agreements.map((agreement) => (
                  <li>
                    <p>{agreement.description}</p>
                    <p>
                      {view.t('plans.due_on', { date: agreement.dueDate })}
                      {agreement.overdue ? ` · ${view.t('plans.overdue')}` : ''}
                    </p>
                    {agreement.canUpdate ? (
                      <div class="button-row">
                        <ButtonForm
                          view={view}
                          action={`${back}/agreements/${agreement.id}`}
                          label={view.t('plans.mark_done')}
                          hidden={{ status: 'done' }}
                        />
                        <ButtonForm
                          view={view}
                          action={`${back}/agreements/${agreement.id}`}
                          label={view.t('plans.mark_not_done_circumstances')}
                          hidden={{ status: 'not_done', reason: 'circumstances_changed' }}
                        />
                        <ButtonForm
                          view={view}
                          action={`${back}/agreements/${agreement.id}`}
                          label={view.t('plans.mark_not_done_did_not_act')}
                          hidden={{ status: 'not_done', reason: 'organisation_did_not_act' }}
                        />
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
              <p>
                <a href={`/cases/${entry.caseId}/information#add-item`}>{view.t('plans.inventory.add_item', { reference: entry.reference })}</a>
              </p>
            </>
          )}
        </section>
      ))}
      <section aria-labelledby="inventory-done-heading">
        <h2 id="inventory-done-heading">{view.t('plans.inventory.done_heading')}</h2>
        {inventory.doneAt ? (
          <p>{view.t('plans.inventory.done_on', { date: inventory.doneAt.slice(0, 10) })}</p>
        ) : inventory.canComplete ? (
          <ButtonForm view={view} action={`${back}/done`} label={view.t('plans.inventory.mark_done')} />
        ) : (
          <p>{view.t('plans.inventory.not_done')}</p>
        )}
      </section>
      <p>
        <a href={`/meetings/${inventory.meetingId}`}>{view.t('plans.inventory.back_to_meeting')}</a>
      </p>
    </Layout>
  );
}
