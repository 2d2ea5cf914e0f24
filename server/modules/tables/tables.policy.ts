import { hasRole, type Actor } from '../../access/actor.ts';

const isCoordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');

/**
 * Partner tables are set up and staffed by the coordinator (SECURITY.md "Tables"). Members learn
 * which tables they sit on through their cases and meetings, not through this list.
 */
export const tablesPolicy = {
  tables: { list: isCoordinator, read: isCoordinator, create: isCoordinator, update: isCoordinator, manageMembers: isCoordinator },
} as const;
