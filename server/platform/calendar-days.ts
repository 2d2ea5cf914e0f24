import type { Clock } from './clock.ts';

/**
 * Calendar days (`YYYY-MM-DD`) as the local networks count them: in Brussels time, so that a date
 * typed after midnight in Belgium is "today" even while UTC is still on the day before. The zone is
 * the one the screens show times in (server/ui/local-time.ts NETWORK_TIME_ZONE; a test ties the two).
 */
export const CALENDAR_TIME_ZONE = 'Europe/Brussels';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CALENDAR_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in the network's zone. */
export function dayOf(instant: Date): string {
  return dayFormat.format(instant);
}

/** Today, in the network's zone, by the given clock. */
export function today(clock: Clock): string {
  return dayOf(clock.now());
}

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** Whole years from `from` to `on` (both `YYYY-MM-DD`): a person's age on a day; negative when `from` is later. */
export function yearsBetween(from: string, on: string): number {
  const [fy, fm, fd] = parts(from);
  const [y, m, d] = parts(on);
  return y - fy - (m < fm || (m === fm && d < fd) ? 1 : 0);
}
