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
  /** The last TOTP time step accepted, so a code cannot be replayed in its window. */
  mfa_last_step: number | string | null;
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
  user_agent: string | null;
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

export interface UserTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** `invitation` or `password_reset`. */
  purpose: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInThrottleTable {
  /** `account:<sha256 of email>` or `ip:<address>`; no personal data in clear. */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface AuditEventTable {
  id: string;
  day: string;
  seq: number;
  occurred_at: string;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_roles: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  person_pseudonym: string | null;
  purpose: string | null;
  legal_basis: string | null;
  decision: string;
  request_id: string | null;
  details: string | null;
  mac: string;
}

export interface AuditSegmentTable {
  day: string;
  last_seq: number;
  last_mac: string;
  previous_day: string | null;
  previous_last_mac: string | null;
  mac: string;
}

export interface TenantKeyTable {
  tenant_id: string;
  version: number;
  /** `fields` (encryption of sensitive fields) or `blind_index` (exact-match search). */
  purpose: string;
  /** The data key sealed with the master key; never stored in clear. */
  wrapped_key: string;
  created_at: string;
  retired_at: string | null;
}

export interface Database {
  tenants: TenantTable;
  organisations: OrganisationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  user_tokens: UserTokenTable;
  sign_in_throttles: SignInThrottleTable;
  audit_events: AuditEventTable;
  audit_segments: AuditSegmentTable;
  tenant_keys: TenantKeyTable;
}

/** Tables whose every query must be limited to one tenant (see access/tenant-guard.ts). */
export const TENANT_TABLES: ReadonlySet<string> = new Set([
  'organisations',
  'users',
  'user_roles',
  'recovery_codes',
  'sessions',
  'api_tokens',
  'user_tokens',
  'audit_events',
  'tenant_keys',
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
  'user_tokens',
  'sign_in_throttles',
  'audit_segments',
  'audit_events',
  'tenant_keys',
] as const satisfies readonly (keyof Database)[];
