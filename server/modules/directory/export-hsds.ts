import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { allServiceIds, loadServices } from './directory.queries.ts';
import { docFromRows } from './hsds.mapping.ts';
import { hsdsDocumentSchema, type HsdsService } from './hsds.schema.ts';

/**
 * The whole map as an HSDS 3.0 document (a JSON array of services, by HSDS id), validated against the
 * same schema the import uses before it leaves: an entry that would not validate is a bug, answered
 * as an internal error rather than sent. Our fields travel in `x_partnertafel`; curator organisations
 * and who verified stay home.
 */
export async function exportHsds(actor: Actor, ctx: AppContext): Promise<HsdsService[]> {
  authorize(actor, 'directory.export');
  const stored = await loadServices(ctx.db, actor.tenantId, await allServiceIds(ctx.db, actor.tenantId));
  const document = stored.map((entry) => docFromRows(entry.rows, entry.row.updated_at));
  const checked = hsdsDocumentSchema.safeParse(document);
  if (!checked.success)
    throw new Error(
      `The HSDS export does not validate: ${checked.error.issues
        .slice(0, 5)
        .map((issue) => issue.path.join('.'))
        .join(', ')}`,
    );
  return document;
}
