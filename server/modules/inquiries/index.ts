/** The inquiries module's public surface: network inquiries and client registers. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerClientRegisterRoutes } from './client-register.routes.ts';
import { registerClientRegisterPages } from './client-register.pages.tsx';
export { replaceClientRegister } from './replace-client-register.ts';
export { viewClientRegister } from './view-client-register.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerInquiriesModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerClientRegisterRoutes(app, ctx, apiRoutes);
  registerClientRegisterPages(app, ctx, cookies);
}
