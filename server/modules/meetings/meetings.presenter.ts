import type { MeetingRow, ScheduleRow } from './meetings.queries.ts';
import type { Meeting, Schedule } from './meetings.schemas.ts';
import type { MeetingKind, MeetingStatus } from './meetings.vocabulary.ts';

/** Row → API shape. The tenant and the creator stay out of every answer. */
export function presentMeeting(row: MeetingRow, tableName: string, timeZone: string): Meeting {
  return {
    id: row.id,
    tableId: row.table_id,
    tableName,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone,
    kind: row.kind as MeetingKind,
    status: row.status as MeetingStatus,
    version: Number(row.version),
    calendarSequence: Number(row.calendar_sequence),
    createdAt: row.created_at,
  };
}

export function presentSchedule(row: ScheduleRow): Schedule {
  return {
    tableId: row.table_id,
    rrule: row.rrule,
    localStartTime: row.local_start_time,
    durationMinutes: Number(row.duration_minutes),
    timeZone: row.time_zone,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}
