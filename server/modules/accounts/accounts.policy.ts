import { hasRole, type Actor } from '../../access/actor.ts';

const isAdmin = (actor: Actor): boolean => hasRole(actor, 'admin');
const anyone = (): boolean => true;

/**
 * Who may manage the local network. Administrators manage organisations and users and see no case
 * content (that is enforced by the case policies, which never mention `admin`). Everyone may read
 * and change their own profile.
 */
export const accountsPolicy = {
  organisations: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  users: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  me: { read: anyone, update: anyone },
} as const;
