import type { Kysely } from 'kysely';

/** Tenants, organisations, users with roles, recovery codes, sessions and API tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('default_locale', 'varchar(2)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('sector', 'varchar(40)', (c) => c.notNull())
    .addColumn('secrecy_regime', 'varchar(40)', (c) => c.notNull())
    .addColumn('protocol_signed_on', 'varchar(10)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('organisations_tenant_name_unique', ['tenant_id', 'name'])
    .addUniqueConstraint('organisations_tenant_id_unique', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull().references('tenants.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('locale', 'varchar(2)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(200)')
    .addColumn('mfa_secret_sealed', 'varchar(200)')
    .addColumn('mfa_enrolled_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    // The organisation must belong to the same tenant: enforced by the database, not only the code.
    .addForeignKeyConstraint('users_organisation_same_tenant', ['tenant_id', 'organisation_id'], 'organisations', [
      'tenant_id',
      'id',
    ])
    .addUniqueConstraint('users_tenant_id_unique', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .addForeignKeyConstraint('user_roles_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addForeignKeyConstraint('recovery_codes_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('authenticated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('mfa_verified_at', 'varchar(30)')
    .addForeignKeyConstraint('sessions_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .addForeignKeyConstraint('api_tokens_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
}
