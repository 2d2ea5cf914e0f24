import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { itemOutput } from '../cases/index.ts';
import { planOutput } from '../plans/index.ts';
import { MINUTE_ENTRY_KINDS } from './minutes.vocabulary.ts';

const prose = (max: number) => text({ multiline: true }).trim().min(1).max(max);

export const minuteEntryCreateSchema = z
  .strictObject({
    text: prose(10000).describe('What was noted or decided; stored encrypted'),
    addendum: z
      .boolean()
      .optional()
      .describe('true: an addendum to the minutes of a closed meeting (coordinator only); without it a closed meeting answers 409'),
  })
  .describe('A note or a decision of the minutes');
export type MinuteEntryCreate = z.infer<typeof minuteEntryCreateSchema>;

export const minuteEntryOutput = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(MINUTE_ENTRY_KINDS),
  /** A note's case item; null for a decision. */
  itemId: z.string().nullable(),
  text: z.string(),
  addendum: z.boolean(),
  createdAt: z.string(),
});
export type MinuteEntry = z.infer<typeof minuteEntryOutput>;

const agendaNeighbour = z.object({ caseId: z.string(), reference: z.string() }).nullable();

export const meetingCaseOutput = z.object({
  meetingId: z.string(),
  meetingStatus: z.string(),
  caseId: z.string(),
  reference: z.string(),
  theme: z.string(),
  purpose: z.enum(['meeting', 'minutes']),
  items: z.array(itemOutput),
  plan: planOutput,
  entries: z.array(minuteEntryOutput),
  previous: agendaNeighbour,
  next: agendaNeighbour,
  abilities: z.object({ write: z.boolean(), addendum: z.boolean() }),
});
export type MeetingCase = z.infer<typeof meetingCaseOutput>;

export const minutesOutput = z.object({
  meetingId: z.string(),
  meetingStatus: z.string(),
  cases: z.array(z.object({ caseId: z.string(), reference: z.string(), theme: z.string(), entries: z.array(minuteEntryOutput) })),
});
export type Minutes = z.infer<typeof minutesOutput>;
