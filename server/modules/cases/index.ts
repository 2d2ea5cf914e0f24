/** The cases module's public surface: cases, participants, information items, consents, identity, timeline. */
import { registerCaseRoutes } from './cases.routes.ts';
import { registerCasePages } from './cases.pages.tsx';
import { registerCaseConfirmationPages } from './case-confirmations.pages.tsx';
import { registerHandoverJobHandler } from './handover-job.ts';
import type { ModuleRegistration } from '../module-manifest.ts';
export { registerCaseRoutes } from './cases.routes.ts';
export { registerCasePages } from './cases.pages.tsx';
export { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
export { createCase } from './create-case.ts';
export { addParticipant, removeParticipant } from './manage-participants.ts';
export { addItem } from './add-item.ts';
export { recordConsent, withdrawConsent } from './manage-consents.ts';
export { closeCase, reopenCase, raiseDisclosure } from './change-case-state.ts';
export { listItems, presentItems } from './list-items.ts';
// One information item as the case page shows it (meeting mode shows the briefing the same way).
export { Item as CaseItem } from './case-items.views.tsx';
// The door to case content, for every module that reads it (meetings, referrals, exports).
export {
  readCase,
  openCase,
  readCaseInMeeting,
  openCaseInMeeting,
  registerMeetingPassageSource,
  type MeetingPassageSource,
  type AuditedCaseRead,
  type CaseAccess,
} from './case-door.ts';
export { MEETING_PURPOSES, type MeetingPassage, type MeetingPurpose } from './cases.policy.ts';
export { CASE_READ_KINDS, CASE_TABS, MODULE_CASE_TABS, MEETING_READ_KINDS, type CaseReadKind } from './case-read-parts.ts';
export { participatingOrganisations } from './case-participants.queries.ts';
export { accessPurpose } from './cases.policy.ts';
export { readCaseReference } from './cases.queries.ts';
export { caseWithAbilities } from './view-case.ts';
export { participantViews, consentViews } from './view-case-people.ts';
export { presentTimeline } from './view-timeline.ts';
export { viewCase } from './view-case.ts';
export { listCases } from './list-cases.ts';
export { visibleCaseIds } from './case-list.queries.ts';
export { tableCasesForAgenda, ownerAndReferrerOrganisations, type AgendaCase } from './agenda-candidates.queries.ts';
export { isMinor, AGE_OF_MAJORITY, type TableAudience } from './date-rules.ts';
export { casesHomePanels, UNTOUCHED_DAYS } from './home-panels.ts';
export { CASE_HANDOVER_SCAN_JOB, ensureHandoverScans, scanHandovers, scheduleHandoverScan } from './handover-job.ts';
export { rotateFieldKeys, DEFAULT_ROTATION_BATCH_SIZE, type FieldKeyRotation, type RotationProgress } from './rotate-field-keys.ts';
export * from './cases.vocabulary.ts';
export * from './cases.schemas.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerCasesModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerCaseRoutes(app, ctx, apiRoutes);
  registerCasePages(app, ctx, cookies);
  registerCaseConfirmationPages(app, ctx, cookies);
  registerHandoverJobHandler();
}
