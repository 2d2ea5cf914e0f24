import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { AGENDA_REASONS } from './agenda-order.ts';
import { ATTENDANCE_STATUSES } from './attendance.vocabulary.ts';
import { isScheduleRule, isTimeZone } from './meeting-times.ts';
import { DEFAULT_PROPOSALS, MAX_PROPOSALS, MEETING_CANCEL_REASONS, MEETING_KINDS, MEETING_STATUSES } from './meetings.vocabulary.ts';

const rrule = text()
  .trim()
  .min(1)
  .max(200)
  .refine(isScheduleRule, { message: 'validation.meeting_rule_invalid' })
  .describe('An iCalendar RRULE without DTSTART, UNTIL, COUNT or time parts, e.g. FREQ=MONTHLY;BYDAY=1MO (first Monday of the month)');
const localStartTime = text()
  .trim()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'validation.meeting_time_invalid' })
  .describe('Start time on the wall clock of the time zone, HH:MM (24 hours)');
const durationMinutes = z.coerce.number().int().min(15).max(480).describe('Length of a meeting in minutes, 15 to 480');
const timeZone = text()
  .trim()
  .max(64)
  .refine(isTimeZone, { message: 'validation.meeting_time_zone_invalid' })
  .describe('IANA time zone; without it the network’s zone (Europe/Brussels unless set otherwise)');

export const scheduleInputSchema = z
  .strictObject({ rrule, localStartTime, durationMinutes, timeZone: timeZone.optional() })
  .describe('The recurrence of a table’s meetings');

export const proposalsQuerySchema = z.strictObject({
  count: z.coerce.number().int().min(1).max(MAX_PROPOSALS).default(DEFAULT_PROPOSALS).describe(`How many coming meetings, 1 to ${MAX_PROPOSALS}`),
});

const isoInstant = text()
  .trim()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'validation.meeting_start_invalid',
  });

export const meetingCreateSchema = z
  .strictObject({
    startsAt: isoInstant.describe('When the meeting starts: an ISO 8601 instant with Z or an offset'),
    kind: z.enum(MEETING_KINDS).default('regular').describe('regular (default) or interim'),
    durationMinutes: durationMinutes.optional().describe('Length in minutes; without it the schedule’s length, else 120'),
  })
  .describe('A meeting of a partner table');

export const meetingChangeSchema = z
  .strictObject({
    startsAt: isoInstant.describe('The new start: an ISO 8601 instant with Z or an offset'),
    endsAt: isoInstant.optional().describe('The new end; without it the meeting keeps its length'),
  })
  .describe('A planned meeting moved to another date or time');

export const meetingCancelSchema = z
  .strictObject({
    reason: z.enum(MEETING_CANCEL_REASONS).optional().describe('Why: no_cases, no_quorum, holiday or other (a code, never free text)'),
  })
  .describe('The cancellation of a planned meeting');

// Output shapes, for the OpenAPI description.
export const scheduleOutput = z.object({
  tableId: z.string(),
  rrule: z.string(),
  localStartTime: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const proposalOutput = z.object({
  startsAt: z.string().describe('ISO 8601 UTC'),
  endsAt: z.string().describe('ISO 8601 UTC'),
  localStart: z.string().describe('The start on the wall clock of the schedule’s zone, YYYY-MM-DDTHH:MM:SS'),
  planned: z.boolean().describe('A meeting of the table already starts at this instant'),
});

export const meetingOutput = z.object({
  id: z.string(),
  tableId: z.string(),
  tableName: z.string(),
  startsAt: z.string().describe('ISO 8601 UTC'),
  endsAt: z.string().describe('ISO 8601 UTC'),
  timeZone: z.string().describe('The network’s zone, in which screens and calendar files show the times'),
  kind: z.enum(MEETING_KINDS),
  status: z.enum(MEETING_STATUSES),
  version: z.number().int(),
  calendarSequence: z
    .number()
    .int()
    .describe('The SEQUENCE of its calendar entry: goes up when the meeting is moved or cancelled, not when it starts or closes'),
  createdAt: z.string(),
});

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;
export type MeetingCreate = z.infer<typeof meetingCreateSchema>;
export type MeetingChange = z.infer<typeof meetingChangeSchema>;
export type MeetingCancel = z.infer<typeof meetingCancelSchema>;
export type Schedule = z.infer<typeof scheduleOutput>;
export type Proposal = z.infer<typeof proposalOutput>;
export type Meeting = z.infer<typeof meetingOutput>;

// Attestation, agenda and attendance (issue 12).
export const agendaItemCreateSchema = z
  .strictObject({ caseId: text().trim().min(1).max(36).describe('An open case of the meeting’s table') })
  .describe('A case to add at the end of the agenda');

export const agendaOrderSchema = z
  .strictObject({
    itemIds: z.array(text().trim().min(1).max(36)).max(500).describe('Every item id of the agenda exactly once, in the new order'),
  })
  .describe('The new order of the agenda');

export const agendaMoveSchema = z.strictObject({ direction: z.enum(['up', 'down']).describe('One place up or down') });

export const attendanceInputSchema = z
  .strictObject({
    userId: text().trim().min(1).max(36).describe('A member of the meeting’s table'),
    status: z.enum(ATTENDANCE_STATUSES).describe('present, excused or absent'),
  })
  .describe('One member’s attendance');

export const attestationOutput = z.object({
  meetingId: z.string(),
  attested: z.boolean(),
  statementVersion: z.string().describe('The version of the confidentiality statement (confirmed, or to confirm)'),
  attestedAt: z.string().nullable(),
  statement: z.array(z.string()).describe('The statement’s paragraphs in the caller’s language'),
});

export const agendaOutput = z.object({
  meetingId: z.string(),
  builtAt: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      reference: z.string().describe('The case’s pseudonym'),
      theme: z.string(),
      position: z.number().int(),
      reason: z.enum(AGENDA_REASONS).describe('agreements, new_referral, evaluation, re_referral (built) or added (by the coordinator)'),
    }),
  ),
});

export const attendanceOutput = z.object({
  userId: z.string(),
  name: z.string(),
  organisation: z.string(),
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
});

export type AgendaItemCreate = z.infer<typeof agendaItemCreateSchema>;
export type AgendaOrder = z.infer<typeof agendaOrderSchema>;
export type AttendanceInput = z.infer<typeof attendanceInputSchema>;

/** The version a page's start or close form was drawn from (the API takes it as If-Match). */
export const meetingVersionSchema = z
  .strictObject({ version: z.coerce.number().int().min(1).max(999_999_999) })
  .describe('The meeting version the form showed');
