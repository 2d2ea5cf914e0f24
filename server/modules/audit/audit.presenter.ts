import type { AuditEventTable } from '../../db/schema.ts';
import type { AuditEvent } from './audit.schemas.ts';

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
