import type { AuditEventTable } from '../../db/schema.ts';
import type { AccessReport } from './access-report.ts';
import type { AccessReportOutput, AuditEvent, PersonCaseOutput } from './audit.schemas.ts';
import type { PersonCase } from './find-person-cases.ts';

function parseDetails(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Row → API shape. The MAC, the chain position and the tenant stay inside. */
export function presentAuditEvent(row: AuditEventTable): AuditEvent {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actor: { userId: row.actor_user_id, organisationId: row.actor_organisation_id, roles: row.actor_roles ? row.actor_roles.split(',') : [] },
    action: row.action,
    resource: { type: row.resource_type, id: row.resource_id },
    caseId: row.case_id,
    personPseudonym: row.person_pseudonym,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    decision: row.decision as AuditEvent['decision'],
    requestId: row.request_id,
    details: parseDetails(row.details),
  };
}

/**
 * Access report → API shape. `staffName` exists only when the report was made on a recorded
 * decision to show names; otherwise the field is absent, and no user id is ever part of the answer.
 */
export function presentAccessReport(report: AccessReport): AccessReportOutput {
  return {
    case: { id: report.case.id, reference: report.case.reference },
    staffNamesShown: report.staffNamesShown,
    events: report.events.map((event) => ({
      id: event.id,
      occurredAt: event.occurredAt,
      organisation: event.organisation && { id: event.organisation.id, name: event.organisation.name },
      roles: [...event.roles],
      action: event.action,
      purpose: event.purpose,
      legalBasis: event.legalBasis,
      decision: event.decision,
      ...(event.staff && { staffName: event.staff.name }),
    })),
    summary: {
      organisations: report.summary.organisations.map((entry) => ({
        organisation: entry.organisation && { id: entry.organisation.id, name: entry.organisation.name },
        events: entry.events,
      })),
      actions: report.summary.actions.map((entry) => ({ action: entry.action, events: entry.events })),
    },
  };
}

/** One case of a person lookup → API shape: the case and the person's role in it, nothing else. */
export function presentPersonCase(entry: PersonCase): PersonCaseOutput {
  return { caseId: entry.caseId, reference: entry.reference, role: entry.role };
}
