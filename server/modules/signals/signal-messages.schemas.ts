import { z } from 'zod';
import { text } from '../../platform/strings.ts';

/** Inputs of the reply channel and of making oneself known (API.md, "Consult point"). */

export const MESSAGE_MAX_LENGTH = 5000;
const prose = (max: number) => text({ multiline: true }).trim().min(1).max(max);

export const signalMessageSchema = z
  .strictObject({ body: prose(MESSAGE_MAX_LENGTH).describe('The message; stored encrypted, never sent by mail') })
  .describe('A message on the reply channel of a signal');
export type SignalMessageInput = z.infer<typeof signalMessageSchema>;

export const disclosureRequestSchema = z
  .strictObject({ reason: prose(2000).describe('Why the consult point asks the reporter to make themself known; stored encrypted as a message') })
  .describe('The coordinator asks the reporter of an anonymous signal to make themself known');
export type DisclosureRequestInput = z.infer<typeof disclosureRequestSchema>;

export const DISCLOSURE_DECISIONS = ['make_known', 'stay_anonymous'] as const;
export type DisclosureDecision = (typeof DISCLOSURE_DECISIONS)[number];

export const disclosureAnswerSchema = z
  .strictObject({
    decision: z.enum(DISCLOSURE_DECISIONS).describe('make_known: the coordinator sees your name and organisation from now on'),
    agreeToSeat: z.boolean().optional().describe('With make_known: your organisation may be seated on the case if one is opened'),
  })
  .describe('The reporter decides whether to make themself known');
export type DisclosureAnswerInput = z.infer<typeof disclosureAnswerSchema>;
