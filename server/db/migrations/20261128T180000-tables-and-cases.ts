import type { Kysely } from 'kysely';

/**
 * Partner tables with their members, and cases with their persons, participants, information items,
 * consents and timeline. Free text and identity fields are stored sealed (`k<version>.…`, see
 * platform/field-crypto.ts); only vocabularies, dates and ids are in clear. Every child row carries
 * the tenant and points to its parent through a composite `(tenant_id, id)` key, so no row can point
 * into another tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partner_tables')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('audience', 'varchar(10)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(2000)', (c) => c.notNull())
    .addColumn('legal_framework', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('partner_tables_tenant_name_unique', ['tenant_id', 'name'])
    .addUniqueConstraint('partner_tables_tenant_id_unique', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('table_members')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('table_members_pk', ['table_id', 'user_id', 'role'])
    .addForeignKeyConstraint('table_members_table_same_tenant', ['tenant_id', 'table_id'], 'partner_tables', ['tenant_id', 'id'])
    .addForeignKeyConstraint('table_members_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('table_members_user').on('table_members').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('case_sequences')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_sequences_pk', ['tenant_id', 'year'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('table_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reference', 'varchar(40)', (c) => c.notNull())
    .addColumn('theme', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('summary_sealed', 'text', (c) => c.notNull())
    .addColumn('identity_disclosure', 'varchar(10)', (c) => c.notNull())
    .addColumn('case_owner_organisation_id', 'varchar(36)')
    .addColumn('referrer_organisation_id', 'varchar(36)')
    .addColumn('outcome', 'varchar(40)')
    .addColumn('closure_rationale_sealed', 'text')
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('cases_tenant_reference_unique', ['tenant_id', 'reference'])
    .addUniqueConstraint('cases_tenant_id_unique', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cases_table_same_tenant', ['tenant_id', 'table_id'], 'partner_tables', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cases_owner_same_tenant', ['tenant_id', 'case_owner_organisation_id'], 'organisations', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cases_referrer_same_tenant', ['tenant_id', 'referrer_organisation_id'], 'organisations', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('cases_tenant_updated').on('cases').columns(['tenant_id', 'updated_at']).execute();

  await db.schema
    .createTable('case_persons')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('given_name_sealed', 'text')
    .addColumn('family_name_sealed', 'text')
    .addColumn('birth_date_sealed', 'text')
    .addColumn('age_band', 'varchar(10)')
    .addColumn('gender', 'varchar(10)')
    .addColumn('blind_index', 'varchar(64)')
    .addColumn('blind_index_version', 'integer')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addForeignKeyConstraint('case_persons_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('case_persons_case').on('case_persons').columns(['tenant_id', 'case_id']).execute();
  await db.schema.createIndex('case_persons_blind_index').on('case_persons').columns(['tenant_id', 'blind_index']).execute();

  await db.schema
    .createTable('case_participants')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_participants_pk', ['case_id', 'user_id'])
    .addForeignKeyConstraint('case_participants_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .addForeignKeyConstraint('case_participants_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('case_participants_user').on('case_participants').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('case_consents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('given_by', 'varchar(30)', (c) => c.notNull())
    .addColumn('organisation_ids', 'text', (c) => c.notNull())
    .addColumn('purpose_sealed', 'text', (c) => c.notNull())
    .addColumn('with_feedback', 'integer', (c) => c.notNull())
    .addColumn('given_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('document_reference_sealed', 'text')
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('recorded_by_organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('withdrawn_at', 'varchar(30)')
    .addColumn('withdrawn_by', 'varchar(36)')
    .addUniqueConstraint('case_consents_tenant_id_unique', ['tenant_id', 'id'])
    .addForeignKeyConstraint('case_consents_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('case_consents_case').on('case_consents').columns(['tenant_id', 'case_id']).execute();

  await db.schema
    .createTable('case_items')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('author_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('author_organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('audience', 'varchar(20)', (c) => c.notNull())
    .addColumn('organisation_ids', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(40)', (c) => c.notNull())
    .addColumn('consent_id', 'varchar(36)')
    .addColumn('classes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addForeignKeyConstraint('case_items_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .addForeignKeyConstraint('case_items_consent_same_tenant', ['tenant_id', 'consent_id'], 'case_consents', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('case_items_case').on('case_items').columns(['tenant_id', 'case_id', 'created_at']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('item_id', 'varchar(36)')
    .addColumn('consent_id', 'varchar(36)')
    .addColumn('actor_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('actor_organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('detail', 'varchar(200)')
    .addColumn('text_sealed', 'text')
    .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('case_events_case_seq_unique', ['case_id', 'seq'])
    .addForeignKeyConstraint('case_events_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .execute();
}
