import { ButtonForm } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { ActionPoint, Agreement, Plan } from './plans.schemas.ts';

const CASE_TAB_LINKS = ['overview', 'information', 'people', 'history'] as const;

/** The case's tab list as links, with the plan tab current. */
function PlanTabs({ view, caseId }: { view: View; caseId: string }) {
  return (
    <nav aria-label={view.t('cases.tabs_label')} class="tabs">
      <ul>
        {CASE_TAB_LINKS.map((tab) => (
          <li>
            <a href={`/cases/${caseId}/${tab}`}>{view.t(`cases.tab.${tab}`)}</a>
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

function AgreementRow({ view, agreement }: { view: View; agreement: Agreement }) {
  return (
    <li>
      <p>
        <strong>{agreement.organisationName}</strong> — {agreement.description ?? view.t('plans.description_hidden')}
      </p>
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

/** The case page's plan tab: objectives with their evaluations and agreements. */
export function PlanPage({ view, plan }: { view: View; plan: Plan }) {
  const title = view.t('cases.tab_title', { tab: view.t('cases.tab.plan'), reference: plan.reference });
  return (
    <Layout view={view} title={title}>
      <h1>{plan.reference}</h1>
      <PlanTabs view={view} caseId={plan.caseId} />
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">{view.t('plans.heading')}</h2>
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
                    {evaluation.createdAt.slice(0, 10)} — {evaluation.note}
                  </li>
                ))}
              </ul>
            ) : null}
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
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
