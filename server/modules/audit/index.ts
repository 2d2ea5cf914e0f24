/** The audit module's public surface: append events in the caller's transaction or group-committed alone, verify the chain, the DPO's trail and access report. */
import { registerAuditRoutes } from './audit.routes.ts';
import { registerAuditPages } from './audit.pages.tsx';
import type { ModuleRegistration } from '../module-manifest.ts';
export { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES, type AuditAction } from './audit.actions.ts';
export { recordAuditEvent, appendAuditEvent, subjectOf, ANONYMOUS, type AuditEventInput, type AuditSubject } from './record-audit-event.ts';
export { recordDenial, flushDenialCounters, type DenialInput } from './record-denial.ts';
export { verifyAuditChain, type AuditVerification, type ChainVerification } from './verify-audit-chain.ts';
export { AuditLog, AuditLogClosedError, type AuditLogSeams } from './audit-log.ts';
export { deriveAuditKey, verifySegment, type ChainBreak } from './audit-chain.ts';
export { registerAuditRoutes } from './audit.routes.ts';
export { registerAuditPages, AUDIT_PAGE_PATH } from './audit.pages.tsx';
export { viewAuditTrail } from './view-audit-trail.ts';
export { viewAccessReport } from './view-access-report.ts';
export { revealStaffNames } from './reveal-staff-names.ts';
export { ACCESS_REPORT_PAGE_PATH } from './audit.paths.ts';
export { formatAuditTime } from './audit-time.ts';
export type { AccessReport, AccessReportEntry } from './access-report.ts';
export { AUDIT_DECISIONS, AUDIT_PAGE_SIZE, auditQuerySchema, auditEventOutput, type AuditEvent, type AuditFilters } from './audit.schemas.ts';
export { runCrashCycles, type CrashReport } from './crash-driver.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerAuditModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerAuditRoutes(app, ctx, apiRoutes);
  registerAuditPages(app, ctx, cookies);
}
