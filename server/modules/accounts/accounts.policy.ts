import { hasRole, type Actor } from '../../access/actor.ts';

const isAdmin = (actor: Actor): boolean => hasRole(actor, 'admin');
const anyone = (): boolean => true;
/** Tokens are minted only from a browser session that passed the second factor, never by a token. */
const signedInWithSecondFactor = (actor: Actor): boolean => actor.authentication.kind === 'session' && actor.authentication.mfaVerified;

/**
 * Who may manage the local network. Administrators manage organisations and users and see no case
 * content (that is enforced by the case policies, which never mention `admin`). Everyone may read
 * and change their own profile; a personal API token is created only from a browser session after
 * the second factor, so a leaked token cannot multiply itself.
 */
export const accountsPolicy = {
  organisations: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  users: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  me: { read: anyone, update: anyone, createToken: signedInWithSecondFactor },
} as const;
