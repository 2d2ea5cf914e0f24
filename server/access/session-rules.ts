/**
 * Session and re-authentication limits (docs/security.md "Sessions"): pure rules read by the request
 * pipeline in http/ and by the accounts module, which starts and ends sessions.
 */

/** SECURITY.md: 30 minutes idle, 12 hours absolute. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to spare the database a write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionState = 'valid' | 'idle_expired' | 'absolute_expired';

/** Pure rule: is a session still usable at `now`? */
export function sessionState(session: { last_seen_at: string; expires_at: string }, now: Date): SessionState {
  if (now.getTime() >= Date.parse(session.expires_at)) return 'absolute_expired';
  if (now.getTime() - Date.parse(session.last_seen_at) >= SESSION_IDLE_MS) return 'idle_expired';
  return 'valid';
}

/** A session between password and second factor lives at most this long. */
export const PENDING_SESSION_MS = 10 * 60 * 1000;
/** Administrative pages ask for the password and a code again after this long. */
export const REAUTHENTICATION_MS = 10 * 60 * 1000;

/** Pure rule: is the last sign-in recent enough for administrative work? */
export function isRecentlyAuthenticated(authenticatedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(authenticatedAt) < REAUTHENTICATION_MS;
}
