/** The accounts module's public surface: tenants, organisations, users, sessions, API tokens. */
import { registerAccountRoutes } from './accounts.routes.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import type { ModuleRegistration } from '../module-manifest.ts';
import type { FastifyInstance } from 'fastify';
import type { CookiePolicy } from '../../http/cookies.ts';
import type { AppContext } from '../../context.ts';
import { registerOrganisationPages } from './organisations.pages.tsx';
import { registerSessionPages } from './session.pages.tsx';
import { registerSignInPages } from './sign-in.pages.tsx';
import { registerPasswordPages } from './password.pages.tsx';
import { registerAccountSelfPages } from './account.pages.tsx';
import { registerAccountProfilePages } from './account-profile.pages.tsx';
import { registerAccountConfirmationPages } from './account-confirmations.pages.tsx';
import { registerUserPages } from './users.pages.tsx';

export { registerAccountRoutes } from './accounts.routes.ts';
export { registerAuthRoutes } from './auth.routes.ts';
export { registerSetupPages, newSetupState, type SetupState } from './setup.pages.tsx';
export { createOrganisation } from './create-organisation.ts';
export { updateOrganisation } from './update-organisation.ts';
export { createUser, type CreatedUser } from './create-user.ts';
export { updateUser } from './update-user.ts';
export { createApiToken } from './create-api-token.ts';
export { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from './api-token-lifetime.ts';
export { sendInvitation } from './send-invitation.ts';
export { resetSecondFactor } from './reset-second-factor.ts';
export { createTenant } from './create-tenant.ts';
export { signInWithPassword, chooseSignInNetwork, SIGN_IN_HASH_SLOTS, type PasswordStep, type NetworkChoice } from './sign-in-with-password.ts';
export { completeSecondFactor } from './complete-second-factor.ts';
export { matchingTotpStep } from './second-factor.ts';
export { setUpFirstTenant } from './set-up-first-tenant.ts';
export { getMe } from './get-me.ts';
export { accountsHomePanels } from './home-panel.ts';
export { totpFor } from './mfa.ts';
export { writePublicConsultForm } from './tenant-settings.queries.ts';
export { activeProfessionalsOf } from './accounts.queries.ts';
export * from './accounts.schemas.ts';

/** All HTML pages of the module. */
export function registerAccountPages(
  app: FastifyInstance,
  ctx: AppContext,
  cookies: CookiePolicy,
  homePanels: ModuleRegistration['homePanels'],
): void {
  const deps = { ctx, cookies };
  registerSessionPages(app, deps, homePanels);
  registerSignInPages(app, deps);
  registerPasswordPages(app, deps);
  registerAccountSelfPages(app, deps);
  registerAccountProfilePages(app, deps);
  registerAccountConfirmationPages(app, deps);
  registerOrganisationPages(app, deps);
  registerUserPages(app, deps);
}

/** Registers the module's API routes and pages (called through its manifest); the setup pages are the app's. */
export async function registerAccountsModule({ app, ctx, cookies, apiRoutes, homePanels }: ModuleRegistration): Promise<void> {
  registerAccountRoutes(app, ctx, apiRoutes);
  registerAuthRoutes(app, ctx, cookies, apiRoutes);
  registerAccountPages(app, ctx, cookies, homePanels);
}
