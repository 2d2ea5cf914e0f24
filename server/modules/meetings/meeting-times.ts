import rrule from 'rrule';

// rrule ships CommonJS for Node: its named exports are reached through the default export.
const { RRule } = rrule;

/*
 * Meeting times, as pure functions: a table's recurrence rule is expanded in the wall clock of its
 * zone (rrule, with "floating" dates whose UTC fields are the local date and time), and each local
 * start is then turned into a UTC instant with the zone's offset on that day (Intl). So "first Monday
 * of the month at 09:00, Europe/Brussels" is 08:00Z in winter and 07:00Z in summer.
 */

/** The parts of a recurrence rule a schedule may use: the time of day comes from the schedule itself. */
const ALLOWED_FREQUENCIES = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
const REFUSED_PARTS = ['byhour', 'byminute', 'bysecond', 'dtstart', 'until', 'count', 'tzid'] as const;

/** Whether a text is an RRULE a schedule accepts (FREQ daily…yearly, no time, start, end or count parts). */
export function isScheduleRule(text: string): boolean {
  if (!/^[A-Z0-9=;,+-]+$/.test(text) || text.startsWith('RRULE:') || text.includes('DTSTART')) return false;
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) return false;
    if (REFUSED_PARTS.some((part) => options[part] !== undefined && options[part] !== null)) return false;
    // One expansion proves the rule yields a date at all (e.g. BYMONTHDAY=31;BYMONTH=2 never does).
    return new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) }).after(new Date(Date.UTC(2026, 0, 1)), true) !== null;
  } catch {
    return false;
  }
}

/** Whether a text is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();
function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(zone, format);
  }
  return format;
}

/** The wall clock of an instant in a zone, as milliseconds of a "floating" UTC date. */
export function wallClockOf(instant: Date, zone: string): number {
  const parts = Object.fromEntries(
    wallFormat(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The wall clock of an instant in a zone as `YYYY-MM-DDTHH:MM:SS` (no zone designator). */
export function wallClockText(instant: Date, zone: string): string {
  return new Date(wallClockOf(instant, zone)).toISOString().slice(0, 19);
}

/**
 * The UTC instant of a wall-clock time in a zone. A wall time that does not exist (the hour skipped
 * in spring) moves forward by the gap; a wall time that happens twice (autumn) is the later one.
 */
export function instantOfWallClock(wallMs: number, zone: string): Date {
  const offsetAt = (instantMs: number) => wallClockOf(new Date(instantMs), zone) - instantMs;
  const first = wallMs - offsetAt(wallMs);
  return new Date(wallMs - offsetAt(first));
}

export interface ScheduleRule {
  /** RRULE text without DTSTART, e.g. `FREQ=MONTHLY;BYDAY=1MO`. */
  readonly rrule: string;
  /** `HH:MM`, wall clock in `timeZone`. */
  readonly localStartTime: string;
  readonly durationMinutes: number;
  readonly timeZone: string;
}

export interface ProposedMeeting {
  /** ISO 8601 UTC. */
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * The next `count` meetings of a schedule that start after `after`: the rule is expanded from the
 * local day of `after` at the local start time, in the schedule's zone.
 */
export function proposeMeetings(rule: ScheduleRule, after: Date, count: number): ProposedMeeting[] {
  const [hours, minutes] = rule.localStartTime.split(':').map(Number) as [number, number];
  const localNow = new Date(wallClockOf(after, rule.timeZone));
  const dtstart = new Date(Date.UTC(localNow.getUTCFullYear(), localNow.getUTCMonth(), localNow.getUTCDate(), hours, minutes));
  const recurrence = new RRule({ ...RRule.parseString(rule.rrule), dtstart });
  const proposals: ProposedMeeting[] = [];
  // Floating local starts, in order; a day before `after` (today, earlier than now) is skipped.
  recurrence.all((local, index) => {
    if (index > count + 1 || proposals.length >= count) return false;
    const start = instantOfWallClock(local.getTime(), rule.timeZone);
    if (start.getTime() > after.getTime()) {
      proposals.push({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + rule.durationMinutes * 60_000).toISOString() });
    }
    return proposals.length < count;
  });
  return proposals;
}
