import ical, { ICalEventStatus } from 'ical-generator';
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
  calendar.timezone(zone);
  calendar.createEvent({
    id: `${meeting.id}@partnertafel`,
    sequence: meeting.version - 1,
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
