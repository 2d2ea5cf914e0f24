import type { Role } from './actor.ts';

/**
 * Which network roles do which kind of work (docs/contract.md, "Roles"). One list, read by the case
 * rules (who may be seated on a case), the tables module (who may take which seat) and the screens
 * that offer people to choose — never copied.
 */

/** Only these roles take part in case work; a seat or participation row means nothing without one. */
export const CASE_WORK_ROLES: readonly Role[] = ['coordinator', 'professional'];

/** The roles a user needs for each seat at a partner table. */
export const SEAT_ROLES: Readonly<Record<'key_figure' | 'minute_taker', readonly Role[]>> = {
  key_figure: CASE_WORK_ROLES,
  minute_taker: ['minute_taker'],
};

/** Whether a user with these roles may be seated on a case (as guest, care network or key figure). */
export function mayTakePartInCases(roles: readonly string[]): boolean {
  return roles.some((role) => (CASE_WORK_ROLES as readonly string[]).includes(role));
}
