import type { Locale } from '../../platform/config.ts';
import { formatLocalTime, NETWORK_TIME_ZONE, networkDateTimeFormat } from '../../ui/local-time.ts';

/**
 * The local networks work in Belgium: the audit pages show times, and read "from/to" days, in this
 * zone, so an event shown at 00:30 on 2 March is found by the filter "from 2 March". Stored times
 * stay ISO 8601 UTC.
 */
export const AUDIT_TIME_ZONE = NETWORK_TIME_ZONE;

const zoneParts = networkDateTimeFormat('en-US', 'second');

/** Milliseconds the zone is ahead of UTC at a UTC instant. */
function zoneOffset(utcMs: number): number {
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(zoneParts.formatToParts(new Date(utcMs)).find((entry) => entry.type === type)!.value);
  const wallClockAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClockAsUtc - Math.floor(utcMs / 1000) * 1000;
}

function utcMidnight(date: string, addDays = 0): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day + addDays);
}

/** The UTC instant (ISO text) at which a calendar day (YYYY-MM-DD) starts in the audit zone. */
export function startOfZonedDay(date: string, addDays = 0): string {
  const wallClock = utcMidnight(date, addDays);
  // Two passes: the offset at the guessed instant may differ from the one at the true instant (DST).
  const guess = wallClock - zoneOffset(wallClock);
  return new Date(wallClock - zoneOffset(guess)).toISOString();
}

/** An ISO time as people in the network read it: date and time to the second in the audit zone, in their language. */
export function formatAuditTime(isoTime: string, locale: Locale): string {
  return formatLocalTime(isoTime, locale, 'second');
}
