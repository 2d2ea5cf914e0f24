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

export async function findDirectoryOrganisationByHsdsId(
  db: Kysely<Database>,
  tenantId: string,
  hsdsId: string,
): Promise<DirectoryOrganisationRow | undefined> {
  return db.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('hsds_id', '=', hsdsId).executeTakeFirst();
}

export async function findLocationIdByHsdsId(db: Kysely<Database>, tenantId: string, hsdsId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('directory_locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('hsds_id', '=', hsdsId)
    .executeTakeFirst();
  return row?.id;
}

/** Is this one of the network's own organisations (a possible curator)? */
export async function isNetworkOrganisation(db: Kysely<Database>, tenantId: string, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('organisations').select('id').where('tenant_id', '=', tenantId).where('id', '=', organisationId).executeTakeFirst();
  return row !== undefined;
}

/** Services with their organisation, themes, languages and locations, in the order of `ids`. */
export async function loadServices(db: Kysely<Database>, tenantId: string, ids: readonly string[]): Promise<StoredService[]> {
  if (ids.length === 0) return [];
  const result: StoredService[] = [];
  // In chunks: parameter limits (SQLite 32766, PostgreSQL 65535) with room to spare.
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const [services, themes, languages, locations] = await Promise.all([
      db.selectFrom('directory_services').select(SERVICE_COLUMNS).where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute(),
      db
        .selectFrom('directory_service_themes')
        .select(['service_id', 'theme'])
        .where('tenant_id', '=', tenantId)
        .where('service_id', 'in', chunk)
        .orderBy('theme')
        .execute(),
      db
        .selectFrom('directory_service_languages')
        .select(['service_id', 'code', 'interpreter'])
        .where('tenant_id', '=', tenantId)
        .where('service_id', 'in', chunk)
        .orderBy('code')
        .execute(),
      db
        .selectFrom('directory_service_locations as sl')
        .innerJoin('directory_locations as l', (join) => join.onRef('l.id', '=', 'sl.location_id').on('l.tenant_id', '=', tenantId))
        .select([
          'sl.service_id',
          'sl.hsds_id as link_hsds_id',
          'sl.extra as link_extra',
          'l.id',
          'l.hsds_id',
          'l.location_type',
          'l.name',
          'l.address_1',
          'l.city',
          'l.postal_code',
          'l.region',
          'l.country',
          'l.latitude',
          'l.longitude',
          'l.extra',
        ])
        .where('sl.tenant_id', '=', tenantId)
        .where('sl.service_id', 'in', chunk)
        .orderBy('sl.hsds_id')
        .execute(),
    ]);
    if (services.length === 0) continue;
    const organisationIds = [...new Set(services.map((service) => service.directory_organisation_id))];
    const organisations = new Map(
      (await db.selectFrom('directory_organisations').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', organisationIds).execute()).map(
        (row) => [row.id, row],
      ),
    );
    const byId = new Map(services.map((row) => [row.id, row]));
    for (const id of chunk) {
      const row = byId.get(id);
      if (!row) continue;
      const organisation = organisations.get(row.directory_organisation_id)!;
      const own = locations.filter((entry) => entry.service_id === id);
      const locationRows: LocationRows[] = own.map((entry) => ({
        location: {
          hsds_id: entry.hsds_id,
          location_type: entry.location_type,
          name: entry.name,
          address_1: entry.address_1,
          city: entry.city,
          postal_code: entry.postal_code,
          region: entry.region,
          country: entry.country,
          latitude: entry.latitude === null ? null : Number(entry.latitude),
          longitude: entry.longitude === null ? null : Number(entry.longitude),
          extra: entry.extra,
        },
        link: { hsds_id: entry.link_hsds_id, extra: entry.link_extra },
      }));
      result.push({
        row,
        organisation,
        locationIds: own.map((entry) => entry.id),
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
          themes: themes.filter((entry) => entry.service_id === id).map((entry) => entry.theme),
          languages: languages
            .filter((entry) => entry.service_id === id)
            .map((entry) => ({ code: entry.code, interpreter: Number(entry.interpreter) })),
          locations: locationRows,
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

interface ServiceCursor {
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
  const tenantId = actor.tenantId;
  const after = decodeServiceCursor(page.cursor);
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
    query = query.where('s.id', 'in', (eb) =>
      eb.selectFrom('directory_service_themes').select('service_id').where('tenant_id', '=', tenantId).where('theme', '=', theme),
    );
  }
  if (filters.language !== undefined) {
    const code = filters.language;
    query = query.where('s.id', 'in', (eb) =>
      eb.selectFrom('directory_service_languages').select('service_id').where('tenant_id', '=', tenantId).where('code', '=', code),
    );
  }
  if (filters.age !== undefined) {
    const age = filters.age;
    query = query
      .where((eb) => eb.or([eb('s.age_min', 'is', null), eb('s.age_min', '<=', age)]))
      .where((eb) => eb.or([eb('s.age_max', 'is', null), eb('s.age_max', '>=', age)]));
  }
  if (filters.noWaitingList) query = query.where('s.no_waiting_list', '=', 1);
  if (after) query = query.where((eb) => eb.or([eb('s.name', '>', after.name), eb.and([eb('s.name', '=', after.name), eb('s.id', '>', after.id)])]));
  const rows = await query
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return {
    ids: pageRows.map((row) => row.id),
    nextCursor: rows.length > page.limit && last ? encodeServiceCursor({ name: last.name, id: last.id }) : null,
  };
}

/** Every service id of the network, by HSDS id (the export's order). */
export async function allServiceIds(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  return (await db.selectFrom('directory_services').select('id').where('tenant_id', '=', tenantId).orderBy('hsds_id').execute()).map((row) => row.id);
}
