/**
 * Table types for Kysely. Times are ISO 8601 UTC text and booleans are 0/1 integers in both
 * databases, so the same queries run unchanged on SQLite and PostgreSQL.
 */
export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  default_locale: string;
  created_at: string;
}

export interface OrganisationTable {
  id: string;
  tenant_id: string;
  name: string;
  sector: string;
  secrecy_regime: string;
  protocol_signed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  organisation_id: string;
  email: string;
  name: string;
  locale: string | null;
  status: string;
  password_hash: string | null;
  mfa_secret_sealed: string | null;
  mfa_enrolled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  tenant_id: string;
  user_id: string;
  role: string;
}

export interface RecoveryCodeTable {
  id: string;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  authenticated_at: string;
  mfa_verified_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Database {
  tenants: TenantTable;
  organisations: OrganisationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
}

/** Tables whose every query must be limited to one tenant (see access/tenant-guard.ts). */
export const TENANT_TABLES: ReadonlySet<string> = new Set([
  'organisations',
  'users',
  'user_roles',
  'recovery_codes',
  'sessions',
  'api_tokens',
]);

/** Tables in an order that satisfies foreign keys (backup and restore use it). */
export const TABLES_IN_DEPENDENCY_ORDER = [
  'tenants',
  'organisations',
  'users',
  'user_roles',
  'recovery_codes',
  'sessions',
  'api_tokens',
] as const satisfies readonly (keyof Database)[];
