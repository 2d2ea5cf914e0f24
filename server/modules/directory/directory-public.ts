import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Tenant } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isMapPublished } from './directory-gaps.queries.ts';
import { findServiceIdByHsdsId, listServiceIds, loadServices, type ServiceFilters } from './directory.queries.ts';
import { docFromRows } from './hsds.mapping.ts';
import type { HsdsService } from './hsds.schema.ts';

/**
 * The public map (when the network publishes it): no sign-in, read only, HSDS 3.0 shaped.
 *
 * Public fields (the whitelist below; everything else stays home):
 * - the service: id, organization_id, name, alternate_name, description, url, email, status,
 *   application_process, fees_description, eligibility_description, interpretation_services,
 *   cost_options, minimum_age, maximum_age,
 *   last_modified, languages, phones, contacts, schedules, service_areas, required_documents,
 *   service_at_locations (with their locations);
 * - the organisation: id, name, alternate_name, description, email, website;
 * - our profile (`x_partnertafel`): themes, interpreter_languages, waiting_days, no_waiting_list,
 *   bound_by_professional_secrecy, takes_referrals_of_minors, takes_referrals_of_adults.
 * Never: the curator organisation, who verified and when (`last_verified_at`), whether the provider
 * takes part in a partner table (the table's membership is the network's business), HSDS `metadata`
 * (change records may name people) and `attributes` (free internal tagging), `assurer_email` and
 * `assured_date` (a person and an internal check), funding, capacities, program, alerts, licences
 * and accreditations, and anything unknown.
 */
export const PUBLIC_SERVICE_FIELDS = [
  'id',
  'organization_id',
  'name',
  'alternate_name',
  'description',
  'url',
  'email',
  'status',
  'application_process',
  'fees_description',
  'eligibility_description',
  'interpretation_services',
  'cost_options',
  'minimum_age',
  'maximum_age',
  'last_modified',
  'languages',
  'phones',
  'contacts',
  'schedules',
  'service_areas',
  'required_documents',
  'service_at_locations',
  'organization',
  'x_partnertafel',
] as const;
export const PUBLIC_ORGANIZATION_FIELDS = ['id', 'name', 'alternate_name', 'description', 'email', 'website'] as const;
export const PUBLIC_PROFILE_FIELDS = [
  'themes',
  'interpreter_languages',
  'waiting_days',
  'no_waiting_list',
  'bound_by_professional_secrecy',
  'takes_referrals_of_minors',
  'takes_referrals_of_adults',
] as const;
/** Keys dropped at every depth of the public document. */
const NEVER_PUBLIC = new Set(['metadata', 'attributes']);

const pickKeys = (value: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]]));

function withoutNonPublic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNonPublic);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !NEVER_PUBLIC.has(key))
      .map(([key, inner]) => [key, withoutNonPublic(inner)]),
  );
}

/** A service's public HSDS document (pure). */
export function publicServiceDoc(doc: HsdsService): Record<string, unknown> {
  const whole = doc as unknown as Record<string, unknown>;
  const picked = pickKeys(whole, PUBLIC_SERVICE_FIELDS);
  if (whole.organization) picked.organization = pickKeys(whole.organization as Record<string, unknown>, PUBLIC_ORGANIZATION_FIELDS);
  if (whole.x_partnertafel) picked.x_partnertafel = pickKeys(whole.x_partnertafel as Record<string, unknown>, PUBLIC_PROFILE_FIELDS);
  return withoutNonPublic(picked) as Record<string, unknown>;
}

/**
 * The network of `/map/:tenantSlug` and `/api/hsds/:tenant/…` while its map is published; an
 * unpublished map and an unknown network answer the same 404. Read fresh on every request.
 */
export async function openPublishedMap(ctx: AppContext, tenantSlug: string): Promise<Tenant> {
  const tenant = await ctx.system.tenantBySlug(tenantSlug);
  if (!tenant || !(await isMapPublished(ctx.db, tenant.id))) throw new AppError('not_found');
  return tenant;
}

export const PUBLIC_PAGE_SIZE = 50;

/** One page of the published map's services (public fields), searched like the signed-in map. */
export async function listPublicServices(
  ctx: AppContext,
  tenant: Tenant,
  options: { filters: ServiceFilters; limit?: number; cursor?: string | undefined },
): Promise<{ data: Record<string, unknown>[]; nextCursor: string | null }> {
  // The search query only reads the network from the actor; a visitor acts for the network alone.
  const visitor = { tenantId: tenant.id } as Actor;
  const { ids, nextCursor } = await listServiceIds(ctx.db, ctx.handle.kind, visitor, options.filters, {
    limit: options.limit ?? PUBLIC_PAGE_SIZE,
    cursor: options.cursor,
  });
  const stored = await loadServices(ctx.db, tenant.id, ids);
  return { data: stored.map((entry) => publicServiceDoc(docFromRows(entry.rows, entry.row.updated_at))), nextCursor };
}

/** One service of the published map by its HSDS id (public fields); unknown → 404. */
export async function getPublicService(ctx: AppContext, tenant: Tenant, hsdsId: string): Promise<Record<string, unknown>> {
  const id = await findServiceIdByHsdsId(ctx.db, tenant.id, hsdsId);
  const [entry] = id ? await loadServices(ctx.db, tenant.id, [id]) : [];
  if (!entry) throw new AppError('not_found');
  return publicServiceDoc(docFromRows(entry.rows, entry.row.updated_at));
}
