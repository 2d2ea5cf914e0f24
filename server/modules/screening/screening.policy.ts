import type { Actor } from '../../access/actor.ts';
import { CASE_WORK_ROLES } from '../../access/role-rules.ts';

/**
 * The coordinator goes through an instrument with the reporter, and a reporter is a professional:
 * both may read the instruments (shipped content, no person data) to prepare the conversation.
 * Administrators, analysts, minute takers and the DPO do no screening.
 */
const worksOnCases = (actor: Actor): boolean => CASE_WORK_ROLES.some((role) => actor.roles.has(role));

export const screeningPolicy = {
  screening: { viewInstruments: worksOnCases },
} as const;
