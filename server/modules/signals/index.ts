/** The signals module's public surface: the consult point's signals, their reply channel and decision. */
import type { ModuleRegistration } from '../module-manifest.ts';
import type { HomeContribution } from '../module-manifest.ts';
import { signalsHomePanels as homePanels } from './home-panels.ts';
import { registerSignalChannel } from './signal-messages.pages.tsx';
import { registerSignalPages } from './signals.pages.tsx';
import { registerReferralPages } from './referral.pages.tsx';
import { registerReferralRoutes } from './referral.routes.ts';
import { registerSignalRoutes } from './signals.routes.ts';
export { createSignal } from './create-signal.ts';
export { registerSignal } from './register-signal.ts';
export { decideSignal } from './decide-signal.ts';
export { sendSignalMessage } from './send-signal-message.ts';
export { referSignal } from './refer-signal.ts';
export { listSignals } from './list-signals.ts';
export { viewSignal } from './view-signal.ts';
export { presentSignal, waitingDays } from './signals.presenter.ts';
// The frame of a signal's page: every tab's owner renders its page with SignalPage and registers it at /signals/:id/<tab>.
export { SignalPage, SignalTabs } from './signal-page.views.tsx';
export { SIGNAL_TABS, REPORTER_TABS, signalTabsFor, signalTabPath, requireSignalTab, type SignalTab } from './signal-tabs.ts';
// The door to a signal's content, for every module that reads or changes a signal (messages, screening, inquiries, referral).
export {
  openSignal,
  readSignal,
  requireOnSignal,
  signalSubject,
  signalDescription,
  signalDecisionRationale,
  auditSubjectFor,
  signalAuditEvent,
  markInConsultation,
  SIGNAL_READ_PARTS,
  type SignalAccess,
  type AuditedSignalRead,
  type SignalReadPart,
  type SignalAction,
  type SignalRecordAction,
} from './signal-door.ts';
export { reporterLookupOf, reporterLookupsOf } from './signal-crypto.ts';
export { mailReporterNews, mailCoordinatorsNewSignal } from './signal-mail.ts';
export { changeSignalRow, insertSignalMessage, type SignalRow, type SignalChange } from './signals.queries.ts';
export * from './signals.vocabulary.ts';
export * from './signals.schemas.ts';
export { signalRelation, signalPurpose, type SignalFacts, type SignalRelation } from './signals.policy.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerSignalsModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerSignalRoutes(app, ctx, apiRoutes);
  registerSignalPages(app, ctx, cookies);
  registerSignalChannel({ app, ctx, cookies, apiRoutes });
  registerReferralRoutes(app, ctx, apiRoutes);
  registerReferralPages(app, ctx, cookies);
}

/** The consult point's panels of the home page: open signals (coordinator), my signals (professional). */
export const signalsHomePanels: HomeContribution = homePanels;
