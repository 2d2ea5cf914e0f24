import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { FEEDBACK_DECISIONS, FEEDBACK_STATUSES } from './feedback.vocabulary.ts';

const id = text().trim().min(1).max(36);
const body = text({ multiline: true }).trim().min(1).max(8000);
const quoted = z.array(id).max(50);

export const feedbackCreateSchema = z
  .strictObject({
    caseId: id.describe('A case on the meeting’s agenda'),
    recipientOrganisationId: id.describe('The organisation the form goes to (normally the police)'),
    body: body.describe('The feedback itself; stored encrypted'),
    quotedItemIds: quoted
      .default([])
      .describe('Information items quoted in the form; never secret ones (police, judicial, health, art. 458bis, narrower than the table)'),
  })
  .describe('A feedback form drafted from a meeting for one case');
export type FeedbackCreate = z.infer<typeof feedbackCreateSchema>;

export const feedbackPatchSchema = z
  .strictObject({
    recipientOrganisationId: id.optional(),
    body: body.optional(),
    quotedItemIds: quoted.optional(),
  })
  .describe('A change of a draft: a new version, earlier approvals void');
export type FeedbackPatch = z.infer<typeof feedbackPatchSchema>;

export const feedbackDecisionSchema = z
  .strictObject({
    decision: z.enum(FEEDBACK_DECISIONS).describe('approve or refuse'),
    reason: text({ multiline: true }).trim().max(1000).optional().describe('Why (optional); stored encrypted'),
  })
  .describe('An attendee’s decision on the current version');
export type FeedbackDecisionInput = z.infer<typeof feedbackDecisionSchema>;

export const feedbackOutput = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingStartsAt: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  recipient: z.object({ id: z.string(), name: z.string() }),
  body: z.string(),
  quotes: z.array(z.object({ itemId: z.string(), body: z.string() })),
  status: z.enum(FEEDBACK_STATUSES),
  version: z.number(),
  approvals: z.object({
    present: z.number(),
    approved: z.number(),
    refused: z.number(),
    missing: z.number(),
    mine: z.enum(FEEDBACK_DECISIONS).nullable(),
  }),
  sentAt: z.string().nullable(),
  abilities: z.object({ manage: z.boolean(), decide: z.boolean() }),
});
export type FeedbackView = z.infer<typeof feedbackOutput>;
