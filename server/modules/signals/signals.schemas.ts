import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { isoDate, THEMES } from '../cases/index.ts';
import { ON_BEHALF_CHANNELS, SIGNAL_KINDS, SIGNAL_OUTCOMES, SIGNAL_STATUSES } from './signals.vocabulary.ts';

const id = text().trim().min(1).max(36);
/** Free text of the consult point (descriptions, rationales, advice): several lines allowed. */
const prose = (max: number) => text({ multiline: true }).trim().min(1).max(max);

export const signalSubjectSchema = z
  .strictObject({
    givenName: text().trim().max(100).optional().describe('Given name; stored encrypted'),
    familyName: text().trim().max(100).optional().describe('Family name; stored encrypted and as a blind index with the birth date'),
    birthDate: isoDate.optional().describe('Birth date (YYYY-MM-DD); stored encrypted'),
  })
  .describe('The person the concern is about, as far as the reporter wants to name them; never for a consult');
export type SignalSubjectInput = z.infer<typeof signalSubjectSchema>;

export const signalCreateSchema = z
  .strictObject({
    kind: z.enum(SIGNAL_KINDS).describe('concern: about a person; consult: a question with no person named'),
    theme: z.enum(THEMES),
    description: prose(5000).describe('What the reporter noticed or asks; stored encrypted'),
    reporterAnonymous: z.boolean().describe('true: nobody — the coordinator included — sees who reported; replies still reach the reporter'),
    subject: signalSubjectSchema.optional(),
  })
  .describe('A signal to the consult point');
export type SignalCreate = z.infer<typeof signalCreateSchema>;

export const signalRegisterSchema = z
  .strictObject({
    kind: z.enum(SIGNAL_KINDS),
    theme: z.enum(THEMES),
    description: prose(5000).describe('What the reporter told; stored encrypted'),
    channel: z.enum(ON_BEHALF_CHANNELS).describe('How the signal reached the consult point'),
    reporterAnonymous: z.boolean().default(false).describe('true: the reporter asked not to be known; no reporter details are kept'),
    reporter: z
      .strictObject({
        name: text().trim().max(200).optional(),
        organisation: text().trim().max(200).optional(),
        contact: text().trim().max(200).optional(),
      })
      .optional()
      .describe('Who reported, as told; stored encrypted'),
    reporterUserId: id.optional().describe('The reporter’s account in this network, if they have one: they then see the signal among their own'),
    subject: signalSubjectSchema.optional(),
  })
  .describe('A signal the coordinator registers on someone’s behalf (phone call, mail, walk-in)');
export type SignalRegister = z.infer<typeof signalRegisterSchema>;

export const signalDecisionSchema = z
  .strictObject({
    outcome: z.enum(SIGNAL_OUTCOMES),
    rationale: prose(5000).describe('Why; required for every decision; stored encrypted'),
    advice: prose(5000).optional().describe('Information, tips and advice for the reporter; required for a non-shared concern'),
    subject: signalSubjectSchema
      .optional()
      .describe('For a shared concern: the person (family name and birth date) when the signal does not name them yet'),
  })
  .describe('The coordinator’s decision on a signal');
export type SignalDecision = z.infer<typeof signalDecisionSchema>;

export const signalListQuerySchema = z.strictObject({
  status: z.enum(SIGNAL_STATUSES).optional(),
  theme: z.enum(THEMES).optional(),
  urgency: z.enum(['low', 'medium', 'high']).optional(),
  kind: z.enum(SIGNAL_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: text()
    .regex(/^\d{1,6}$/, { message: 'validation.choice' })
    .optional()
    .describe('nextCursor of the previous page'),
});
export type SignalListQuery = z.infer<typeof signalListQuerySchema>;

/** One signal in a list: never who reported, never content. */
export const signalListOutput = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  theme: z.string(),
  status: z.enum(SIGNAL_STATUSES),
  createdAt: z.string(),
  waitingDays: z.number().nullable().describe('Days since the signal arrived while the consult point still works on it; null once decided or closed'),
  urgency: z.string().nullable().optional().describe('Coordinator only'),
  category: z.number().nullable().optional().describe('Coordinator only'),
  channel: z.string().optional().describe('Coordinator only'),
  outcome: z.enum(SIGNAL_OUTCOMES).nullable().optional().describe('Coordinator only'),
});
export type SignalListEntry = z.infer<typeof signalListOutput>;

/** One signal: the coordinator sees it whole; its reporter sees status, what they wrote and the disclosure status. */
export const signalOutput = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  theme: z.string(),
  status: z.enum(SIGNAL_STATUSES),
  description: z.string(),
  disclosureStatus: z.string(),
  createdAt: z.string(),
  subject: z
    .object({ givenName: z.string().nullable(), familyName: z.string().nullable(), birthDate: z.string().nullable() })
    .nullable()
    .optional()
    .describe('Coordinator only; null for a consult or once the identity was erased'),
  reporter: z
    .object({
      anonymous: z.boolean(),
      name: z.string().nullable(),
      organisation: z.string().nullable(),
      contact: z.string().nullable(),
    })
    .optional()
    .describe('Coordinator only: "anonymous" (every other field null) or who reported as far as known'),
  channel: z.string().optional(),
  urgency: z.string().nullable().optional(),
  category: z.number().nullable().optional(),
  outcome: z.enum(SIGNAL_OUTCOMES).nullable().optional(),
  decisionRationale: z.string().nullable().optional(),
  decidedAt: z.string().nullable().optional(),
  caseId: z.string().nullable().optional(),
  waitingDays: z.number().nullable().optional(),
  version: z.number().optional(),
});
export type SignalView = z.infer<typeof signalOutput>;
