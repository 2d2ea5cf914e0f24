import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, DirectoryOrganisationTable, DirectoryServiceTable } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { LocationRows, ServiceRows } from './hsds.mapping.ts';
import { fts5Query, queryWords, tsQuery } from './search-text.ts';

/**
 * Reads of the directory module, every one limited to the actor's network. The full-text search is
 * one interface (`ServiceFilters.q`) over each database's own index: FTS5 MATCH on SQLite, a
 * `tsvector @@ tsquery` on PostgreSQL (see the migration 20261201T200000-directory).
 */

export type DatabaseKind = 'sqlite' | 'postgres';
export type ServiceRow = Omit<DirectoryServiceTable, 'search_key'>;
export type DirectoryOrganisationRow = DirectoryOrganisationTable;

export interface StoredService {
  readonly row: ServiceRow;
  readonly organisation: DirectoryOrganisationRow;
  /** The stored content as rows (what the HSDS mapping reads). */
  readonly rows: ServiceRows;
  /** Our location ids, in the order of `rows.locations`. */
  readonly locationIds: readonly string[];
}

const SERVICE_COLUMNS = [
  'id',
  'tenant_id',
  'hsds_id',
  'directory_organisation_id',
  'name',
  'alternate_name',
  'description',
  'url',
  'email',
  'status',
  'age_min',
  'age_max',
  'waiting_days',
  'no_waiting_list',
  'bound_by_secrecy',
  'takes_part_in_table',
  'referrals_minors',
  'referrals_adults',
  'eligibility',
  'application_process',
  'fees_description',
  'details',
  'extra',
  'curator_organisation_id',
  'last_verified_at',
  'last_verified_by',
  'verification_reminded_at',
  'search_text',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

export async function findServiceRow(db: Kysely<Database>, tenantId: string, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('directory_services').select(SERVICE_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findServiceIdByHsdsId(db: Kysely<Database>, tenantId: string, hsdsId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('directory_services')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('hsds_id', '=', hsdsId)
    .executeTakeFirst();
  return row?.id;
}

export async function findDirectoryOrganisation(db: Kysely<Database>, tenantId: string, id: string): Promise<DirectoryOrganisationRow | undefined> {
  return db.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Is this one of the network's own organisations (a possible curator)? */
export async function isNetworkOrganisation(db: Kysely<Database>, tenantId: string, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('organisations').select('id').where('tenant_id', '=', tenantId).where('id', '=', organisationId).executeTakeFirst();
  return row !== undefined;
}

/** Groups rows by a key, keeping their order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** How many ids one statement names: parameter limits (SQLite 32766, PostgreSQL 65535) with room to spare. */
const LOAD_CHUNK = 500;

/**
 * Services with their organisation, themes, languages and locations, in the order of `ids`: one
 * statement per relation for a page (of up to 500 ids), each found by the ids it names — the
 * services, organisations and locations by `(tenant_id, id)`, the themes, languages and place links
 * by their primary key `(service_id, …)` (see the migration 20261202T100000-directory-search-speed:
 * no index may lead SQLite into reading the whole network instead).
 */
export async function loadServices(db: Kysely<Database>, tenantId: string, ids: readonly string[]): Promise<StoredService[]> {
  if (ids.length === 0) return [];
  const result: StoredService[] = [];
  for (let start = 0; start < ids.length; start += LOAD_CHUNK) {
    const chunk = ids.slice(start, start + LOAD_CHUNK);
    const [services, themes, languages, links] = await Promise.all([
      db.selectFrom('directory_services').select(SERVICE_COLUMNS).where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute(),
      db
        .selectFrom('directory_service_themes')
        .select(['service_id', 'theme'])
        .where('tenant_id', '=', tenantId)
        .where('service_id', 'in', chunk)
        .orderBy('service_id')
        .orderBy('theme')
        .execute(),
      db
        .selectFrom('directory_service_languages')
        .select(['service_id', 'code', 'interpreter'])
        .where('tenant_id', '=', tenantId)
        .where('service_id', 'in', chunk)
        .orderBy('service_id')
        .orderBy('code')
        .execute(),
      db
        .selectFrom('directory_service_locations')
        .select(['service_id', 'location_id', 'hsds_id', 'extra'])
        .where('tenant_id', '=', tenantId)
        .where('service_id', 'in', chunk)
        .orderBy('service_id')
        .orderBy('hsds_id')
        .execute(),
    ]);
    if (services.length === 0) continue;
    const organisationIds = [...new Set(services.map((service) => service.directory_organisation_id))];
    const locationIds = [...new Set(links.map((link) => link.location_id))];
    const [organisationRows, locationRows] = await Promise.all([
      db.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', organisationIds).execute(),
      locationIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('directory_locations')
            .select([
              'id',
              'hsds_id',
              'location_type',
              'name',
              'address_1',
              'city',
              'postal_code',
              'region',
              'country',
              'latitude',
              'longitude',
              'extra',
            ])
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', locationIds)
            .execute(),
    ]);
    const organisations = new Map(organisationRows.map((row) => [row.id, row]));
    const locations = new Map(locationRows.map((row) => [row.id, row]));
    const themesOf = groupBy(themes, (entry) => entry.service_id);
    const languagesOf = groupBy(languages, (entry) => entry.service_id);
    const linksOf = groupBy(links, (entry) => entry.service_id);
    const byId = new Map(services.map((row) => [row.id, row]));
    for (const id of chunk) {
      const row = byId.get(id);
      if (!row) continue;
      const organisation = organisations.get(row.directory_organisation_id)!;
      const own = (linksOf.get(id) ?? []).map((link) => ({ link, location: locations.get(link.location_id)! }));
      const ownLocations: LocationRows[] = own.map(({ link, location }) => ({
        location: {
          hsds_id: location.hsds_id,
          location_type: location.location_type,
          name: location.name,
          address_1: location.address_1,
          city: location.city,
          postal_code: location.postal_code,
          region: location.region,
          country: location.country,
          latitude: location.latitude === null ? null : Number(location.latitude),
          longitude: location.longitude === null ? null : Number(location.longitude),
          extra: location.extra,
        },
        link: { hsds_id: link.hsds_id, extra: link.extra },
      }));
      result.push({
        row,
        organisation,
        locationIds: own.map(({ link }) => link.location_id),
        rows: {
          organisation: {
            hsds_id: organisation.hsds_id,
            name: organisation.name,
            alternate_name: organisation.alternate_name,
            description: organisation.description,
            email: organisation.email,
            website: organisation.website,
            extra: organisation.extra,
          },
          service: {
            hsds_id: row.hsds_id,
            name: row.name,
            alternate_name: row.alternate_name,
            description: row.description,
            url: row.url,
            email: row.email,
            status: row.status,
            age_min: row.age_min,
            age_max: row.age_max,
            waiting_days: row.waiting_days,
            no_waiting_list: Number(row.no_waiting_list),
            bound_by_secrecy: Number(row.bound_by_secrecy),
            takes_part_in_table: Number(row.takes_part_in_table),
            referrals_minors: Number(row.referrals_minors),
            referrals_adults: Number(row.referrals_adults),
            eligibility: row.eligibility,
            application_process: row.application_process,
            fees_description: row.fees_description,
            details: row.details,
            extra: row.extra,
            last_verified_at: row.last_verified_at,
          },
          themes: (themesOf.get(id) ?? []).map((entry) => entry.theme),
          languages: (languagesOf.get(id) ?? []).map((entry) => ({ code: entry.code, interpreter: Number(entry.interpreter) })),
          locations: ownLocations,
        },
      });
    }
  }
  return result;
}

/** The filters of the list and search (API.md "Social map"). */
export interface ServiceFilters {
  readonly q?: string | undefined;
  readonly theme?: string | undefined;
  readonly language?: string | undefined;
  readonly age?: number | undefined;
  readonly noWaitingList?: boolean | undefined;
}

export interface ServiceCursor {
  readonly name: string;
  readonly id: string;
}

export function encodeServiceCursor(cursor: ServiceCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id]), 'utf8').toString('base64url');
}

function decodeServiceCursor(value: string | undefined): ServiceCursor | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && parsed[1] !== '')
      return { name: parsed[0], id: parsed[1] };
  } catch {
    // not a cursor of ours
  }
  throw new AppError('validation_failed', [{ path: 'cursor', messageKey: 'validation.invalid' }]);
}

/**
 * The search statement: the ids and names of the network's services that match, ordered by name then
 * id, from the keyset position `after`, at most `limit` rows. Its shape is chosen for a page of
 * results in a few milliseconds at 10 000 services on both engines (bench/directory-search.bench.ts;
 * EXPLAIN checked in directory-search-plan.int.test.ts):
 * - the order is `(name, id)`, which the index `directory_services_by_name` gives ready-made, so a
 *   search reads the index in name order and stops once the page is full — no sort of every match;
 *   on SQLite that index also holds every column the filters read (no table row is read);
 * - words: SQLite — `search_key in (the FTS5 matches)`, built once from the full-text index's posting
 *   lists; PostgreSQL — `directory_tsv(search_text) @@ to_tsquery(…)`, which the planner answers with
 *   the GIN index when the words are rare and by checking rows in name order when they are common;
 * - theme and language: `exists` on the filter's own index `(value, tenant_id, service_id)` — one
 *   probe per row walked, never a list of every service that offers French;
 * - age and "no waiting list": columns of the service (and of the order index).
 */
export function serviceSearchQuery(
  db: Kysely<Database>,
  kind: DatabaseKind,
  tenantId: string,
  filters: ServiceFilters,
  page: { readonly limit: number; readonly after?: ServiceCursor | null },
) {
  let query = db.selectFrom('directory_services as s').select(['s.id', 's.name']).where('s.tenant_id', '=', tenantId);
  const words = filters.q === undefined ? null : queryWords(filters.q);
  if (words) {
    if (kind === 'sqlite') {
      const match = fts5Query(words);
      query = query.where('s.search_key', 'in', (eb) =>
        eb.selectFrom('directory_search').select('directory_search.rowid').where('directory_search', 'match', match),
      );
    } else {
      const tsquery = tsQuery(words);
      query = query.where((eb) => eb(eb.fn('directory_tsv', ['s.search_text']), '@@', eb.fn('to_tsquery', [eb.val('simple'), eb.val(tsquery)])));
    }
  }
  if (filters.theme !== undefined) {
    const theme = filters.theme;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('directory_service_themes as t')
          .select('t.service_id')
          .where('t.theme', '=', theme)
          .where('t.tenant_id', '=', tenantId)
          .whereRef('t.service_id', '=', 's.id'),
      ),
    );
  }
  if (filters.language !== undefined) {
    const code = filters.language;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('directory_service_languages as l')
          .select('l.service_id')
          .where('l.code', '=', code)
          .where('l.tenant_id', '=', tenantId)
          .whereRef('l.service_id', '=', 's.id'),
      ),
    );
  }
  if (filters.age !== undefined) {
    const age = filters.age;
    query = query
      .where((eb) => eb.or([eb('s.age_min', 'is', null), eb('s.age_min', '<=', age)]))
      .where((eb) => eb.or([eb('s.age_max', 'is', null), eb('s.age_max', '>=', age)]));
  }
  if (filters.noWaitingList) query = query.where('s.no_waiting_list', '=', 1);
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('s.name', '>', after.name), eb.and([eb('s.name', '=', after.name), eb('s.id', '>', after.id)])]));
  return query.orderBy('s.name').orderBy('s.id').limit(page.limit);
}

/**
 * One page of the ids of the services that match, ordered by name then id (keyset: `cursor` is the
 * previous page's last name and id), and the cursor of the next page.
 */
export async function listServiceIds(
  db: Kysely<Database>,
  kind: DatabaseKind,
  actor: Actor,
  filters: ServiceFilters,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<{ ids: string[]; nextCursor: string | null }> {
  const after = decodeServiceCursor(page.cursor);
  const rows = await serviceSearchQuery(db, kind, actor.tenantId, filters, { limit: page.limit + 1, after }).execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return {
    ids: pageRows.map((row) => row.id),
    nextCursor: rows.length > page.limit && last ? encodeServiceCursor({ name: last.name, id: last.id }) : null,
  };
}

/** The ids of the network's services with these HSDS ids, by HSDS id (one statement per 500). */
export async function serviceIdsByHsdsId(db: Kysely<Database>, tenantId: string, hsdsIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let start = 0; start < hsdsIds.length; start += LOAD_CHUNK) {
    const rows = await db
      .selectFrom('directory_services')
      .select(['id', 'hsds_id'])
      .where('tenant_id', '=', tenantId)
      .where('hsds_id', 'in', hsdsIds.slice(start, start + LOAD_CHUNK))
      .execute();
    for (const row of rows) found.set(row.hsds_id, row.id);
  }
  return found;
}

/** Every service id of the network, by HSDS id (the export's order). */
export async function allServiceIds(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  return (await db.selectFrom('directory_services').select('id').where('tenant_id', '=', tenantId).orderBy('hsds_id').execute()).map((row) => row.id);
}
