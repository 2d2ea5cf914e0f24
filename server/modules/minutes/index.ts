/** The minutes module's public surface: meeting mode, notes, decisions, addenda and the minutes of a meeting. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerMinutesPages } from './minutes.pages.tsx';
import { registerMinutesRoutes } from './minutes.routes.ts';
export { viewCaseInMeeting } from './view-case-in-meeting.ts';
export { addMinuteNote, addMinuteDecision } from './add-minute-entry.ts';
export { viewMinutes } from './view-minutes.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerMinutesModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerMinutesRoutes(app, ctx, apiRoutes);
  registerMinutesPages(app, ctx, cookies);
}
