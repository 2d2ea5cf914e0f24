import type { Kysely } from 'kysely';

/**
 * The social map's search and import at 10 000 services (issue 13, bench/directory-search.bench.ts):
 * indexes that every engine uses the same way, whether or not it has statistics.
 *
 * SQLite has no statistics unless ANALYZE runs, and without them it believes that any `tenant_id = ?`
 * narrows an index to about ten rows. So wherever an index began with tenant_id, the planner chose
 * it over the primary key for `tenant_id = ? and service_id in (…page…)` — and, one network holding
 * every row, read the whole table for each page of results (80–120 ms per relation). Hence:
 * - `(tenant_id, id)` unique on services, organisations and locations: a page's rows are found by
 *   both columns (one probe per id), as the house does for other tenant tables;
 * - the theme and language filter indexes lead with the value searched for, then the network, then
 *   the service (covering the filter's sub-query), so they no longer compete with the primary key
 *   `(service_id, …)` that loads a page's themes and languages and that the import's deletes use;
 *   the service–location link likewise leads with the location (the foreign key's index);
 * - the list's order index `(tenant_id, name, id)` also carries the columns the filters read
 *   (`search_key` for the full-text match, the age range, "no waiting list"): walking it in name
 *   order until a page is full never touches the table, which keeps a rare word or filter — the
 *   whole index walked — at a millisecond or two.
 * PostgreSQL has statistics and would mostly have chosen well; it gets the same indexes so the two
 * engines keep one schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('directory_services_tenant_id_unique').on('directory_services').columns(['tenant_id', 'id']).unique().execute();
  await db.schema
    .createIndex('directory_organisations_tenant_id_unique')
    .on('directory_organisations')
    .columns(['tenant_id', 'id'])
    .unique()
    .execute();
  await db.schema.createIndex('directory_locations_tenant_id_unique').on('directory_locations').columns(['tenant_id', 'id']).unique().execute();

  await db.schema.dropIndex('directory_services_by_name').execute();
  await db.schema
    .createIndex('directory_services_by_name')
    .on('directory_services')
    .columns(['tenant_id', 'name', 'id', 'search_key', 'age_min', 'age_max', 'no_waiting_list'])
    .execute();

  await db.schema.dropIndex('directory_service_themes_by_theme').execute();
  await db.schema.createIndex('directory_service_themes_by_theme').on('directory_service_themes').columns(['theme', 'tenant_id', 'service_id']).execute();
  await db.schema.dropIndex('directory_service_languages_by_code').execute();
  await db.schema
    .createIndex('directory_service_languages_by_code')
    .on('directory_service_languages')
    .columns(['code', 'tenant_id', 'service_id'])
    .execute();
  await db.schema.dropIndex('directory_service_locations_by_location').execute();
  await db.schema
    .createIndex('directory_service_locations_by_location')
    .on('directory_service_locations')
    .columns(['location_id', 'tenant_id'])
    .execute();
}
