/** The audit module's public surface: append events in the caller's transaction, verify the chain. */
export { AUDIT_ACTIONS, type AuditAction } from './audit.actions.ts';
export { recordAuditEvent, subjectOf, ANONYMOUS, type AuditEventInput, type AuditSubject } from './record-audit-event.ts';
export { verifyAuditChain, type AuditVerification } from './verify-audit-chain.ts';
export { deriveAuditKey, verifySegment, type ChainBreak } from './audit-chain.ts';
