import { defineModule } from '../module-manifest.ts';
import { accountsPolicy } from './accounts.policy.ts';

/** The accounts module: tenants, organisations, users and roles, sign-in, sessions, API tokens. */
export const accountsModule = defineModule({
  name: 'accounts',
  policy: accountsPolicy,
  tables: [
    'tenants',
    'organisations',
    'users',
    'user_roles',
    'recovery_codes',
    'sessions',
    'api_tokens',
    'user_tokens',
    'sign_in_throttles',
    'installation_claims',
  ],
  tenantTables: ['organisations', 'users', 'user_roles', 'recovery_codes', 'sessions', 'api_tokens', 'user_tokens'],
  auditActions: [
    'tenant.created',
    'organisation.created',
    'organisation.updated',
    'user.created',
    'user.updated',
    'user.invited',
    'user.roles_combined_by_operator',
    'auth.sign_in',
    'auth.sign_in_failed',
    'auth.mfa_enrolled',
    'auth.mfa_reset',
    'auth.recovery_code_used',
    'auth.password_set',
    'auth.password_changed',
    'auth.password_reset_requested',
    'auth.session_ended',
    'auth.token_created',
    'auth.token_revoked',
  ],
  auditResourceTypes: ['tenant', 'organisation', 'user', 'session', 'api_token'],
  register: async (registration) => (await import('./index.ts')).registerAccountsModule(registration),
  home: async () => (await import('./index.ts')).accountsHomePanels,
});
