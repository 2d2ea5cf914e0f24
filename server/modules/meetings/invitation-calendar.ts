import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { calendarTitle } from './export-meeting-calendar.ts';
import { wallClockText } from './meeting-times.ts';
import type { Meeting } from './meetings.schemas.ts';

/** The UID of a meeting in every calendar file (the same as `calendar.ics`): a re-import updates the entry. */
export const meetingUid = (meetingId: string): string => `${meetingId}@partnertafel`;

/**
 * The SEQUENCE of a meeting's calendar entry, as in `calendar.ics`: raised by moving or cancelling
 * the meeting only — starting and closing it are no change of the appointment.
 */
export const meetingSequence = (meeting: Pick<Meeting, 'calendarSequence'>): number => meeting.calendarSequence;

export interface CalendarOptions {
  /** The network's zone: every DTSTART/DTEND carries its TZID, and its VTIMEZONE is written. */
  readonly zone: string;
  /** The word "meeting" in the reader's language (the title is the table's name and this word). */
  readonly meetingWord: string;
  /**
   * `request`: an invitation (RFC 5546 METHOD:REQUEST, one event, organiser and attendee); `cancel`:
   * its cancellation (METHOD:CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED); `publish`: a feed.
   */
  readonly method: 'request' | 'cancel' | 'publish';
  readonly organizer?: { readonly name: string; readonly email: string };
  readonly attendeeEmail?: string;
  /** The calendar's name in calendar programs (feeds). */
  readonly name?: string;
}

/**
 * Meetings as one iCalendar file (ical-generator). Titles only: the table's name and the word
 * "meeting" — never case content, the table's purpose or who attends; UID and SEQUENCE as in the
 * meeting's own `calendar.ics`; start and end as the network's wall clock after `TZID=<zone>`, with
 * that zone's VTIMEZONE (timezones-ical-library).
 */
export function meetingsCalendar(meetings: readonly Meeting[], options: CalendarOptions): string {
  const calendar = ical({
    prodId: { company: 'Partnertafel', product: 'meetings' },
    method:
      options.method === 'request'
        ? ICalCalendarMethod.REQUEST
        : options.method === 'cancel'
          ? ICalCalendarMethod.CANCEL
          : ICalCalendarMethod.PUBLISH,
    ...(options.name ? { name: options.name } : {}),
  });
  calendar.timezone({ name: options.zone, generator: vtimezoneOf });
  if (options.method === 'publish') calendar.ttl(60 * 60);
  for (const meeting of meetings) {
    calendar.createEvent({
      id: meetingUid(meeting.id),
      sequence: meetingSequence(meeting),
      start: wallClockText(new Date(meeting.startsAt), options.zone),
      end: wallClockText(new Date(meeting.endsAt), options.zone),
      timezone: options.zone,
      stamp: new Date(meeting.createdAt),
      summary: calendarTitle(meeting, options.meetingWord),
      status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(options.organizer ? { organizer: { name: options.organizer.name, email: options.organizer.email } } : {}),
      ...(options.attendeeEmail
        ? { attendees: [{ email: options.attendeeEmail, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }] }
        : {}),
    });
  }
  return calendar.toString();
}

/** The VTIMEZONE block of an IANA zone (timezones-ical-library); null lets the file go without it. */
function vtimezoneOf(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' && block[0].startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
}
