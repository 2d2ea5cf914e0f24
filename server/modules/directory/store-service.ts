import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { fingerprintOf, searchTextOfRows, type OrganisationRow, type ServiceRows } from './hsds.mapping.ts';
import { findDirectoryOrganisationByHsdsId, findLocationIdByHsdsId, type StoredService } from './directory.queries.ts';

/**
 * Writes one service's rows inside the caller's transaction (create, change and import share it):
 * its organisation and locations are matched by HSDS id (created or brought up to date), the service
 * row is inserted or — when `existing` is given — compared and updated with a version compare-and-set,
 * and its themes, languages and places are replaced. The full-text index follows in the same
 * transaction (SQLite: triggers; PostgreSQL: the expression index).
 */

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

export interface StoreOptions {
  readonly tenantId: string;
  readonly now: string;
  readonly userId: string | null;
  /** The stored service this document replaces (matched by id or HSDS id), or null for a new one. */
  readonly existing: StoredService | null;
  /** A change through the API: the version it was made against (409 when stale). */
  readonly expectedVersion?: number;
  /** New services: the curator organisation; existing ones keep theirs unless given. */
  readonly curatorOrganisationId?: string | null;
  /** New services: their id (defaults to a new one). */
  readonly id?: string;
}

export interface StoreResult {
  readonly id: string;
  readonly outcome: StoreOutcome;
  /** Names of the parts that changed (audit details): service columns, themes, languages, locations, organisation, curator. */
  readonly changed: readonly string[];
  readonly version: number;
}

/** Does the stored organisation differ from the document's? */
const organisationDiffers = (stored: OrganisationRow, next: OrganisationRow): boolean => fingerprintOf(stored) !== fingerprintOf(next);

async function storeOrganisation(
  trx: Transaction<Database>,
  options: StoreOptions,
  next: OrganisationRow,
): Promise<{ id: string; changed: boolean }> {
  const existing = await findDirectoryOrganisationByHsdsId(trx, options.tenantId, next.hsds_id);
  if (!existing) {
    const id = newId();
    await trx
      .insertInto('directory_organisations')
      .values({ id, tenant_id: options.tenantId, ...next, created_at: options.now, updated_at: options.now, version: 1 })
      .execute();
    return { id, changed: true };
  }
  const stored: OrganisationRow = {
    hsds_id: existing.hsds_id,
    name: existing.name,
    alternate_name: existing.alternate_name,
    description: existing.description,
    email: existing.email,
    website: existing.website,
    extra: existing.extra,
  };
  if (!organisationDiffers(stored, next)) return { id: existing.id, changed: false };
  await trx
    .updateTable('directory_organisations')
    .set({ ...next, updated_at: options.now, version: Number(existing.version) + 1 })
    .where('tenant_id', '=', options.tenantId)
    .where('id', '=', existing.id)
    .execute();
  return { id: existing.id, changed: true };
}

async function replaceChildren(trx: Transaction<Database>, options: StoreOptions, serviceId: string, organisationId: string, rows: ServiceRows) {
  const tenantId = options.tenantId;
  await trx.deleteFrom('directory_service_themes').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  await trx.deleteFrom('directory_service_languages').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  await trx.deleteFrom('directory_service_locations').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  if (rows.themes.length > 0)
    await trx
      .insertInto('directory_service_themes')
      .values(rows.themes.map((theme) => ({ tenant_id: tenantId, service_id: serviceId, theme })))
      .execute();
  if (rows.languages.length > 0)
    await trx
      .insertInto('directory_service_languages')
      .values(rows.languages.map((language) => ({ tenant_id: tenantId, service_id: serviceId, ...language })))
      .execute();
  const linked = new Set<string>();
  for (const { location, link } of rows.locations) {
    let locationId = await findLocationIdByHsdsId(trx, tenantId, location.hsds_id);
    if (locationId) {
      await trx
        .updateTable('directory_locations')
        .set({ ...location, directory_organisation_id: organisationId, updated_at: options.now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', locationId)
        .execute();
    } else {
      locationId = newId();
      await trx
        .insertInto('directory_locations')
        .values({ id: locationId, tenant_id: tenantId, directory_organisation_id: organisationId, ...location, updated_at: options.now })
        .execute();
    }
    // One place once per service (HSDS allows a second service_at_location for the same place; we keep the first).
    if (linked.has(locationId)) continue;
    linked.add(locationId);
    await trx
      .insertInto('directory_service_locations')
      .values({ tenant_id: tenantId, service_id: serviceId, location_id: locationId, hsds_id: link.hsds_id, extra: link.extra })
      .execute();
  }
}

/** The parts of a stored service that differ from `next`. */
function changedParts(stored: ServiceRows, next: ServiceRows): string[] {
  const parts: string[] = [];
  for (const key of Object.keys(next.service) as (keyof ServiceRows['service'])[])
    if (JSON.stringify(stored.service[key]) !== JSON.stringify(next.service[key])) parts.push(key);
  for (const key of ['themes', 'languages', 'locations', 'organisation'] as const)
    if (fingerprintOf(stored[key]) !== fingerprintOf(next[key])) parts.push(key);
  return parts;
}

export async function storeService(trx: Transaction<Database>, rows: ServiceRows, options: StoreOptions): Promise<StoreResult> {
  const { existing, tenantId, now } = options;
  const curatorChanges =
    existing !== null && options.curatorOrganisationId !== undefined && options.curatorOrganisationId !== existing.row.curator_organisation_id;
  if (existing) {
    const changed = changedParts(existing.rows, rows);
    if (curatorChanges) changed.push('curator_organisation_id');
    if (changed.length === 0) return { id: existing.row.id, outcome: 'unchanged', changed, version: Number(existing.row.version) };
    const organisation = await storeOrganisation(trx, options, rows.organisation);
    const version = Number(existing.row.version) + 1;
    const result = await trx
      .updateTable('directory_services')
      .set({
        ...rows.service,
        directory_organisation_id: organisation.id,
        ...(curatorChanges ? { curator_organisation_id: options.curatorOrganisationId ?? null } : {}),
        search_text: searchTextOfRows(rows),
        updated_at: now,
        version,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', existing.row.id)
      .where('version', '=', options.expectedVersion ?? Number(existing.row.version))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await replaceChildren(trx, options, existing.row.id, organisation.id, rows);
    return { id: existing.row.id, outcome: 'updated', changed: changed.sort(), version };
  }
  const organisation = await storeOrganisation(trx, options, rows.organisation);
  const id = options.id ?? newId();
  await trx
    .insertInto('directory_services')
    .values({
      id,
      tenant_id: tenantId,
      ...rows.service,
      directory_organisation_id: organisation.id,
      curator_organisation_id: options.curatorOrganisationId ?? null,
      last_verified_by: null,
      verification_reminded_at: null,
      search_text: searchTextOfRows(rows),
      // A stable integer key for the SQLite FTS5 index (rowids may be renumbered by VACUUM).
      search_key: randomInt(1, 2 ** 47),
      created_by: options.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  await replaceChildren(trx, options, id, organisation.id, rows);
  return { id, outcome: 'created', changed: [], version: 1 };
}
