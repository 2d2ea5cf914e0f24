import { hasRole, type Actor } from '../../access/actor.ts';

const isDpo = (actor: Actor): boolean => hasRole(actor, 'dpo');

/**
 * Who may read the audit trail: the data protection officer only. Administrators manage the network
 * but do not supervise it, so they are not in this rule (SECURITY.md "Audit"). Every read is itself
 * audited by the use case.
 *
 * - `list`: page through the trail (`/audit`, `GET /api/v1/audit/events`);
 * - `accessReport`: the who-saw-what report of one case, without staff names (CJEU C-579/21);
 * - `revealStaff`: the same report with staff names, on a recorded and justified decision.
 */
export const auditPolicy = {
  events: { list: isDpo, accessReport: isDpo, revealStaff: isDpo },
} as const;
