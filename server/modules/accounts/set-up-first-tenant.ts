import { TenantGuardPlugin } from '../../access/tenant-guard.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { recordAuditEvent } from '../audit/index.ts';
import type { SetupInput } from './accounts.schemas.ts';

/**
 * First run: creates the local network (tenant), the administrator's organisation and the first
 * administrator, in one transaction. Refused (404, as if the page did not exist) once any tenant
 * exists, so the setup link cannot be replayed. Parallel submissions of the link are decided by ONE
 * write: the insert of the `first_setup` row into `installation_claims` (primary key). On PostgreSQL
 * the second insert waits for the first transaction and then inserts nothing; on SQLite the
 * transactions run one after the other and the second finds the claim. Either way: 404.
 */
export async function setUpFirstTenant(options: { input: SetupInput }, ctx: AppContext): Promise<{ tenantId: string; userId: string }> {
  const { input } = options;
  const passwordHash = await hashPassword(input.password);
  const tenantId = newId();
  const organisationId = newId();
  const userId = newId();
  const now = isoNow(ctx.clock);
  await ctx.system.transaction(async (raw) => {
    if (!(await ctx.system.claimInstallationStep(raw, 'first_setup', now))) throw new AppError('not_found');
    if ((await raw.selectFrom('tenants').select('id').limit(1).execute()).length > 0) throw new AppError('not_found');
    await ctx.system.createTenant(
      { id: tenantId, slug: input.tenantSlug, name: input.tenantName, defaultLocale: input.defaultLocale, createdAt: now },
      raw,
    );
    const trx = raw.withPlugin(new TenantGuardPlugin());
    await trx
      .insertInto('organisations')
      .values({
        id: organisationId,
        tenant_id: tenantId,
        name: input.organisationName,
        sector: input.organisationSector,
        secrecy_regime: 'discretion',
        protocol_signed_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('users')
      .values({
        id: userId,
        tenant_id: tenantId,
        organisation_id: organisationId,
        email: input.adminEmail,
        name: input.adminName,
        locale: input.defaultLocale,
        status: 'active',
        password_hash: passwordHash,
        mfa_secret_sealed: null,
        mfa_enrolled_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx.insertInto('user_roles').values({ tenant_id: tenantId, user_id: userId, role: 'admin' }).execute();
    const subject = { tenantId, userId, organisationId, roles: ['admin'] };
    for (const [action, type, id] of [
      ['tenant.created', 'tenant', tenantId],
      ['organisation.created', 'organisation', organisationId],
      ['user.created', 'user', userId],
    ] as const) {
      await recordAuditEvent(raw, ctx, { subject, action, resource: { type, id }, details: { via: 'setup' } });
    }
  });
  return { tenantId, userId };
}
