/** The signals module's public surface: the consult point's signals, their reply channel and decision. */
import type { ModuleRegistration } from '../module-manifest.ts';
import type { HomeContribution } from '../module-manifest.ts';
import { registerReferralRoutes } from './referral.routes.ts';
export { createSignal } from './create-signal.ts';
export { registerSignal } from './register-signal.ts';
export { decideSignal } from './decide-signal.ts';
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
export async function registerSignalsModule(registration: ModuleRegistration): Promise<void> {
  registerReferralRoutes(registration.app, registration.ctx, registration.apiRoutes);
}

/** The consult point's panels of the home page (none yet). */
export const signalsHomePanels: HomeContribution = async () => [];
