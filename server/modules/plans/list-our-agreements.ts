import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { isAppError } from '../../platform/errors.ts';
import { readCase, visibleCaseIds, type AuditedCaseRead } from '../cases/index.ts';
import { linkedServices } from '../directory/index.ts';
import { agreementFacts } from './plan-access.ts';
import { isOverdue, networkToday } from './plan-dates.ts';
import { openAgreementsOfOrganisation } from './plans.queries.ts';
import type { ActionPoint } from './plans.schemas.ts';

/**
 * "Our agreements": the open agreements of the caller's organisation across the cases the caller
 * may see, soonest due first. Only the cases the caller may see are opened — each through the case
 * door as one audited `plan` read (purpose from the caller's relation to it); the others are left
 * out without knocking, so a colleague's agreements leave no refused attempts in the trail.
 */
export async function listOurAgreements(actor: Actor, ctx: AppContext): Promise<ActionPoint[]> {
  authorize(actor, 'plans.listOwn');
  const rows = await openAgreementsOfOrganisation(ctx.db, actor.tenantId, actor.organisationId);
  const reads = new Map<string, AuditedCaseRead | null>();
  const visible = await visibleCaseIds(ctx.db, actor, [...new Set(rows.map((row) => row.case_id))]);
  for (const caseId of visible) {
    try {
      reads.set(caseId, await readCase(ctx, actor, caseId, 'plan'));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'not_found') throw error;
      reads.set(caseId, null);
    }
  }
  const today = await networkToday(ctx, actor.tenantId);
  const opener = fieldOpener(ctx, actor.tenantId);
  const services = await linkedServices(
    ctx.db,
    actor.tenantId,
    rows.flatMap((row) => row.directory_service_id ?? []),
    ctx.clock.now(),
  );
  const points: ActionPoint[] = [];
  for (const row of rows) {
    const read = reads.get(row.case_id);
    if (!read || !can(actor, 'plans.readAgreement', agreementFacts(actor, read, row))) continue;
    points.push({
      id: row.id,
      caseId: row.case_id,
      caseReference: read.row.reference,
      description: await opener.open('plan_agreements', row.id, 'description', row.description_sealed),
      dueDate: row.due_date,
      overdue: isOverdue(row, today),
      service: row.directory_service_id ? (services.get(row.directory_service_id) ?? null) : null,
    });
  }
  return points;
}
