/** The inquiries module's public surface: network inquiries and client registers. */
import type { ModuleRegistration } from '../module-manifest.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerInquiriesModule(registration: ModuleRegistration): Promise<void> {
  void registration;
}
