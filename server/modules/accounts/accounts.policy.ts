import { hasRole, type Actor, type Role } from '../../access/actor.ts';

const isAdmin = (actor: Actor): boolean => hasRole(actor, 'admin');
const anyone = (): boolean => true;
/** Tokens are minted only from a browser session that passed the second factor, never by a token. */
const signedInWithSecondFactor = (actor: Actor): boolean => actor.authentication.kind === 'session' && actor.authentication.mfaVerified;

/**
 * Who may manage the local network. Administrators manage organisations and users and see no case
 * content (that is enforced by the case policies, which never mention `admin`). Everyone may read
 * and change their own profile; a personal API token is created only from a browser session after
 * the second factor, so a leaked token cannot multiply itself; the password is changed only from such
 * a session too (a token never takes over the account).
 */
export const accountsPolicy = {
  organisations: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  users: { list: isAdmin, read: isAdmin, create: isAdmin, update: isAdmin },
  me: { read: anyone, update: anyone, createToken: signedInWithSecondFactor, changePassword: signedInWithSecondFactor },
} as const;

/** Roles that open case content (`minute_taker` through the meetings it is assigned to). */
export const CASE_CONTENT_ROLES: readonly Role[] = ['coordinator', 'professional', 'minute_taker'];
/**
 * Roles that oversee the network and must never reach case content: the administrator (who manages
 * the accounts that decide who sees cases) and the DPO (who audits access and may not browse case
 * content, SECURITY.md). `analyst` sees aggregates only and combines with any role.
 */
export const OVERSIGHT_ROLES: readonly Role[] = ['admin', 'dpo'];

/**
 * Separation of duties: a case role together with `admin` or `dpo` on one account. Administrators and
 * pages refuse it; only the operator CLI grants it, explicitly and audited.
 */
export function combinesOversightWithCaseRole(roles: readonly Role[]): boolean {
  return roles.some((role) => OVERSIGHT_ROLES.includes(role)) && roles.some((role) => CASE_CONTENT_ROLES.includes(role));
}

/**
 * Nobody changes their own roles, status or organisation (an administrator could otherwise give
 * themselves case access). Other fields of one's own account (name, language) stay open.
 */
export function changesOwnStanding(actor: Actor, targetUserId: string, changes: { roles: boolean; status: boolean; organisation: boolean }): boolean {
  return actor.userId === targetUserId && (changes.roles || changes.status || changes.organisation);
}
