import { ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { ACCESS_REPORT_PAGE_PATH, PERSON_LOOKUP_PAGE_PATH } from './audit.paths.ts';
import { PERSON_ROLES, type PersonCase } from './find-person-cases.ts';

const personRoleLabel = (view: View, role: string) =>
  (PERSON_ROLES as readonly string[]).includes(role) ? view.t(`audit.report.person_role.${role}`) : role;

/** The cases found, each linking to its access report, with the person's role in it. */
function PersonCases({ view, cases }: { view: View; cases: readonly PersonCase[] }) {
  if (cases.length === 0) return <p id="person-cases">{view.t('audit.report.person.none')}</p>;
  return (
    <table id="person-cases">
      <caption>{view.t('audit.report.person.caption', { count: new Set(cases.map((entry) => entry.caseId)).size })}</caption>
      <thead>
        <tr>
          <th scope="col">{view.t('audit.report.person.column.case')}</th>
          <th scope="col">{view.t('audit.report.person.column.role')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((entry) => (
          <tr>
            <th scope="row">
              <a href={`${ACCESS_REPORT_PAGE_PATH}?reference=${encodeURIComponent(entry.reference)}`}>{entry.reference}</a>
            </th>
            <td>{personRoleLabel(view, entry.role)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * "Find the cases of a person": family name and birth date in a POST form (never in a URL), the
 * hint that the match is exact and recorded, and — after a lookup — the cases found.
 */
export function PersonLookup(props: { view: View; values: FormValues; errors: FieldErrors; posted: boolean; cases: readonly PersonCase[] | null }) {
  const { view, values, errors, cases } = props;
  return (
    <section aria-labelledby="person-heading">
      <h2 id="person-heading">{view.t('audit.report.person.heading')}</h2>
      <p>{view.t('audit.report.person.intro')}</p>
      {props.posted && (
        <ErrorSummary
          view={view}
          errors={errors}
          labels={{ familyName: view.t('audit.report.person.family_name'), birthDate: view.t('audit.report.person.birth_date') }}
        />
      )}
      <Form view={view} action={`${PERSON_LOOKUP_PAGE_PATH}#person-heading`}>
        <TextField
          name="familyName"
          label={view.t('audit.report.person.family_name')}
          hint={view.t('audit.report.person.family_name_hint')}
          autocomplete="off"
          required
          values={values}
          errors={errors}
        />
        <TextField
          name="birthDate"
          type="date"
          label={view.t('audit.report.person.birth_date')}
          hint={view.t('audit.report.person.birth_date_hint')}
          autocomplete="off"
          required
          values={values}
          errors={errors}
        />
        <SubmitButton label={view.t('audit.report.person.submit')} />
      </Form>
      {cases && (
        <>
          <h3>{view.t('audit.report.person.results_heading')}</h3>
          <PersonCases view={view} cases={cases} />
        </>
      )}
    </section>
  );
}
