import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { appendCaseEvent, caseAuditEvent, changeCaseRow } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen } from './case-door.ts';
import { existingOrganisationIds } from './case-directory.queries.ts';
import type { CasePatch } from './cases.schemas.ts';

/**
 * The coordinator changes a case's summary, theme or case-owner organisation. `expectedVersion` is
 * the version the change was made against (If-Match); a stale one answers 409 and changes nothing.
 */
export async function updateCase(
  options: { caseId: string; expectedVersion: number; input: CasePatch },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.update');
  requireOpen(access);
  requireOnCase(actor, access, 'update');
  if (input.caseOwnerOrganisationId) {
    const known = await existingOrganisationIds(ctx.db, actor, [input.caseOwnerOrganisationId]);
    if (!known.has(input.caseOwnerOrganisationId))
      throw new AppError('validation_failed', [{ path: 'caseOwnerOrganisationId', messageKey: 'validation.choice' }]);
  }
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const fields = Object.keys(input).sort();
  await ctx.db.transaction().execute(async (trx) => {
    await changeCaseRow(trx, ctx, actor, access.row.id, options.expectedVersion, {
      ...(input.summary !== undefined && { summary_sealed: sealer.seal('cases', access.row.id, 'summary', input.summary) }),
      ...(input.theme !== undefined && { theme: input.theme }),
      ...(input.caseOwnerOrganisationId !== undefined && { case_owner_organisation_id: input.caseOwnerOrganisationId }),
    });
    await appendCaseEvent(trx, ctx, actor, { caseId: access.row.id, kind: 'updated', detail: fields.join(',') });
    await recordAuditEvent(trx, ctx, caseAuditEvent(actor, access.row, 'case.updated', { purpose: 'coordination', details: { fields } }));
  });
}
