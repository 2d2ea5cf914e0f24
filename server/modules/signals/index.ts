/** The signals module's public surface: the consult point's signals, their reply channel and decision. */
import type { ModuleRegistration } from '../module-manifest.ts';
import type { HomeContribution } from '../module-manifest.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerSignalsModule(registration: ModuleRegistration): Promise<void> {
  void registration;
}

/** The consult point's panels of the home page (none yet). */
export const signalsHomePanels: HomeContribution = async () => [];
