import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { fingerprintOf, searchTextOfRows, type LocationRows, type OrganisationRow, type ServiceRows } from './hsds.mapping.ts';
import type { StoredService } from './directory.queries.ts';

/**
 * Writes services' rows inside the caller's transaction (create, change and import share it): their
 * organisations and locations are matched by HSDS id (created or brought up to date), a service row
 * is inserted or — when `existing` is given — compared and updated with a version compare-and-set,
 * and its themes, languages and places are replaced. The full-text index follows in the same
 * transaction (SQLite: triggers; PostgreSQL: the expression index). An import stores its whole
 * document with one call, in a few statements per table rather than a dozen per service.
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

/** Rows per multi-row INSERT and ids per `in (…)`: well inside both engines' parameter limits. */
const BATCH = 500;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** How one table's rows are matched by HSDS id: read, compared, written (in the caller's transaction). */
interface ByHsdsId<Values, Stored extends { id: string; hsds_id: string }> {
  /** The stored rows with these HSDS ids. */
  load(hsdsIds: string[]): Promise<Stored[]>;
  /** A stored row as the values it would be written from, to compare with the wanted ones. */
  valuesOf(stored: Stored, wanted: Values): unknown;
  /** New rows, in one multi-row statement. */
  insert(rows: readonly { id: string; values: Values }[]): Promise<unknown>;
  /** A stored row brought up to the wanted values. */
  update(stored: Stored, values: Values): Promise<unknown>;
}

/**
 * Upsert by HSDS id: the stored rows are brought up to the wanted values (only those that differ are
 * updated), the others inserted in a few multi-row statements. Answers our id for each HSDS id.
 */
async function upsertByHsdsId<Values, Stored extends { id: string; hsds_id: string }>(
  wanted: ReadonlyMap<string, Values>,
  table: ByHsdsId<Values, Stored>,
): Promise<Map<string, string>> {
  const idByHsdsId = new Map<string, string>();
  const inserts: { id: string; values: Values }[] = [];
  for (const hsdsIds of chunks([...wanted.keys()])) {
    const stored = new Map((await table.load(hsdsIds)).map((row) => [row.hsds_id, row]));
    for (const hsdsId of hsdsIds) {
      const values = wanted.get(hsdsId)!;
      const existing = stored.get(hsdsId);
      if (!existing) {
        const id = newId();
        idByHsdsId.set(hsdsId, id);
        inserts.push({ id, values });
        continue;
      }
      idByHsdsId.set(hsdsId, existing.id);
      if (fingerprintOf(table.valuesOf(existing, values)) !== fingerprintOf(values)) await table.update(existing, values);
    }
  }
  for (const rows of chunks(inserts)) await table.insert(rows);
  return idByHsdsId;
}

/** The network's organisations by HSDS id; a changed one gets a new version. */
function storeOrganisations(
  trx: Transaction<Database>,
  options: Pick<StoreOptions, 'tenantId' | 'now'>,
  wanted: ReadonlyMap<string, OrganisationRow>,
): Promise<Map<string, string>> {
  const { tenantId, now } = options;
  return upsertByHsdsId(wanted, {
    load: (hsdsIds) =>
      trx.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('hsds_id', 'in', hsdsIds).execute(),
    valuesOf: (stored): OrganisationRow => ({
      hsds_id: stored.hsds_id,
      name: stored.name,
      alternate_name: stored.alternate_name,
      description: stored.description,
      email: stored.email,
      website: stored.website,
      extra: stored.extra,
    }),
    insert: (rows) =>
      trx
        .insertInto('directory_organisations')
        .values(rows.map(({ id, values }) => ({ id, tenant_id: tenantId, ...values, created_at: now, updated_at: now, version: 1 })))
        .execute(),
    update: (stored, values) =>
      trx
        .updateTable('directory_organisations')
        .set({ ...values, updated_at: now, version: Number(stored.version) + 1 })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', stored.id)
        .execute(),
  });
}

type LocationValues = LocationRows['location'] & { directory_organisation_id: string };

/** The network's places by HSDS id, like the organisations (places carry no version). */
function storeLocations(
  trx: Transaction<Database>,
  options: Pick<StoreOptions, 'tenantId' | 'now'>,
  wanted: ReadonlyMap<string, LocationValues>,
): Promise<Map<string, string>> {
  const { tenantId, now } = options;
  return upsertByHsdsId(wanted, {
    load: (hsdsIds) => trx.selectFrom('directory_locations').selectAll().where('tenant_id', '=', tenantId).where('hsds_id', 'in', hsdsIds).execute(),
    // Coordinates are compared as numbers, whatever type the driver hands back.
    valuesOf: (stored, values) =>
      Object.fromEntries(
        (Object.keys(values) as (keyof LocationValues)[]).map((key) => [
          key,
          (key === 'latitude' || key === 'longitude') && stored[key] !== null ? Number(stored[key]) : stored[key],
        ]),
      ),
    insert: (rows) =>
      trx
        .insertInto('directory_locations')
        .values(rows.map(({ id, values }) => ({ id, tenant_id: tenantId, ...values, updated_at: now })))
        .execute(),
    update: (stored, values) =>
      trx
        .updateTable('directory_locations')
        .set({ ...values, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', stored.id)
        .execute(),
  });
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

const curatorChanges = (entry: StoreEntry): boolean =>
  entry.existing !== null && entry.curatorOrganisationId !== undefined && entry.curatorOrganisationId !== entry.existing.row.curator_organisation_id;

/** One service to store: its rows and what `StoreOptions` says about it. */
export type StoreEntry = { readonly rows: ServiceRows } & Omit<StoreOptions, 'tenantId' | 'now' | 'userId'>;

/**
 * Writes many services' rows inside the caller's transaction in a few statements per table (the
 * import of a whole document; create and change store one): the unchanged are skipped; the
 * organisations and places of the others are matched by HSDS id — when a document names one several
 * times, the copy of the last service written wins, as if they were stored one after the other —
 * and created or brought up to date; new services are inserted in bulk, changed ones updated one by
 * one with their version compare-and-set (409 when stale); their themes, languages and places are
 * replaced with one delete per table and bulk inserts.
 */
export async function storeServices(
  trx: Transaction<Database>,
  entries: readonly StoreEntry[],
  options: Pick<StoreOptions, 'tenantId' | 'now' | 'userId'>,
): Promise<StoreResult[]> {
  const { tenantId, now } = options;
  const results: StoreResult[] = [];
  const written: { entry: StoreEntry; id: string; version: number }[] = [];
  for (const entry of entries) {
    const { existing, rows } = entry;
    if (!existing) {
      const id = entry.id ?? newId();
      results.push({ id, outcome: 'created', changed: [], version: 1 });
      written.push({ entry, id, version: 1 });
      continue;
    }
    const changed = changedParts(existing.rows, rows);
    if (curatorChanges(entry)) changed.push('curator_organisation_id');
    const version = Number(existing.row.version);
    if (changed.length === 0) {
      results.push({ id: existing.row.id, outcome: 'unchanged', changed, version });
      continue;
    }
    results.push({ id: existing.row.id, outcome: 'updated', changed: changed.sort(), version: version + 1 });
    written.push({ entry, id: existing.row.id, version: version + 1 });
  }
  if (written.length === 0) return results;

  const organisationIds = await storeOrganisations(
    trx,
    options,
    new Map(written.map(({ entry }) => [entry.rows.organisation.hsds_id, entry.rows.organisation])),
  );
  const organisationOf = (entry: StoreEntry) => organisationIds.get(entry.rows.organisation.hsds_id)!;
  const locationIds = await storeLocations(
    trx,
    options,
    new Map(
      written.flatMap(({ entry }) =>
        entry.rows.locations.map(({ location }) => [location.hsds_id, { ...location, directory_organisation_id: organisationOf(entry) }] as const),
      ),
    ),
  );

  const inserts: Database['directory_services'][] = [];
  for (const { entry, id, version } of written) {
    const { rows, existing } = entry;
    const organisationId = organisationOf(entry);
    if (!existing) {
      inserts.push({
        id,
        tenant_id: tenantId,
        ...rows.service,
        directory_organisation_id: organisationId,
        curator_organisation_id: entry.curatorOrganisationId ?? null,
        last_verified_by: null,
        verification_reminded_at: null,
        search_text: searchTextOfRows(rows),
        // A stable integer key for the SQLite FTS5 index (rowids may be renumbered by VACUUM).
        search_key: randomInt(1, 2 ** 47),
        created_by: options.userId,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      continue;
    }
    const result = await trx
      .updateTable('directory_services')
      .set({
        ...rows.service,
        directory_organisation_id: organisationId,
        ...(curatorChanges(entry) ? { curator_organisation_id: entry.curatorOrganisationId ?? null } : {}),
        search_text: searchTextOfRows(rows),
        updated_at: now,
        version,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', entry.expectedVersion ?? Number(existing.row.version))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
  }
  for (const rows of chunks(inserts, 200)) await trx.insertInto('directory_services').values(rows).execute();

  // Themes, languages and places: the changed services' old ones out, everyone's new ones in.
  for (const ids of chunks(written.filter(({ entry }) => entry.existing).map(({ id }) => id))) {
    await trx.deleteFrom('directory_service_themes').where('tenant_id', '=', tenantId).where('service_id', 'in', ids).execute();
    await trx.deleteFrom('directory_service_languages').where('tenant_id', '=', tenantId).where('service_id', 'in', ids).execute();
    await trx.deleteFrom('directory_service_locations').where('tenant_id', '=', tenantId).where('service_id', 'in', ids).execute();
  }
  const themes = written.flatMap(({ entry, id }) => entry.rows.themes.map((theme) => ({ tenant_id: tenantId, service_id: id, theme })));
  const languages = written.flatMap(({ entry, id }) =>
    entry.rows.languages.map((language) => ({ tenant_id: tenantId, service_id: id, ...language })),
  );
  const links = written.flatMap(({ entry, id }) => {
    // One place once per service (HSDS allows a second service_at_location for the same place; we keep the first).
    const linked = new Set<string>();
    return entry.rows.locations.flatMap(({ location, link }) => {
      const locationId = locationIds.get(location.hsds_id)!;
      if (linked.has(locationId)) return [];
      linked.add(locationId);
      return [{ tenant_id: tenantId, service_id: id, location_id: locationId, hsds_id: link.hsds_id, extra: link.extra }];
    });
  });
  for (const rows of chunks(themes)) await trx.insertInto('directory_service_themes').values(rows).execute();
  for (const rows of chunks(languages)) await trx.insertInto('directory_service_languages').values(rows).execute();
  for (const rows of chunks(links)) await trx.insertInto('directory_service_locations').values(rows).execute();
  return results;
}

/** Writes one service's rows inside the caller's transaction (create and change). */
export async function storeService(trx: Transaction<Database>, rows: ServiceRows, options: StoreOptions): Promise<StoreResult> {
  const { tenantId, now, userId, ...entry } = options;
  const [result] = await storeServices(trx, [{ rows, ...entry }], { tenantId, now, userId });
  return result!;
}
