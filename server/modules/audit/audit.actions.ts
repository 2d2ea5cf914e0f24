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
  'table.created',
  'table.updated',
  'table.member_added',
  'table.member_removed',
  'case.created',
  'case.updated',
  'case.viewed',
  'case.listed',
  'case.searched',
  'case.items_viewed',
  'case.timeline_viewed',
  'case.participant_added',
  'case.participant_removed',
  'case.item_added',
  'case.consent_recorded',
  'case.consent_withdrawn',
  'case.disclosure_raised',
  'case.closed',
  'case.reopened',
  'audit.access_report_viewed',
  'audit.staff_names_revealed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Resource types that events name, with a label `audit.resource.<type>`; others are shown as stored. */
export const AUDIT_RESOURCE_TYPES = [
  'tenant',
  'organisation',
  'user',
  'session',
  'api_token',
  'route',
  'audit_trail',
  'partner_table',
  'case',
  'case_item',
  'case_consent',
  'case_participant',
  'access_report',
] as const;
