import type { AppContext } from '../../context.ts';
import type { Tenant } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditSubject } from '../audit/index.ts';
import { consultFormIsOpen } from './public-consult.queries.ts';

/** Who a visitor of the public consult form is, as far as the server needs to know. */
export interface PublicVisit {
  readonly tenantSlug: string;
  /** The client address (request.ip): only to rate-limit, kept hashed and only for the window. */
  readonly address: string;
}

/**
 * The network of `/consult/:tenantSlug` while its public consult form is open; a closed form and an
 * unknown network answer the same 404. Read fresh on every request, so closing takes effect at once.
 */
export async function openPublicConsultForm(ctx: AppContext, tenantSlug: string): Promise<Tenant> {
  const tenant = await ctx.system.tenantBySlug(tenantSlug);
  if (!tenant || !(await consultFormIsOpen(ctx.db, tenant.id))) throw new AppError('not_found');
  return tenant;
}

/** A visitor of the public form is recorded as nobody in particular: the network only. */
export function visitorSubject(tenantId: string): AuditSubject {
  return { tenantId, userId: null, organisationId: null, roles: [] };
}
