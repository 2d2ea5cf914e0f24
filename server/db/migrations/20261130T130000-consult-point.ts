import type { Kysely } from 'kysely';

/**
 * The consult point (issue 11): signals with their reply channel, screenings, network inquiries with
 * their questions, and the organisations' client registers; plus the tenant setting for the public
 * consult form. Free text and identities are sealed (`*_sealed`, server/db/sealed-columns.ts); the
 * subject of a signal and the people of a client register are findable only through their blind
 * index (family name + birth date). An anonymous reporter is never in a clear column: their account
 * is sealed in `reporter_sealed` (read by the system only, to deliver mail) and found for "my
 * signals" through `reporter_lookup`, a keyed hash of the user id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('public_consult_form', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('signal_sequences')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('signal_sequences_pk', ['tenant_id', 'year'])
    .execute();

  await db.schema
    .createTable('signals')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('reference', 'varchar(60)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('theme', 'varchar(40)', (c) => c.notNull())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('urgency', 'varchar(10)')
    .addColumn('category', 'integer')
    .addColumn('description_sealed', 'text', (c) => c.notNull())
    .addColumn('subject_given_name_sealed', 'text')
    .addColumn('subject_family_name_sealed', 'text')
    .addColumn('subject_birth_date_sealed', 'text')
    .addColumn('subject_blind_index', 'varchar(100)')
    .addColumn('subject_blind_index_version', 'integer')
    .addColumn('reporter_anonymous', 'integer', (c) => c.notNull())
    .addColumn('reporter_user_id', 'varchar(36)')
    .addColumn('reporter_organisation_id', 'varchar(36)')
    .addColumn('reporter_sealed', 'text')
    .addColumn('reporter_lookup', 'varchar(100)')
    .addColumn('registered_by', 'varchar(36)')
    .addColumn('disclosure_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(30)')
    .addColumn('decision_rationale_sealed', 'text')
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('case_id', 'varchar(36)')
    .addColumn('public_code_hash', 'varchar(100)')
    .addColumn('public_passphrase_hash', 'varchar(200)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(30)')
    .addUniqueConstraint('signals_tenant_reference_unique', ['tenant_id', 'reference'])
    .addUniqueConstraint('signals_tenant_id_unique', ['tenant_id', 'id'])
    .addUniqueConstraint('signals_public_code_unique', ['public_code_hash'])
    .addForeignKeyConstraint('signals_reporter_same_tenant', ['tenant_id', 'reporter_user_id'], 'users', ['tenant_id', 'id'])
    .addForeignKeyConstraint('signals_reporter_org_same_tenant', ['tenant_id', 'reporter_organisation_id'], 'organisations', ['tenant_id', 'id'])
    .addForeignKeyConstraint('signals_registered_by_same_tenant', ['tenant_id', 'registered_by'], 'users', ['tenant_id', 'id'])
    .addForeignKeyConstraint('signals_decided_by_same_tenant', ['tenant_id', 'decided_by'], 'users', ['tenant_id', 'id'])
    .addForeignKeyConstraint('signals_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('signals_status').on('signals').columns(['tenant_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('signals_subject').on('signals').columns(['tenant_id', 'subject_blind_index']).execute();
  await db.schema.createIndex('signals_reporter').on('signals').columns(['tenant_id', 'reporter_lookup']).execute();

  await db.schema
    .createTable('signal_messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('signal_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('side', 'varchar(20)', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('author_user_id', 'varchar(36)')
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addForeignKeyConstraint('signal_messages_signal_same_tenant', ['tenant_id', 'signal_id'], 'signals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('signal_messages_author_same_tenant', ['tenant_id', 'author_user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('signal_messages_signal').on('signal_messages').columns(['tenant_id', 'signal_id', 'created_at']).execute();

  await db.schema
    .createTable('screenings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('signal_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('instrument_id', 'varchar(36)', (c) => c.notNull().references('screening_instruments.id'))
    .addColumn('answers_sealed', 'text', (c) => c.notNull())
    .addColumn('wellbeing_vulnerable', 'integer', (c) => c.notNull())
    .addColumn('radicalisation_vulnerable', 'integer', (c) => c.notNull())
    .addColumn('urgency', 'varchar(10)', (c) => c.notNull())
    .addColumn('category', 'integer', (c) => c.notNull())
    .addColumn('rationale_sealed', 'text', (c) => c.notNull())
    .addColumn('screened_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addForeignKeyConstraint('screenings_signal_same_tenant', ['tenant_id', 'signal_id'], 'signals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('screenings_author_same_tenant', ['tenant_id', 'screened_by'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('screenings_signal').on('screenings').columns(['tenant_id', 'signal_id', 'created_at']).execute();

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('signal_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('mode', 'varchar(10)', (c) => c.notNull())
    .addColumn('purpose_sealed', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(40)', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('answers_expire_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('reminded_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('inquiries_tenant_id_unique', ['tenant_id', 'id'])
    .addForeignKeyConstraint('inquiries_signal_same_tenant', ['tenant_id', 'signal_id'], 'signals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('inquiries_author_same_tenant', ['tenant_id', 'created_by'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('inquiries_signal').on('inquiries').columns(['tenant_id', 'signal_id']).execute();

  await db.schema
    .createTable('inquiry_questions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inquiry_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('known', 'varchar(10)')
    .addColumn('guidance_running', 'integer')
    .addColumn('contact_user_id', 'varchar(36)')
    .addColumn('note_sealed', 'text')
    .addColumn('answered_by', 'varchar(36)')
    .addColumn('answered_at', 'varchar(30)')
    .addColumn('expired_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('inquiry_questions_one_per_organisation', ['inquiry_id', 'organisation_id'])
    .addForeignKeyConstraint('inquiry_questions_inquiry_same_tenant', ['tenant_id', 'inquiry_id'], 'inquiries', ['tenant_id', 'id'])
    .addForeignKeyConstraint('inquiry_questions_org_same_tenant', ['tenant_id', 'organisation_id'], 'organisations', ['tenant_id', 'id'])
    .addForeignKeyConstraint('inquiry_questions_contact_same_tenant', ['tenant_id', 'contact_user_id'], 'users', ['tenant_id', 'id'])
    .addForeignKeyConstraint('inquiry_questions_answerer_same_tenant', ['tenant_id', 'answered_by'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('inquiry_questions_organisation').on('inquiry_questions').columns(['tenant_id', 'organisation_id']).execute();

  await db.schema
    .createTable('client_register_uploads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('client_register_uploads_one_per_organisation', ['tenant_id', 'organisation_id'])
    .addForeignKeyConstraint('client_register_uploads_org_same_tenant', ['tenant_id', 'organisation_id'], 'organisations', ['tenant_id', 'id'])
    .addForeignKeyConstraint('client_register_uploads_user_same_tenant', ['tenant_id', 'uploaded_by'], 'users', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('client_register_entries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('blind_index', 'varchar(100)', (c) => c.notNull())
    .addColumn('blind_index_version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('client_register_entries_unique', ['tenant_id', 'organisation_id', 'blind_index'])
    .addForeignKeyConstraint('client_register_entries_org_same_tenant', ['tenant_id', 'organisation_id'], 'organisations', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('client_register_entries_index').on('client_register_entries').columns(['tenant_id', 'blind_index']).execute();
}
