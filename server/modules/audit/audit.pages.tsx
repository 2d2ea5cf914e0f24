import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { requireActor } from '../../http/api.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { isAppError } from '../../platform/errors.ts';
import { fieldErrors, formValues, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { AuditEventTable } from '../../db/schema.ts';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import { registerAccessReportPages } from './access-report.pages.tsx';
import { formatAuditTime } from './audit-time.ts';
import { ACCESS_REPORT_PAGE_PATH, AUDIT_PAGE_PATH } from './audit.paths.ts';
import { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES } from './audit.actions.ts';
import { caseReferencesOf, listAuditFilterChoices, type AuditEventPage, type NamedChoice } from './audit.queries.ts';
import { AUDIT_DECISIONS, auditQuerySchema } from './audit.schemas.ts';
import { viewAuditTrail } from './view-audit-trail.ts';

/** The address of the audit trail page (for the navigation). */
export { AUDIT_PAGE_PATH };

const FILTER_FIELDS = ['userId', 'organisationId', 'action', 'caseId', 'from', 'to', 'decision'] as const;

const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

interface Names {
  readonly users: ReadonlyMap<string, string>;
  readonly organisations: ReadonlyMap<string, string>;
  /** Case references by case id: people know a case by its reference, not its id. */
  readonly cases: ReadonlyMap<string, string>;
}

/** The case an event is about: the resource itself, or the case the resource belongs to. */
const caseOf = (event: AuditEventTable): string | null => (event.resource_type === 'case' ? event.resource_id : event.case_id);

function userName(view: View, names: Names, id: string | null): string {
  if (id === null) return view.t('audit.nobody');
  if (id === OPERATOR_USER_ID) return view.t('audit.operator');
  return names.users.get(id) ?? id;
}

function resourceText(view: View, names: Names, event: AuditEventTable): string {
  const type = known(AUDIT_RESOURCE_TYPES, event.resource_type) ? view.t(`audit.resource.${event.resource_type}`) : event.resource_type;
  const caseId = caseOf(event);
  const reference = caseId === null ? undefined : names.cases.get(caseId);
  if (event.resource_type === 'case' && reference) return `${type}: ${reference}`;
  if (reference) return view.t('audit.resource_in_case', { resource: type, reference });
  if (event.resource_id === null) return type;
  const name =
    event.resource_type === 'user'
      ? names.users.get(event.resource_id)
      : event.resource_type === 'organisation'
        ? names.organisations.get(event.resource_id)
        : undefined;
  return `${type}: ${name ?? event.resource_id}`;
}

function EventRow({ view, names, event }: { view: View; names: Names; event: AuditEventTable }) {
  const roles = event.actor_roles ? event.actor_roles.split(',') : [];
  return (
    <tr>
      <th scope="row">
        <time datetime={event.occurred_at}>{formatAuditTime(event.occurred_at, view.locale)}</time>
      </th>
      <td data-label={view.t('audit.column.user')}>{userName(view, names, event.actor_user_id)}</td>
      <td data-label={view.t('audit.column.organisation')}>
        {event.actor_organisation_id === null ? '' : (names.organisations.get(event.actor_organisation_id) ?? event.actor_organisation_id)}
      </td>
      <td data-label={view.t('audit.column.roles')}>{roles.map((role) => (known(ROLES, role) ? view.t(`role.${role}`) : role)).join(', ')}</td>
      <td data-label={view.t('audit.column.action')}>{known(AUDIT_ACTIONS, event.action) ? view.t(`audit.action.${event.action}`) : event.action}</td>
      <td data-label={view.t('audit.column.resource')}>{resourceText(view, names, event)}</td>
      <td data-label={view.t('audit.column.decision')}>
        {known(AUDIT_DECISIONS, event.decision) ? view.t(`audit.decision.${event.decision}`) : event.decision}
      </td>
    </tr>
  );
}

function linkTo(values: FormValues, cursor?: string): string {
  const query = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = values[field];
    if (typeof value === 'string') query.set(field, value);
  }
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `${AUDIT_PAGE_PATH}?${text}` : AUDIT_PAGE_PATH;
}

function AuditTrailPage(props: {
  view: View;
  values: FormValues;
  errors: FieldErrors;
  users: NamedChoice[];
  organisations: NamedChoice[];
  page: AuditEventPage | null;
  caseReferences: ReadonlyMap<string, string>;
}) {
  const { view, values, errors, page } = props;
  const names: Names = {
    users: new Map(props.users.map((user) => [user.id, user.name])),
    organisations: new Map(props.organisations.map((organisation) => [organisation.id, organisation.name])),
    cases: props.caseReferences,
  };
  const any = view.t('audit.filter_any');
  return (
    <Layout view={view} title={view.t('audit.title')}>
      <h1>{view.t('audit.title')}</h1>
      <p>{view.t('audit.intro')}</p>
      <p>
        <a href={ACCESS_REPORT_PAGE_PATH}>{view.t('audit.report.link')}</a>
      </p>
      <ErrorSummary
        view={view}
        errors={errors}
        labels={{
          userId: view.t('audit.filter_user'),
          organisationId: view.t('audit.filter_organisation'),
          action: view.t('audit.filter_action'),
          from: view.t('audit.filter_from'),
          to: view.t('audit.filter_to'),
          decision: view.t('audit.filter_decision'),
        }}
      />
      <form method="get" action={AUDIT_PAGE_PATH} role="search" aria-label={view.t('audit.filters')} novalidate>
        <SelectField
          name="userId"
          label={view.t('audit.filter_user')}
          values={values}
          errors={errors}
          placeholder={any}
          options={props.users.map((user) => ({ value: user.id, label: user.name }))}
        />
        <SelectField
          name="organisationId"
          label={view.t('audit.filter_organisation')}
          values={values}
          errors={errors}
          placeholder={any}
          options={props.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        <SelectField
          name="action"
          label={view.t('audit.filter_action')}
          values={values}
          errors={errors}
          placeholder={any}
          options={AUDIT_ACTIONS.map((action) => ({ value: action, label: view.t(`audit.action.${action}`) }))}
        />
        <TextField
          name="from"
          type="date"
          label={view.t('audit.filter_from')}
          hint={view.t('audit.filter_days_hint')}
          values={values}
          errors={errors}
        />
        <TextField name="to" type="date" label={view.t('audit.filter_to')} values={values} errors={errors} />
        <SelectField
          name="decision"
          label={view.t('audit.filter_decision')}
          values={values}
          errors={errors}
          placeholder={any}
          options={AUDIT_DECISIONS.map((decision) => ({ value: decision, label: view.t(`audit.decision.${decision}`) }))}
        />
        {typeof values.caseId === 'string' && <input type="hidden" name="caseId" value={values.caseId} />}
        <SubmitButton label={view.t('audit.filter_submit')} />
      </form>
      {page && (
        <table>
          <caption>{view.t('audit.caption', { count: page.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('audit.column.time')}</th>
              <th scope="col">{view.t('audit.column.user')}</th>
              <th scope="col">{view.t('audit.column.organisation')}</th>
              <th scope="col">{view.t('audit.column.roles')}</th>
              <th scope="col">{view.t('audit.column.action')}</th>
              <th scope="col">{view.t('audit.column.resource')}</th>
              <th scope="col">{view.t('audit.column.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((event) => (
              <EventRow view={view} names={names} event={event} />
            ))}
          </tbody>
        </table>
      )}
      {page && page.rows.length === 0 && <p>{view.t('audit.empty')}</p>}
      {page && (page.nextCursor || typeof values.cursor === 'string') && (
        <nav aria-label={view.t('audit.pagination')}>
          <ul>
            {typeof values.cursor === 'string' && (
              <li>
                <a href={linkTo(values)}>{view.t('audit.first_page')}</a>
              </li>
            )}
            {page.nextCursor && (
              <li>
                <a href={linkTo(values, page.nextCursor)} rel="next">
                  {view.t('audit.next_page')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </Layout>
  );
}

/**
 * The data protection officer's view of the audit trail; a GET form, so it works without JavaScript.
 * Also registers the who-saw-what report of a case.
 */
export function registerAuditPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  registerAccessReportPages(app, ctx, cookies);
  app.get(AUDIT_PAGE_PATH, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'audit.list');
    const values = formValues(request.query);
    const { users, organisations } = await listAuditFilterChoices(ctx.db, actor);
    try {
      const filters = parseInput(auditQuerySchema, values);
      const page = await viewAuditTrail({ filters, via: 'page' }, actor, ctx);
      const caseIds = [...new Set(page.rows.map(caseOf).filter((id): id is string => id !== null))];
      const caseReferences = await caseReferencesOf(ctx.db, actor, caseIds);
      return sendPage(
        reply,
        AuditTrailPage({ view: viewFor(request, reply, cookies), values, errors: {}, users, organisations, page, caseReferences }),
      );
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const errors = fieldErrors(request, error);
      return sendPage(
        reply,
        AuditTrailPage({ view: viewFor(request, reply, cookies), values, errors, users, organisations, page: null, caseReferences: new Map() }),
        400,
      );
    }
  });
}
