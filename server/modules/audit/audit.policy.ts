import { hasRole, type Actor } from '../../access/actor.ts';

const isDpo = (actor: Actor): boolean => hasRole(actor, 'dpo');

/**
 * Who may read the audit trail: the data protection officer only. Administrators manage the network
 * but do not supervise it, so they are not in this rule (SECURITY.md "Audit"). Every read is itself
 * audited by the use case.
 */
export const auditPolicy = {
  events: { list: isDpo },
} as const;
