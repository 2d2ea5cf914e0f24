import { ROLES } from '../../access/actor.ts';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import { ErrorSummary, fieldId, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { formatLocalClock, formatLocalDayOf, networkDay } from '../../ui/local-time.ts';
import {
  ACCESS_REPORT_PURPOSES,
  groupAccessReport,
  type AccessReport,
  type AccessReportEntry,
  type AccessReportGroup,
  type ReportOrganisation,
} from './access-report.ts';
import { formatAuditTime } from './audit-time.ts';
import { AUDIT_ACTIONS } from './audit.actions.ts';
import { ACCESS_REPORT_PAGE_PATH, AUDIT_PAGE_PATH, STAFF_NAMES_PAGE_PATH } from './audit.paths.ts';
import { AUDIT_DECISIONS, STAFF_NAMES_REASON_MAX, STAFF_NAMES_REASON_MIN } from './audit.schemas.ts';
import { type PersonCase } from './find-person-cases.ts';
import { PersonLookup } from './person-lookup.views.tsx';

/** The views of the DPO's access report page: the report, the staff-names decision, the person lookup. */

const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

const actionLabel = (view: View, action: string) => (known(AUDIT_ACTIONS, action) ? view.t(`audit.action.${action}`) : action);

const organisationLabel = (view: View, organisation: ReportOrganisation | null) => organisation?.name ?? view.t('audit.report.no_organisation');

const rolesLabel = (view: View, roles: readonly string[]) => roles.map((role) => (known(ROLES, role) ? view.t(`role.${role}`) : role)).join(', ');

function purposeLabel(view: View, purpose: string | null): string {
  if (purpose === null) return '';
  return known(ACCESS_REPORT_PURPOSES, purpose) ? view.t(`audit.report.purpose.${purpose}`) : purpose;
}

function staffLabel(view: View, staff: NonNullable<AccessReportEntry['staff']>): string {
  if (staff.name !== null) return staff.name;
  if (staff.userId === OPERATOR_USER_ID) return view.t('audit.operator');
  if (staff.userId === null) return view.t('audit.nobody');
  return view.t('audit.report.staff.unknown');
}

/** The required reason: a textarea with its label, hint and error next to it, like the shared fields. */
function ReasonField({ view, values, errors }: { view: View; values: FormValues; errors: FieldErrors }) {
  const id = fieldId('reason');
  const error = errors.reason;
  const value = typeof values.reason === 'string' ? values.reason : '';
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {view.t('audit.report.staff.reason')}
        <span class="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      </label>
      <p class="hint" id={`${id}-hint`}>
        {view.t('audit.report.staff.reason_hint', { minimum: STAFF_NAMES_REASON_MIN, maximum: STAFF_NAMES_REASON_MAX })}
      </p>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <textarea
        id={id}
        name="reason"
        rows={4}
        required
        maxlength={STAFF_NAMES_REASON_MAX}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      >
        {value}
      </textarea>
    </div>
  );
}

function CountTable(props: { view: View; caption: string; firstColumn: string; rows: { label: string; count: number }[] }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.firstColumn}</th>
          <th scope="col">{props.view.t('audit.report.column.events')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Counts per organisation and per action, most frequent first. */
function Summary({ view, report }: { view: View; report: AccessReport }) {
  return (
    <>
      <CountTable
        view={view}
        caption={view.t('audit.report.by_organisation')}
        firstColumn={view.t('audit.column.organisation')}
        rows={report.summary.organisations.map((entry) => ({ label: organisationLabel(view, entry.organisation), count: entry.events }))}
      />
      <CountTable
        view={view}
        caption={view.t('audit.report.by_action')}
        firstColumn={view.t('audit.column.action')}
        rows={report.summary.actions.map((entry) => ({ label: actionLabel(view, entry.action), count: entry.events }))}
      />
    </>
  );
}

const decisionLabel = (view: View, decision: string) => (known(AUDIT_DECISIONS, decision) ? view.t(`audit.decision.${decision}`) : decision);

/** When a row of the grouped report happened: one time, or the first and last time of the same day. */
function GroupTime({ view, group }: { view: View; group: AccessReportGroup }) {
  const first = group.first.occurredAt;
  if (group.events.length === 1) return <time datetime={first}>{formatAuditTime(first, view.locale)}</time>;
  return (
    <>
      {formatLocalDayOf(first, view.locale)}, <time datetime={first}>{formatLocalClock(first, view.locale, 'second')}</time>
      {'–'}
      <time datetime={group.lastAt}>{formatLocalClock(group.lastAt, view.locale, 'second')}</time>
    </>
  );
}

/**
 * The report as people read it: consecutive reads of one day by the same organisation (and person,
 * when staff names are shown) in one row, with the first and last time and how many there were.
 */
function GroupedEventTable({ view, report }: { view: View; report: AccessReport }) {
  const groups = groupAccessReport(report.events, networkDay);
  return (
    <table class="grouped-events">
      <caption>
        {view.t('audit.report.grouped_caption', { rows: groups.length, count: report.events.length, reference: report.case.reference })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{view.t('audit.column.time')}</th>
          {report.staffNamesShown && <th scope="col">{view.t('audit.report.column.staff')}</th>}
          <th scope="col">{view.t('audit.column.organisation')}</th>
          <th scope="col">{view.t('audit.column.roles')}</th>
          <th scope="col">{view.t('audit.column.action')}</th>
          <th scope="col">{view.t('audit.report.column.purpose')}</th>
          <th scope="col">{view.t('audit.column.decision')}</th>
          <th scope="col">{view.t('audit.report.column.count')}</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr>
            <th scope="row">
              <GroupTime view={view} group={group} />
            </th>
            {group.first.staff && <td data-label={view.t('audit.report.column.staff')}>{staffLabel(view, group.first.staff)}</td>}
            <td data-label={view.t('audit.column.organisation')}>{organisationLabel(view, group.first.organisation)}</td>
            <td data-label={view.t('audit.column.roles')}>{rolesLabel(view, group.first.roles)}</td>
            <td data-label={view.t('audit.column.action')}>{group.actions.map((action) => actionLabel(view, action)).join(', ')}</td>
            <td data-label={view.t('audit.report.column.purpose')}>{purposeLabel(view, group.first.purpose)}</td>
            <td data-label={view.t('audit.column.decision')}>{decisionLabel(view, group.first.decision)}</td>
            <td data-label={view.t('audit.report.column.count')}>{group.events.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every event, one row each, behind a disclosure under the grouped report. */
function EventTable({ view, report }: { view: View; report: AccessReport }) {
  return (
    <table>
      <caption>{view.t('audit.report.caption', { count: report.events.length, reference: report.case.reference })}</caption>
      <thead>
        <tr>
          <th scope="col">{view.t('audit.column.time')}</th>
          <th scope="col">{view.t('audit.column.organisation')}</th>
          <th scope="col">{view.t('audit.column.roles')}</th>
          <th scope="col">{view.t('audit.column.action')}</th>
          <th scope="col">{view.t('audit.report.column.purpose')}</th>
          <th scope="col">{view.t('audit.column.decision')}</th>
          {report.staffNamesShown && <th scope="col">{view.t('audit.report.column.staff')}</th>}
        </tr>
      </thead>
      <tbody>
        {report.events.map((event) => (
          <tr>
            <th scope="row">
              <time datetime={event.occurredAt}>{formatAuditTime(event.occurredAt, view.locale)}</time>
            </th>
            <td>{organisationLabel(view, event.organisation)}</td>
            <td>{rolesLabel(view, event.roles)}</td>
            <td>{actionLabel(view, event.action)}</td>
            <td>{purposeLabel(view, event.purpose)}</td>
            <td>{decisionLabel(view, event.decision)}</td>
            {event.staff && <td>{staffLabel(view, event.staff)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which form of the page was posted: its error summary is drawn above it. */
export type AccessReportForm = 'report' | 'staff' | 'person';

function StaffNames({
  view,
  report,
  values,
  errors,
  posted,
}: {
  view: View;
  report: AccessReport;
  values: FormValues;
  errors: FieldErrors;
  posted: AccessReportForm;
}) {
  if (report.staffNamesShown) {
    return (
      <section aria-labelledby="staff-names-heading">
        <h3 id="staff-names-heading">{view.t('audit.report.staff.heading')}</h3>
        <p>{view.t('audit.report.staff.shown')}</p>
        <p>
          <a href={`${ACCESS_REPORT_PAGE_PATH}?reference=${encodeURIComponent(report.case.reference)}`}>{view.t('audit.report.staff.hide')}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="staff-names-heading">
      <h3 id="staff-names-heading">{view.t('audit.report.staff.heading')}</h3>
      <p>{view.t('audit.report.staff.intro')}</p>
      {posted === 'staff' && <ErrorSummary view={view} errors={errors} labels={{ reason: view.t('audit.report.staff.reason') }} />}
      <Form view={view} action={`${STAFF_NAMES_PAGE_PATH}#staff-names-heading`}>
        <input type="hidden" name="caseId" value={report.case.id} />
        <ReasonField view={view} values={values} errors={errors} />
        <SubmitButton label={view.t('audit.report.staff.submit')} />
      </Form>
    </section>
  );
}

export function AccessReportPage(props: {
  view: View;
  values: FormValues;
  errors: FieldErrors;
  report: AccessReport | null;
  personCases?: readonly PersonCase[] | null;
  /** The form that was posted (default: the report search), whose errors are summarised above it. */
  posted?: AccessReportForm;
}) {
  const { view, values, errors, report } = props;
  const posted = props.posted ?? 'report';
  return (
    <Layout view={view} title={report ? view.t('audit.report.title_case', { reference: report.case.reference }) : view.t('audit.report.title')}>
      <h1>{view.t('audit.report.title')}</h1>
      <p>{view.t('audit.report.intro')}</p>
      <p>
        <a href={AUDIT_PAGE_PATH}>{view.t('audit.report.back')}</a>
      </p>
      {posted === 'report' && <ErrorSummary view={view} errors={errors} labels={{ reference: view.t('audit.report.reference') }} />}
      <form method="get" action={ACCESS_REPORT_PAGE_PATH} role="search" aria-label={view.t('audit.report.search')} novalidate>
        <TextField
          name="reference"
          label={view.t('audit.report.reference')}
          hint={view.t('audit.report.reference_hint')}
          required
          values={values}
          errors={errors}
        />
        <SubmitButton label={view.t('audit.report.submit')} />
      </form>
      {report && (
        <section aria-labelledby="report-heading">
          <h2 id="report-heading">{view.t('audit.report.heading', { reference: report.case.reference })}</h2>
          {report.events.length === 0 ? (
            <p>{view.t('audit.report.empty')}</p>
          ) : (
            <>
              <h3>{view.t('audit.report.summary_heading')}</h3>
              <Summary view={view} report={report} />
              <h3>{view.t('audit.report.events_heading')}</h3>
              <GroupedEventTable view={view} report={report} />
              <details class="disclosure" id="all-events">
                <summary>{view.t('audit.report.all_events', { count: report.events.length })}</summary>
                <EventTable view={view} report={report} />
              </details>
            </>
          )}
          {report.events.length > 0 && <StaffNames view={view} report={report} values={values} errors={errors} posted={posted} />}
        </section>
      )}
      <PersonLookup view={view} values={values} errors={errors} posted={posted === 'person'} cases={props.personCases ?? null} />
    </Layout>
  );
}
