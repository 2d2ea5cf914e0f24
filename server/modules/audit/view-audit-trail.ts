import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { listAuditEvents, type AuditEventPage } from './audit.queries.ts';
import type { AuditFilters } from './audit.schemas.ts';
import { appendAuditEvent, subjectOf } from './record-audit-event.ts';

/**
 * The data protection officer reads a page of the audit trail. The read is itself audited (filters
 * only, no content), group-committed before anything is returned: if the audit write fails
 * nothing is shown (fail closed).
 */
export async function viewAuditTrail(
  options: { filters: AuditFilters; via: 'api' | 'page' },
  actor: Actor,
  ctx: AppContext,
): Promise<AuditEventPage> {
  authorize(actor, 'audit.list');
  const { filters } = options;
  const page = await listAuditEvents(ctx.db, actor, filters);
  const { caseId, ...rest } = filters;
  const shownFilters = Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'audit.viewed',
    resource: { type: 'audit_trail' },
    caseId: caseId ?? null,
    requestId: actor.requestId ?? null,
    details: { ...shownFilters, via: options.via, results: page.rows.length },
  });
  return page;
}
