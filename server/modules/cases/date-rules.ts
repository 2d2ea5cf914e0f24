import type { FieldIssue } from '../../platform/errors.ts';
import { yearsBetween } from '../../platform/calendar-days.ts';
import type { AgeBand } from './cases.vocabulary.ts';

/**
 * Dates of a case that must make sense (issue 10, "dates that make sense"). Pure: each takes the day
 * to judge by (today in Brussels, see platform/calendar-days.ts) and answers the field problems it
 * finds, with i18n keys the forms and the API show next to the field.
 */

/** No one on a case was born more than this many years ago. */
export const OLDEST_PLAUSIBLE_AGE = 120;

/** Who a partner table discusses (tables.audience): minors are under 18 on the referral date, adults 18 and older. */
export type TableAudience = 'minors' | 'adults';
export const AGE_OF_MAJORITY = 18;

const MINOR_BANDS: ReadonlySet<AgeBand> = new Set(['0-11', '12-15', '16-17']);

/** A birth date is never after today and never more than 120 years before it. */
export function birthDateProblems(path: string, birthDate: string | undefined, today: string): FieldIssue[] {
  if (birthDate === undefined) return [];
  if (birthDate > today) return [{ path, messageKey: 'validation.date.birth_in_future' }];
  if (yearsBetween(birthDate, today) > OLDEST_PLAUSIBLE_AGE)
    return [{ path, messageKey: 'validation.date.birth_too_old', values: { years: OLDEST_PLAUSIBLE_AGE } }];
  return [];
}

/** Whether a person is a minor: by the birth date on the referral day, else by the age band; null when neither is known. */
export function isMinor(person: { birthDate?: string; ageBand?: AgeBand }, referralDay: string): boolean | null {
  if (person.birthDate !== undefined) return yearsBetween(person.birthDate, referralDay) < AGE_OF_MAJORITY;
  if (person.ageBand !== undefined) return MINOR_BANDS.has(person.ageBand);
  return null;
}

/**
 * The subject's age on the referral day must fit the table's audience, unless the coordinator gives a
 * reason for the exception. The problem sits on the field the age came from (birth date, else age
 * band); an unknown age fits every table.
 */
export function ageProblems(
  subject: { birthDate?: string; ageBand?: AgeBand },
  table: { audience: TableAudience },
  referralDay: string,
  exceptionReason: string | undefined,
): FieldIssue[] {
  if (!ageMisfits(subject, table, referralDay) || (exceptionReason !== undefined && exceptionReason !== '')) return [];
  const path = subject.birthDate !== undefined ? 'subject.birthDate' : 'subject.ageBand';
  return [{ path, messageKey: `validation.case.age_outside_table_${table.audience}` }];
}

/** True when the subject's age is known and does not fit the table's audience. */
export function ageMisfits(subject: { birthDate?: string; ageBand?: AgeBand }, table: { audience: TableAudience }, referralDay: string): boolean {
  const minor = isMinor(subject, referralDay);
  if (minor === null) return false;
  return table.audience === 'minors' ? !minor : minor;
}

/**
 * The day a person born on `birthDate` turns 18 (`YYYY-MM-DD`): the same month and day 18 years on;
 * for a birthday on 29 February in a year without it, 1 March (the first day `yearsBetween` counts 18).
 */
export function majorityDay(birthDate: string): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const target = year + AGE_OF_MAJORITY;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  if (month === 2 && day === 29 && !leap) return `${target}-03-01`;
  return `${target}${birthDate.slice(4)}`;
}
