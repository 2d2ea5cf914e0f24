import { MODULE_AUDIT_ACTIONS, MODULE_AUDIT_RESOURCE_TYPES } from '../modules.ts';

/**
 * The closed list of audited actions, gathered from every module's manifest (each module declares its
 * own part of the vocabulary). An event records who, what, on which resource, why and the
 * decision — never content values (field names only, in `details.fields`).
 */
export const AUDIT_ACTIONS = MODULE_AUDIT_ACTIONS;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Resource types that events name, with a label `audit.resource.<type>`; others are shown as stored. */
export const AUDIT_RESOURCE_TYPES = MODULE_AUDIT_RESOURCE_TYPES;
