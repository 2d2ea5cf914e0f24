import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { DirectoryService } from './directory.schemas.ts';
import { getService, loadService } from './get-service.ts';

/**
 * A curator confirms that an entry is still right: last verified now, by them; the reminder mark is
 * cleared (a year from now the entry is due again and its curators get one new reminder). Adds one
 * to the version; audited `directory.service_verified`.
 */
export async function verifyService(options: { id: string }, actor: Actor, ctx: AppContext): Promise<DirectoryService> {
  authorize(actor, 'directory.read');
  const stored = await loadService(ctx, actor, options.id);
  authorize(actor, 'directory.curate', { curatorOrganisationId: stored.row.curator_organisation_id });
  const now = isoNow(ctx.clock);
  const version = Number(stored.row.version) + 1;
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('directory_services')
      .set({ last_verified_at: now, last_verified_by: actor.userId, verification_reminded_at: null, updated_at: now, version })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', options.id)
      .where('version', '=', Number(stored.row.version))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.service_verified',
      resource: { type: 'directory_service', id: options.id },
      requestId: actor.requestId ?? null,
      details: { version },
    });
  });
  return getService({ id: options.id }, actor, ctx);
}
