import ical, { ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { wallClockText } from './meeting-times.ts';
import type { Meeting } from './meetings.schemas.ts';
import { viewMeeting } from './view-meeting.ts';

/** The title of a meeting in calendars and file names: the table's name and the word "meeting", nothing else. */
export const calendarTitle = (meeting: Meeting, word: string): string => `${meeting.tableName} – ${word}`;

/**
 * One meeting as an iCalendar file (ical-generator): the title is the table's name and the word
 * "meeting" in the reader's language — never case content; the UID is the meeting's id, so a
 * re-import updates the same calendar entry; start and end carry the TZID of the network's zone,
 * written as that zone's wall clock. Audited as a read of the meeting (`meeting.viewed`, part calendar).
 */
export async function exportMeetingCalendar(
  options: { meetingId: string; meetingWord: string },
  actor: Actor,
  ctx: AppContext,
): Promise<{ ics: string; meeting: Meeting }> {
  const meeting = await viewMeeting({ meetingId: options.meetingId, part: 'calendar' }, actor, ctx);
  const zone = meeting.timeZone;
  const calendar = ical({ prodId: { company: 'Partnertafel', product: 'meetings' } });
  // RFC 5545 wants a VTIMEZONE for every TZID used: the zone's rules from a maintained library.
  calendar.timezone({ name: zone, generator: vtimezoneOf });
  calendar.createEvent({
    id: `${meeting.id}@partnertafel`,
    sequence: meeting.calendarSequence,
    // The wall clock as text without a zone: ical-generator writes it as given, after TZID=<zone>.
    start: wallClockText(new Date(meeting.startsAt), zone),
    end: wallClockText(new Date(meeting.endsAt), zone),
    timezone: zone,
    stamp: new Date(meeting.createdAt),
    summary: calendarTitle(meeting, options.meetingWord),
    status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return { ics: calendar.toString(), meeting };
}

/** The VTIMEZONE block of an IANA zone (timezones-ical-library); null lets the file go without it. */
function vtimezoneOf(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' && block[0].startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
}
