import type { Locale } from '../platform/config.ts';

/**
 * The local networks work in Belgium: every screen shows times in Brussels time, in the reader's
 * language; stored times stay ISO 8601 UTC. This is the one place for the zone and the display
 * formats: one way to write a day and one way to write a moment per language, on every screen
 * (docs/glossary.md, "Dates and times"):
 *
 *   nl  5 jan 2026      5 jan 2026, 10:00
 *   fr  5 janv. 2026    5 janv. 2026, 10:00
 *   en  5 Jan 2026      5 Jan 2026, 10:00
 *
 * The audit screens add the seconds (`precision: 'second'`): events a second apart must be told apart.
 */
export const NETWORK_TIME_ZONE = 'Europe/Brussels';

const DISPLAY_LOCALES: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** How much of an instant a screen shows: the minute (everyday screens) or the second (audit screens). */
export type TimePrecision = 'minute' | 'second';

const DAY_PARTS = { year: 'numeric', month: 'short', day: 'numeric' } as const satisfies Intl.DateTimeFormatOptions;

/**
 * A numeric date-and-time format in the network's zone for a BCP 47 language tag; for reading the
 * zone's wall clock (offsets), not for display.
 */
export function networkDateTimeFormat(languageTag: string, precision: TimePrecision): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(languageTag, {
    timeZone: NETWORK_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(precision === 'second' && { second: '2-digit' as const }),
  });
}

const formats = new Map<string, Intl.DateTimeFormat>();

function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formats.get(key);
  if (!found) {
    found = make();
    formats.set(key, found);
  }
  return found;
}

function momentFormat(locale: Locale, precision: TimePrecision): Intl.DateTimeFormat {
  return cached(
    `moment:${locale}:${precision}`,
    () =>
      new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], {
        timeZone: NETWORK_TIME_ZONE,
        hourCycle: 'h23',
        ...DAY_PARTS,
        hour: '2-digit',
        minute: '2-digit',
        ...(precision === 'second' && { second: '2-digit' as const }),
      }),
  );
}

function dayFormat(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  return cached(`day:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], { timeZone, ...DAY_PARTS }));
}

/** An ISO instant as a moment (day and time) in the network's zone, in the reader's language: "5 jan 2026, 10:00". */
export function formatLocalTime(isoTime: string, locale: Locale, precision: TimePrecision = 'minute'): string {
  return momentFormat(locale, precision).format(new Date(isoTime));
}

/** A calendar day (`YYYY-MM-DD`) in the reader's language, no zone shift: "5 jan 2026". */
export function formatLocalDay(day: string, locale: Locale): string {
  return dayFormat(locale, 'UTC').format(new Date(`${day}T00:00:00Z`));
}

/** The day (in the network's zone) on which an ISO instant falls, in the reader's language: "5 jan 2026". */
export function formatLocalDayOf(isoTime: string, locale: Locale): string {
  return dayFormat(locale, NETWORK_TIME_ZONE).format(new Date(isoTime));
}

/** The calendar day (`YYYY-MM-DD`) in the network's zone on which an ISO instant falls; for grouping, not display. */
export function networkDay(isoTime: string): string {
  return cached(
    'network-day',
    () => new Intl.DateTimeFormat('en-CA', { timeZone: NETWORK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(new Date(isoTime));
}

/** Only the time of day of an ISO instant, in the network's zone: "10:00" (for a range within one day). */
export function formatLocalClock(isoTime: string, locale: Locale, precision: TimePrecision = 'minute'): string {
  return cached(
    `clock:${locale}:${precision}`,
    () =>
      new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], {
        timeZone: NETWORK_TIME_ZONE,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        ...(precision === 'second' && { second: '2-digit' as const }),
      }),
  ).format(new Date(isoTime));
}
