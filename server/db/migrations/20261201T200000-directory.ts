import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The social map (issue 13): directory organisations and their services in the shape of HSDS 3.0,
 * with our profile (themes, age range, languages with an interpreter flag, waiting time, secrecy and
 * participation profile, curator organisation, verification), the locations a service is offered at,
 * the register of gaps (never personal data) and the tenant's publishing setting.
 *
 * Child tables where we filter (themes, languages, locations); the rest of HSDS (phones, contacts,
 * schedules, cost options, required documents, service areas, fields we keep but do not use) is JSON
 * text in `details` / `extra`. `search_text` is the service's words, lower-cased and accent-folded by
 * the application; each database indexes it with its own full-text search:
 * - SQLite: an FTS5 external-content table `directory_search` over `directory_services.search_text`,
 *   keyed by `search_key` (a stable integer, not the rowid, which VACUUM may renumber), kept in step by
 *   triggers inside the writing transaction;
 * - PostgreSQL: a GIN expression index on `directory_tsv(search_text)` (an immutable wrapper of
 *   `to_tsvector('simple', …)`). No generated column: the backup copies rows portably between the two
 *   databases, and a generated column cannot be inserted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_organisations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('hsds_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('alternate_name', 'varchar(300)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('website', 'varchar(500)')
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('directory_organisations_hsds_id', ['tenant_id', 'hsds_id'])
    .execute();
  await db.schema
    .createTable('directory_services')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('hsds_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('directory_organisation_id', 'varchar(36)', (c) => c.notNull().references('directory_organisations.id'))
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('alternate_name', 'varchar(300)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(500)')
    .addColumn('email', 'varchar(254)')
    .addColumn('status', 'varchar(30)', (c) => c.notNull())
    .addColumn('age_min', 'integer')
    .addColumn('age_max', 'integer')
    .addColumn('waiting_days', 'integer')
    .addColumn('no_waiting_list', 'integer', (c) => c.notNull())
    .addColumn('bound_by_secrecy', 'integer', (c) => c.notNull())
    .addColumn('takes_part_in_table', 'integer', (c) => c.notNull())
    .addColumn('referrals_minors', 'integer', (c) => c.notNull())
    .addColumn('referrals_adults', 'integer', (c) => c.notNull())
    .addColumn('eligibility', 'text')
    .addColumn('application_process', 'text')
    .addColumn('fees_description', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('curator_organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('last_verified_at', 'varchar(30)')
    .addColumn('last_verified_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('verification_reminded_at', 'varchar(30)')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('search_key', 'bigint', (c) => c.notNull().unique())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('directory_services_hsds_id', ['tenant_id', 'hsds_id'])
    .execute();
  await db.schema.createIndex('directory_services_by_name').on('directory_services').columns(['tenant_id', 'name', 'id']).execute();
  await db.schema.createIndex('directory_services_by_curator').on('directory_services').columns(['tenant_id', 'curator_organisation_id']).execute();
  await db.schema
    .createIndex('directory_services_by_organisation')
    .on('directory_services')
    .columns(['tenant_id', 'directory_organisation_id'])
    .execute();
  await db.schema
    .createTable('directory_service_themes')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('service_id', 'varchar(36)', (c) => c.notNull().references('directory_services.id'))
    .addColumn('theme', 'varchar(60)', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_service_themes_pk', ['service_id', 'theme'])
    .execute();
  await db.schema.createIndex('directory_service_themes_by_theme').on('directory_service_themes').columns(['tenant_id', 'theme']).execute();
  await db.schema
    .createTable('directory_service_languages')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('service_id', 'varchar(36)', (c) => c.notNull().references('directory_services.id'))
    .addColumn('code', 'varchar(3)', (c) => c.notNull())
    .addColumn('interpreter', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_service_languages_pk', ['service_id', 'code'])
    .execute();
  await db.schema.createIndex('directory_service_languages_by_code').on('directory_service_languages').columns(['tenant_id', 'code']).execute();
  await db.schema
    .createTable('directory_locations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('hsds_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('directory_organisation_id', 'varchar(36)', (c) => c.references('directory_organisations.id'))
    .addColumn('location_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(300)')
    .addColumn('address_1', 'varchar(300)')
    .addColumn('city', 'varchar(150)')
    .addColumn('postal_code', 'varchar(20)')
    .addColumn('region', 'varchar(150)')
    .addColumn('country', 'varchar(2)')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('directory_locations_hsds_id', ['tenant_id', 'hsds_id'])
    .execute();
  await db.schema
    .createTable('directory_service_locations')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('service_id', 'varchar(36)', (c) => c.notNull().references('directory_services.id'))
    .addColumn('location_id', 'varchar(36)', (c) => c.notNull().references('directory_locations.id'))
    .addColumn('hsds_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_service_locations_pk', ['service_id', 'location_id'])
    .execute();
  await db.schema.createIndex('directory_service_locations_by_location').on('directory_service_locations').columns(['tenant_id', 'location_id']).execute();
  await db.schema
    .createTable('directory_gaps')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('theme', 'varchar(60)', (c) => c.notNull())
    .addColumn('age_group', 'varchar(20)', (c) => c.notNull())
    .addColumn('language', 'varchar(3)')
    .addColumn('reason', 'varchar(30)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.references('cases.id'))
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('recorded_by_organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .execute();
  await db.schema.createIndex('directory_gaps_by_time').on('directory_gaps').columns(['tenant_id', 'recorded_at']).execute();
  await db.schema
    .createTable('directory_settings')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  // The full-text index, one per database (see above). Neither is a table of the backup: both are
  // derived from directory_services.search_text and rebuilt by the triggers / index as rows arrive.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function directory_tsv(text) returns tsvector language sql immutable parallel safe
      as $$ select to_tsvector('simple'::regconfig, $1) $$`.execute(db);
    await sql`create index directory_services_search on directory_services using gin (directory_tsv(search_text))`.execute(db);
    return;
  }
  await sql`create virtual table directory_search using fts5(
      search_text, content='directory_services', content_rowid='search_key', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger directory_search_insert after insert on directory_services begin
      insert into directory_search(rowid, search_text) values (new.search_key, new.search_text);
    end`.execute(db);
  await sql`create trigger directory_search_update after update of search_text, search_key on directory_services begin
      insert into directory_search(directory_search, rowid, search_text) values ('delete', old.search_key, old.search_text);
      insert into directory_search(rowid, search_text) values (new.search_key, new.search_text);
    end`.execute(db);
  await sql`create trigger directory_search_delete after delete on directory_services begin
      insert into directory_search(directory_search, rowid, search_text) values ('delete', old.search_key, old.search_text);
    end`.execute(db);
}

