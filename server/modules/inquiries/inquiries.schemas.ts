import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { isoDate, LEGAL_BASES } from '../cases/index.ts';
import { ANSWER_RETENTION_DAYS, DEFAULT_DEADLINE_DAYS, INQUIRY_ANSWERS, INQUIRY_MODES } from './inquiries.vocabulary.ts';

const id = text().trim().min(1).max(36);

export const inquiryCreateSchema = z
  .strictObject({
    signalId: id.describe('The signal the inquiry is about: decided as a shared concern, with a subject that has a family name and birth date'),
    mode: z.enum(INQUIRY_MODES).describe('named: the organisations you choose; blind: only organisations whose client register holds the person'),
    organisationIds: z
      .array(id)
      .max(50)
      .optional()
      .describe('named: the organisations to ask (at least one, of this network); blind: leave out (the register decides)'),
    purpose: text({ multiline: true })
      .trim()
      .min(1)
      .max(1000)
      .describe('Why the network is asked; shown to the asked organisations; stored encrypted'),
    legalBasis: z.enum(LEGAL_BASES).describe('The legal basis for asking, shown to the asked organisations'),
    deadline: isoDate
      .optional()
      .describe(
        `The day answers are due (default: in ${DEFAULT_DEADLINE_DAYS} days); after today and before the answers expire (${ANSWER_RETENTION_DAYS} days)`,
      ),
  })
  .describe('A network inquiry about the person of a signal');
export type InquiryCreate = z.infer<typeof inquiryCreateSchema>;

export const inquiryAnswerSchema = z
  .strictObject({
    known: z.enum(INQUIRY_ANSWERS).describe('Does your organisation know the person? declined is always allowed'),
    guidanceRunning: z.boolean().optional().describe('known = yes: is guidance running now?'),
    contactUserId: id.optional().describe('known = yes: a user of your organisation the coordinator may contact'),
    note: text({ multiline: true }).trim().max(1000).optional().describe('An optional note for the coordinator only; stored encrypted'),
  })
  .describe('The answer of an asked organisation (one per question; a later answer replaces it while the inquiry is open)');
export type InquiryAnswerInput = z.infer<typeof inquiryAnswerSchema>;

// Output shapes, for the OpenAPI description.
const answerOutput = z.object({
  known: z.enum(INQUIRY_ANSWERS).nullable(),
  guidanceRunning: z.boolean().nullable(),
  contactUserId: z.string().nullable(),
  contactName: z.string().nullable(),
  note: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export const inquiryQuestionOutput = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  answer: answerOutput,
  expiredAt: z.string().nullable(),
});

export const inquirySummaryOutput = z.object({
  id: z.string(),
  reference: z.string(),
  signalId: z.string().nullable().describe('The coordinator only; null for an asked organisation'),
  mode: z.enum(INQUIRY_MODES),
  status: z.string(),
  deadline: z.string(),
  answersExpireOn: z.string(),
  createdAt: z.string(),
  questions: z.number().describe('The coordinator: how many organisations were asked; an asked organisation: 1'),
  answered: z.number().describe('How many answered'),
});

export const inquiryDetailOutput = inquirySummaryOutput.extend({
  purpose: z.string(),
  legalBasis: z.string(),
  subject: z
    .object({ givenName: z.string().nullable(), familyName: z.string().nullable(), birthDate: z.string().nullable() })
    .nullable()
    .describe('The minimal identity of the person (null once the answers expired)'),
  asked: z
    .array(inquiryQuestionOutput)
    .describe('The coordinator: every asked organisation with its answer; an asked organisation: its own question only'),
});
