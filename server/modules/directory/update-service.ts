import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../http/validation.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { resolveCurator } from './create-service.ts';
import { applyFields } from './curation-doc.ts';
import type { DirectoryService, ServicePatch } from './directory.schemas.ts';
import { getService, loadService } from './get-service.ts';
import { docFromRows, rowsFromDoc } from './hsds.mapping.ts';
import { hsdsServiceSchema } from './hsds.schema.ts';
import { storeService } from './store-service.ts';

/**
 * A curator changes an entry: the coordinator any entry, the users of the curator organisation
 * theirs (others 403, audited as a denial). `expectedVersion` comes from If-Match: a stale one is 409
 * and writes nothing. The patch is applied to the entry's HSDS document and stored like an import; a
 * patch that changes nothing writes nothing. Audited `directory.service_changed` with the names of
 * the changed parts.
 */
export async function updateService(
  options: { id: string; expectedVersion: number; input: ServicePatch },
  actor: Actor,
  ctx: AppContext,
): Promise<DirectoryService> {
  authorize(actor, 'directory.read');
  const { id, input, expectedVersion } = options;
  const stored = await loadService(ctx, actor, id);
  authorize(actor, 'directory.curate', { curatorOrganisationId: stored.row.curator_organisation_id });
  const curator = await resolveCurator(ctx, actor, input.curatorOrganisationId);
  if (Number(stored.row.version) !== expectedVersion) throw new AppError('conflict');
  const doc = parseInput(hsdsServiceSchema, applyFields(docFromRows(stored.rows, null), input));
  const rows = rowsFromDoc(doc);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await storeService(trx, rows, {
      tenantId: actor.tenantId,
      now: isoNow(ctx.clock),
      userId: actor.userId,
      existing: stored,
      expectedVersion,
      ...(curator !== undefined ? { curatorOrganisationId: curator } : {}),
    });
    if (result.outcome === 'unchanged') return;
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.service_changed',
      resource: { type: 'directory_service', id },
      requestId: actor.requestId ?? null,
      details: { fields: [...result.changed], version: result.version },
    });
  });
  return getService({ id }, actor, ctx);
}
