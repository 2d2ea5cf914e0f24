import type { Locale } from '../platform/config.ts';

/**
 * The local networks work in Belgium: every screen shows times in Brussels time, in the reader's
 * language; stored times stay ISO 8601 UTC. One place for the zone and the display formats.
 */
export const NETWORK_TIME_ZONE = 'Europe/Brussels';

const DISPLAY_LOCALES: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** How much of an instant a screen shows: the minute (case screens) or the second (audit trail). */
export type TimePrecision = 'minute' | 'second';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date-and-time format in the network's zone for a BCP 47 language tag (also used to read zone offsets). */
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

function formatFor(locale: Locale, precision: TimePrecision): Intl.DateTimeFormat {
  const key = `${locale}:${precision}`;
  let found = formats.get(key);
  if (!found) {
    found = networkDateTimeFormat(DISPLAY_LOCALES[locale], precision);
    formats.set(key, found);
  }
  return found;
}

/** An ISO instant as date and time in the network's zone, in the reader's language. */
export function formatLocalTime(isoTime: string, locale: Locale, precision: TimePrecision = 'minute'): string {
  return formatFor(locale, precision).format(new Date(isoTime));
}

/** A calendar day (`YYYY-MM-DD`) as the reader writes dates; no zone shift. */
export function formatLocalDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
