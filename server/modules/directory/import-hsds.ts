import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { parseInput } from '../../http/validation.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { findServiceIdByHsdsId, loadServices } from './directory.queries.ts';
import { rowsFromDoc } from './hsds.mapping.ts';
import { hsdsDocumentSchema } from './hsds.schema.ts';
import { storeService } from './store-service.ts';

/**
 * The coordinator imports an HSDS 3.0 document (a JSON array of services with their organization,
 * locations, languages … nested):
 * - all or nothing: the whole document is validated first; one invalid service refuses it with every
 *   problem listed (`validation_failed`, paths `<service index>.<field>`), and nothing is stored;
 *   the writes then run in one transaction;
 * - idempotent by HSDS id: a service, organization or location already on the map (same HSDS id) is
 *   brought up to date, not duplicated; a service whose content is unchanged counts neither as
 *   created nor as updated;
 * - a service keeps its curator organisation, and its last verification when the document names none.
 * Audited once: `directory.imported` with the counts.
 */
export async function importHsds(options: { document: unknown }, actor: Actor, ctx: AppContext): Promise<{ created: number; updated: number }> {
  authorize(actor, 'directory.import');
  const services = parseInput(hsdsDocumentSchema, options.document);
  const now = isoNow(ctx.clock);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    for (const doc of services) {
      const rows = rowsFromDoc(doc);
      const existingId = await findServiceIdByHsdsId(trx, actor.tenantId, doc.id);
      const [existing] = existingId ? await loadServices(trx, actor.tenantId, [existingId]) : [];
      if (existing && rows.service.last_verified_at === null) rows.service.last_verified_at = existing.row.last_verified_at;
      const result = await storeService(trx, rows, { tenantId: actor.tenantId, now, userId: actor.userId, existing: existing ?? null });
      counts[result.outcome] += 1;
    }
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.imported',
      resource: { type: 'directory', id: actor.tenantId },
      requestId: actor.requestId ?? null,
      details: { services: services.length, ...counts },
    });
  });
  return { created: counts.created, updated: counts.updated };
}
