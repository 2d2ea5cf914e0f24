/** The feedback module's public surface: the feedback form to the police, with the consensus of all present. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerFeedbackPages } from './feedback.pages.tsx';
import { registerFeedbackRoutes } from './feedback.routes.ts';
export { mayQuoteInFeedback, quoteRefusal, consensusOf } from './feedback.policy.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerFeedbackModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerFeedbackRoutes(app, ctx, apiRoutes);
  registerFeedbackPages(app, ctx, cookies);
}
