import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';

/** The operator (CLI) creates a local network; audited in the new tenant's name. */
export async function createTenant(options: { slug: string; name: string; defaultLocale: Locale }, ctx: AppContext): Promise<{ id: string }> {
  const id = newId();
  await ctx.system.transaction(async (trx) => {
    await ctx.system.createTenant(
      { id, slug: options.slug, name: options.name, defaultLocale: options.defaultLocale, createdAt: ctx.clock.now().toISOString() },
      trx,
    );
    await recordAuditEvent(trx, ctx, {
      subject: { tenantId: id, userId: OPERATOR_USER_ID, organisationId: null, roles: ['operator'] },
      action: 'tenant.created',
      resource: { type: 'tenant', id },
      details: { via: 'cli' },
    });
  });
  return { id };
}
