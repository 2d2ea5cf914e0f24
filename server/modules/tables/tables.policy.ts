import { hasRole, type Actor } from '../../access/actor.ts';
import type { TableMemberRole } from './tables.schemas.ts';

const isCoordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');

/**
 * Partner tables are set up and staffed by the coordinator (SECURITY.md "Tables"). Members learn
 * which tables they sit on through their cases and meetings, not through this list.
 */
export const tablesPolicy = {
  tables: { list: isCoordinator, read: isCoordinator, create: isCoordinator, update: isCoordinator, manageMembers: isCoordinator },
} as const;

/**
 * Who may read a table's governance (its history of purpose, legal framework and modalities): the
 * coordinator, and everyone who sits at the table right now, key figure or minute taker — they work
 * under its rules. `seats` are the actor's own roles on that table.
 */
export function mayReadTableGovernance(actor: Actor, seats: readonly TableMemberRole[]): boolean {
  return isCoordinator(actor) || seats.length > 0;
}

/**
 * Who confirms a table's modalities: whoever sits at the table (key figure or minute taker) — they
 * work under its rules. The coordinator confirms only where they sit themselves.
 */
export function mayConfirmModalities(seats: readonly TableMemberRole[]): boolean {
  return seats.length > 0;
}

/** Who sees, per member, whether they confirmed the current modalities: the coordinator. */
export function maySeeModalityConfirmations(actor: Actor): boolean {
  return isCoordinator(actor);
}
