/**
 * The closed list of audited actions. An event records who, what, on which resource, why and the
 * decision — never content values (field names only, in `details.fields`).
 */
export const AUDIT_ACTIONS = [
  'tenant.created',
  'organisation.created',
  'organisation.updated',
  'user.created',
  'user.updated',
  'user.invited',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.mfa_enrolled',
  'auth.mfa_reset',
  'auth.recovery_code_used',
  'auth.password_set',
  'auth.password_reset_requested',
  'auth.session_ended',
  'auth.token_created',
  'auth.token_revoked',
  'access.denied',
  'audit.viewed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Resource types that events name, with a label `audit.resource.<type>`; others are shown as stored. */
export const AUDIT_RESOURCE_TYPES = ['tenant', 'organisation', 'user', 'session', 'api_token', 'route', 'audit_trail'] as const;
