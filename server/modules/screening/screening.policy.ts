import { hasRole, type Actor } from '../../access/actor.ts';
import { CASE_WORK_ROLES } from '../../access/role-rules.ts';
import type { SignalFacts } from '../signals/index.ts';

/**
 * The coordinator goes through an instrument with the reporter, and a reporter is a professional:
 * both may read the instruments (shipped content, no person data) to prepare the conversation.
 * Administrators, analysts, minute takers and the DPO do no screening.
 */
const worksOnCases = (actor: Actor): boolean => CASE_WORK_ROLES.some((role) => actor.roles.has(role));

/**
 * The screenings of a signal are the consult point's working notes: only the network's coordinator
 * sees them (on a signal in any status). The reporter sees their signal, but not its screenings —
 * for them, as for everyone else, the screenings do not exist (404). Recording one is
 * `signals.screen` (the coordinator, while the signal is open).
 */
const coordinatesSignal = (actor: Actor, facts: SignalFacts): boolean => actor.tenantId === facts.tenantId && hasRole(actor, 'coordinator');

export const screeningPolicy = {
  screening: { viewInstruments: worksOnCases, list: coordinatesSignal },
} as const;
