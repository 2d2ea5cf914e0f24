import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { AUDIENCES, IDENTITY_DISCLOSURES, ITEM_CLASSES, LEGAL_BASES } from '../cases/index.ts';

const id = text().trim().min(1).max(36);
const prose = (max: number) => text({ multiline: true }).trim().min(1).max(max);

/** "Already known?": the cases and earlier signals of the same person, and how often the person was referred before. */
export const signalMatchesOutput = z.object({
  comparable: z.boolean().describe('false: the signal names no family name and birth date, so nothing can be compared'),
  cases: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      tableId: z.string(),
      tableName: z.string(),
      status: z.string(),
      ageBand: z.string().nullable(),
    }),
  ),
  signals: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      status: z.string(),
      outcome: z.string().nullable(),
      caseId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  timesReferred: z.number().describe('Distinct cases of this person: the matching cases and those earlier signals were referred to'),
});
export type SignalMatches = z.infer<typeof signalMatchesOutput>;

export const addToCaseSchema = z
  .strictObject({
    caseId: id.describe('The known case the signal is added to'),
    audience: z.enum(AUDIENCES).describe('Who may read the item the signal becomes'),
    legalBasis: z.enum(LEGAL_BASES),
    itemClasses: z.array(z.enum(ITEM_CLASSES)).max(ITEM_CLASSES.length).optional(),
    seatReporterOrganisation: z
      .boolean()
      .optional()
      .describe('true: the reporter (only one who made themself known) joins the case as a guest; refused (400) for an anonymous reporter'),
  })
  .describe("Add a signal's information to a case of the same person instead of opening a new one");
export type AddToCase = z.infer<typeof addToCaseSchema>;

export const referralSchema = z
  .strictObject({
    tableId: id
      .optional()
      .describe("The partner table; without it the table follows the person's age on the referral day (under 18: the first minors table)"),
    ageExceptionReason: prose(500).optional().describe("Why the chosen table does not fit the person's age on the referral day; stored encrypted"),
    identityDisclosure: z.enum(IDENTITY_DISCLOSURES).describe('Who on the case sees the person: anonymous (nobody), restricted, table'),
    summary: prose(5000).describe('The reason for referral, the case summary; stored encrypted'),
    caseOwnerOrganisationId: id.nullable().optional(),
    seatReporterOrganisation: z
      .boolean()
      .optional()
      .describe("true: the reporter's organisation becomes the case's referrer organisation; only for a reporter who made themself known"),
    confirmDuplicate: z.boolean().optional().describe('true: open the case although a case of the same person exists (else 409 possible_duplicate)'),
  })
  .describe('Refer a signal with a shared concern to a partner table: a new case');
export type Referral = z.infer<typeof referralSchema>;

export const referralOutput = z.object({ caseId: z.string(), reference: z.string() });
