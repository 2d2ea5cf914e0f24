import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { parseInput } from '../../http/validation.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { loadServices, serviceIdsByHsdsId } from './directory.queries.ts';
import { rowsFromDoc } from './hsds.mapping.ts';
import { hsdsDocumentSchema } from './hsds.schema.ts';
import { storeServices } from './store-service.ts';

/**
 * The coordinator imports an HSDS 3.0 document (a JSON array of services with their organization,
 * locations, languages … nested):
 * - all or nothing: the whole document is validated first; one invalid service refuses it with every
 *   problem listed (`validation_failed`, paths `<service index>.<field>`), and nothing is stored;
 *   the writes then run in one transaction, batched: the known services are looked up and loaded a
 *   few hundred at a time, and the document is stored with a few statements per table;
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
    const known = await serviceIdsByHsdsId(
      trx,
      actor.tenantId,
      services.map((doc) => doc.id),
    );
    const stored = new Map((await loadServices(trx, actor.tenantId, [...known.values()])).map((entry) => [entry.row.hsds_id, entry]));
    const entries = services.map((doc) => {
      const rows = rowsFromDoc(doc);
      const existing = stored.get(doc.id) ?? null;
      if (existing && rows.service.last_verified_at === null) rows.service.last_verified_at = existing.row.last_verified_at;
      return { rows, existing };
    });
    for (const result of await storeServices(trx, entries, { tenantId: actor.tenantId, now, userId: actor.userId })) counts[result.outcome] += 1;
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
