import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import type { AuditDecision } from './audit-chain.ts';
import { listCaseAuditEvents, organisationNamesOf, userNamesOf, type AccessReportRow, type ReportCase } from './audit.queries.ts';

/**
 * Purposes the case module records on reads of case content (`purpose` of an event), with a label
 * `audit.report.purpose.<code>`. Other values are shown as stored. The same list as the cases
 * module's `ACCESS_PURPOSES` (checked by `audit-labels.test.ts`); kept here because the cases module
 * depends on this one, not the other way round.
 */
export const ACCESS_REPORT_PURPOSES = [
  'coordination',
  'key_figure',
  'guest',
  'care_network',
  'case_owner',
  'referrer',
  'meeting',
  'minutes',
] as const;

export interface ReportOrganisation {
  readonly id: string;
  readonly name: string;
}

/** One event of the who-saw-what report. */
export interface AccessReportEntry {
  readonly id: string;
  readonly occurredAt: string;
  readonly organisation: ReportOrganisation | null;
  readonly roles: readonly string[];
  readonly action: string;
  readonly purpose: string | null;
  readonly legalBasis: string | null;
  readonly decision: AuditDecision;
  /**
   * Who acted: present only when the report was made on a recorded decision to show staff names.
   * `name` is null when the user is not (or no longer) a user of the network, e.g. the operator.
   */
  readonly staff?: { readonly userId: string | null; readonly name: string | null };
}

/**
 * The who-saw-what report of one case (CJEU C-579/21): dates, organisations, roles, actions and
 * purposes of every event about the case, oldest first, with counts per organisation and action.
 * Staff are named only when `staffNamesShown`.
 */
export interface AccessReport {
  readonly case: ReportCase;
  readonly staffNamesShown: boolean;
  readonly events: readonly AccessReportEntry[];
  readonly summary: {
    readonly organisations: readonly { readonly organisation: ReportOrganisation | null; readonly events: number }[];
    readonly actions: readonly { readonly action: string; readonly events: number }[];
  };
}

const distinct = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((value): value is string => value !== null))];

/** Counts of a key, most frequent first; ties in the order the key first appeared (oldest first). */
function countBy<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; first: T; count: number }[] {
  const counts = new Map<string, { key: string; first: T; count: number }>();
  for (const item of items) {
    const key = keyOf(item);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { key, first: item, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/**
 * Builds the report from the case's events (oldest first) and the names it may show. Pure: without
 * `staffNames` no entry carries a user, so nothing downstream can show one by mistake.
 */
export function buildAccessReport(
  subject: ReportCase,
  rows: readonly AccessReportRow[],
  organisationNames: ReadonlyMap<string, string>,
  staffNames: ReadonlyMap<string, string> | null,
): AccessReport {
  const events = rows.map((row): AccessReportEntry => {
    const organisationId = row.actor_organisation_id;
    const entry: AccessReportEntry = {
      id: row.id,
      occurredAt: row.occurred_at,
      organisation: organisationId === null ? null : { id: organisationId, name: organisationNames.get(organisationId) ?? organisationId },
      roles: row.actor_roles ? row.actor_roles.split(',') : [],
      action: row.action,
      purpose: row.purpose,
      legalBasis: row.legal_basis,
      decision: row.decision as AuditDecision,
    };
    if (!staffNames) return entry;
    const userId = row.actor_user_id;
    return { ...entry, staff: { userId, name: userId === null ? null : (staffNames.get(userId) ?? null) } };
  });
  return {
    case: { id: subject.id, reference: subject.reference },
    staffNamesShown: staffNames !== null,
    events,
    summary: {
      organisations: countBy(events, (event) => event.organisation?.id ?? '').map(({ first, count }) => ({
        organisation: first.organisation,
        events: count,
      })),
      actions: countBy(events, (event) => event.action).map(({ key, count }) => ({ action: key, events: count })),
    },
  };
}

/** Loads the events of a case and the names the report may show, in the caller's transaction. */
export async function loadAccessReport(
  db: Kysely<Database>,
  actor: Actor,
  subject: ReportCase,
  options: { readonly staffNames: boolean },
): Promise<AccessReport> {
  const rows = await listCaseAuditEvents(db, actor, subject.id);
  const organisations = await organisationNamesOf(db, actor, distinct(rows.map((row) => row.actor_organisation_id)));
  const staff = options.staffNames ? await userNamesOf(db, actor, distinct(rows.map((row) => row.actor_user_id))) : null;
  return buildAccessReport(subject, rows, organisations, staff);
}

/** Reads of a case (the case page, its information, its timeline): shown grouped in the report. */
export const isReadAction = (action: string): boolean => action.endsWith('.viewed') || action.endsWith('_viewed');

/** A run of events shown as one row of the report: consecutive reads of one day that look the same, or one change. */
export interface AccessReportGroup {
  readonly first: AccessReportEntry;
  readonly lastAt: string;
  /** The distinct actions of the run, in the order they first occurred. */
  readonly actions: readonly string[];
  readonly events: readonly AccessReportEntry[];
}

/**
 * Groups the report's events (oldest first) for reading: consecutive reads on the same day (in the
 * network's zone) with the same organisation, roles, purpose and decision — and, when staff names
 * are shown, by the same person — become one row with the first and last time and a count. Every
 * change stays a row of its own. Without staff names the grouping never looks at who acted, so it
 * tells nothing the ungrouped report does not.
 */
export function groupAccessReport(events: readonly AccessReportEntry[], dayOf: (isoTime: string) => string): AccessReportGroup[] {
  const groups: { first: AccessReportEntry; lastAt: string; actions: string[]; events: AccessReportEntry[]; key: string | null }[] = [];
  for (const event of events) {
    const key = isReadAction(event.action)
      ? JSON.stringify([
          dayOf(event.occurredAt),
          event.organisation?.id ?? null,
          event.roles,
          event.purpose,
          event.decision,
          event.staff ? event.staff.userId : null,
        ])
      : null;
    const last = groups.at(-1);
    if (key !== null && last && last.key === key) {
      last.lastAt = event.occurredAt;
      last.events.push(event);
      if (!last.actions.includes(event.action)) last.actions.push(event.action);
      continue;
    }
    groups.push({ first: event, lastAt: event.occurredAt, actions: [event.action], events: [event], key });
  }
  return groups.map(({ first, lastAt, actions, events: grouped }) => ({ first, lastAt, actions, events: grouped }));
}
