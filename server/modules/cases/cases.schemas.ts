import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import {
  AGE_BANDS,
  AUDIENCES,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CONSENT_GIVERS,
  CONTEXT_PERSON_ROLES,
  GENDERS,
  IDENTITY_DISCLOSURES,
  ITEM_CLASSES,
  LEGAL_BASES,
  PARTICIPANT_ROLES,
  THEMES,
} from './cases.vocabulary.ts';

const id = text().trim().min(1).max(36);
/** Free text of case work (summaries, items, rationales): several lines allowed. */
const prose = (max: number) => text({ multiline: true }).trim().min(1).max(max);
export const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'validation.date',
  });

export const personInputSchema = z
  .strictObject({
    givenName: text().trim().max(100).optional().describe('Given name; stored encrypted'),
    familyName: text().trim().max(100).optional().describe('Family name; stored encrypted and as a blind index with the birth date'),
    birthDate: isoDate.optional().describe('Birth date (YYYY-MM-DD); stored encrypted, shown without identity as an age band'),
    ageBand: z.enum(AGE_BANDS).optional().describe('Age band, for an anonymous case without a birth date'),
    gender: z.enum(GENDERS).optional(),
  })
  .describe('A person of the case; identity fields only when the disclosure level allows storing them');
export type PersonInput = z.infer<typeof personInputSchema>;

export const contextPersonInputSchema = personInputSchema
  .extend({ role: z.enum(CONTEXT_PERSON_ROLES).describe('How the person relates to the subject') })
  .describe('A person around the subject (parent, sibling …)');
export type ContextPersonInput = z.infer<typeof contextPersonInputSchema>;

export const caseCreateSchema = z
  .strictObject({
    tableId: id.describe('The partner table that takes up the case'),
    theme: z.enum(THEMES),
    summary: prose(5000).describe('Why the case is on the table; stored encrypted'),
    identityDisclosure: z
      .enum(IDENTITY_DISCLOSURES)
      .describe('anonymous: no identity stored; restricted: coordinator, referrer and case owner; table: every participant'),
    subject: personInputSchema.default({}),
    contextPersons: z.array(contextPersonInputSchema).max(10).default([]),
    caseOwnerOrganisationId: id.nullable().optional(),
    referrerOrganisationId: id.nullable().optional(),
    ageExceptionReason: prose(500)
      .optional()
      .describe(
        "Why the case is opened although the subject's age on the referral date does not fit the table's audience (minors: under 18; adults: 18 and older); without it such a case is refused (400 on subject.birthDate or subject.ageBand). Stored encrypted, and only when the age does not fit",
      ),
    confirmDuplicate: z
      .boolean()
      .optional()
      .describe(
        'true: open the case although a case of the same person (family name and birth date) exists; without it such a request answers 409 possible_duplicate with the matching cases',
      ),
  })
  .describe('A new case on a partner table');
export type CaseCreate = z.infer<typeof caseCreateSchema>;

export const casePatchSchema = z
  .strictObject({
    summary: prose(5000).optional(),
    caseOwnerOrganisationId: id.nullable().optional().describe('The organisation closest to the client'),
    theme: z.enum(THEMES).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'validation.nothing_to_change' })
  .describe('Changes to a case; send the version you last saw in If-Match');
export type CasePatch = z.infer<typeof casePatchSchema>;

export const participantAddSchema = z.strictObject({ userId: id, role: z.enum(PARTICIPANT_ROLES) }).describe('A user taking part in this case');
export type ParticipantAdd = z.infer<typeof participantAddSchema>;

export const itemCreateSchema = z
  .strictObject({
    body: prose(10000).describe('The information; stored encrypted'),
    audience: z.enum(AUDIENCES).describe('table · care_network · organisations (named) · own_organisation (private working note)'),
    organisationIds: z.array(id).max(30).optional().describe('For audience `organisations`: who may read it'),
    legalBasis: z.enum(LEGAL_BASES),
    consentId: id.optional().describe('For legal basis `consent`: the consent it rests on'),
    classes: z.array(z.enum(ITEM_CLASSES)).max(ITEM_CLASSES.length).optional(),
  })
  .describe('A piece of information with its audience and legal basis');
export type ItemCreate = z.infer<typeof itemCreateSchema>;

export const consentCreateSchema = z
  .strictObject({
    givenBy: z.enum(CONSENT_GIVERS).describe('Who gave the consent'),
    organisationIds: z.array(id).min(1).max(30).describe('Organisations the information may reach'),
    purpose: prose(1000).describe('What the consent is for; stored encrypted'),
    withFeedback: z.boolean().describe('Whether the organisations may report back'),
    givenOn: isoDate.optional().describe('Day the consent was given (default: today)'),
    documentReference: text().trim().max(200).optional().describe('Where the signed document is kept; stored encrypted'),
  })
  .describe('A consent given for this case');
export type ConsentCreate = z.infer<typeof consentCreateSchema>;

export const consentWithdrawSchema = z
  .strictObject({
    withdrawnOn: isoDate.describe('Day the person withdrew the consent: not in the future, not before the consent was given'),
    reason: prose(1000).describe('The reason the person gave for withdrawing it; stored encrypted, never in the audit trail'),
  })
  .describe('The withdrawal of a consent, as the person who withdrew it told it');
export type ConsentWithdraw = z.infer<typeof consentWithdrawSchema>;

export const disclosureRaiseSchema = z
  .strictObject({
    level: z.enum(IDENTITY_DISCLOSURES),
    rationale: prose(2000).describe('Why more people need to see the identity; stored encrypted, audited'),
    subject: personInputSchema.optional().describe('Identity to store when raising from anonymous'),
  })
  .describe('Raise the identity disclosure level of a case');
export type DisclosureRaise = z.infer<typeof disclosureRaiseSchema>;

export const caseCloseSchema = z.strictObject({ outcome: z.enum(CASE_OUTCOMES), rationale: prose(2000) }).describe('Close a case');
export type CaseClose = z.infer<typeof caseCloseSchema>;

export const caseReopenSchema = z.strictObject({ reason: prose(2000) }).describe('Reopen a closed case');
export type CaseReopen = z.infer<typeof caseReopenSchema>;

export const caseMoveSchema = z
  .strictObject({
    tableId: text().trim().min(1).max(64).describe('The partner table of this network the case moves to'),
    reason: prose(500)
      .optional()
      .describe(
        "Why the case goes to a table whose audience does not fit the subject's age today; required then, like the age exception of a new case",
      ),
  })
  .describe('Move an open case to another partner table; its reference and history stay');
export type CaseMove = z.infer<typeof caseMoveSchema>;

export const handoverKeepSchema = z
  .strictObject({ reason: prose(500).describe('Why the case stays at its minors table now that the subject is 18') })
  .describe("Keep a case at its table after the subject's 18th birthday (resolves the hand-over task)");
export type HandoverKeep = z.infer<typeof handoverKeepSchema>;

const caseListFilters = {
  status: z.enum(CASE_STATUSES).optional(),
  tableId: id.optional(),
  theme: z.enum(THEMES).optional(),
  q: text().trim().max(40).optional().describe('The start of a case reference (a prefix, any letter case)'),
  sort: z.enum(['updated', 'reference']).optional(),
  cursor: text().max(400).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Cases per page (default 50)'),
};

/** Filters of the case list in a URL: never a person's name or birth date (proxies log URLs). */
export const caseListQuerySchema = z.strictObject(caseListFilters);

/** The coordinator's search by person, posted in a body (page and API), with the list's filters. */
export const casePersonSearchSchema = z.strictObject({
  ...caseListFilters,
  familyName: text().trim().min(1).max(100).describe('Family name, exact (normalised), with birthDate; compared through the blind index'),
  birthDate: isoDate,
});

export type CaseListQuery = z.infer<typeof caseListQuerySchema> & { readonly familyName?: string; readonly birthDate?: string };

/** One page of a case's items: `limit` (default 100, at most 200) and the previous page's `nextCursor`. */
export const itemListQuerySchema = z.strictObject({
  cursor: text().max(400).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Items per page (default 100)'),
});

const personOutput = z.object({
  id: z.string(),
  role: z.string(),
  ageBand: z.string().nullable(),
  gender: z.string().nullable(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  birthDate: z.string().optional(),
});

/** What every answer about a case starts with: pseudonym, table, theme, status. */
const caseHeadingOutput = {
  id: z.string(),
  reference: z.string(),
  tableId: z.string(),
  tableName: z.string(),
  theme: z.string(),
  status: z.enum(CASE_STATUSES),
};

export const caseOutput = z.object({
  ...caseHeadingOutput,
  identityDisclosure: z.enum(IDENTITY_DISCLOSURES),
  summary: z.string(),
  subject: personOutput,
  contextPersons: z.array(personOutput),
  identityVisible: z.boolean(),
  caseOwnerOrganisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  referrerOrganisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  outcome: z.string().nullable(),
  closedAt: z.string().nullable(),
  ageExceptionReason: z
    .string()
    .nullable()
    .describe("The coordinator's reason for opening the case although the subject's age did not fit the table"),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseView = z.infer<typeof caseOutput>;
export type PersonView = z.infer<typeof personOutput>;

export const caseListOutput = z.object({
  ...caseHeadingOutput,
  ageBand: z.string().nullable(),
  gender: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type CaseListEntry = z.infer<typeof caseListOutput>;

export const participantOutput = z.object({
  userId: z.string(),
  name: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  role: z.enum(['key_figure', 'guest', 'care_network']),
  fromTable: z.boolean(),
});
export type ParticipantView = z.infer<typeof participantOutput>;

export const itemOutput = z.object({
  id: z.string(),
  body: z.string(),
  audience: z.enum(AUDIENCES),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
  legalBasis: z.enum(LEGAL_BASES),
  consentId: z.string().nullable(),
  classes: z.array(z.string()),
  author: z.object({ userId: z.string(), name: z.string(), organisation: z.object({ id: z.string(), name: z.string() }) }),
  createdAt: z.string(),
});
export type ItemView = z.infer<typeof itemOutput>;

export const consentOutput = z.object({
  id: z.string(),
  givenBy: z.enum(CONSENT_GIVERS),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
  purpose: z.string(),
  withFeedback: z.boolean(),
  givenOn: z.string(),
  documentReference: z.string().nullable(),
  recordedByOrganisation: z.object({ id: z.string(), name: z.string() }),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
});
export type ConsentView = z.infer<typeof consentOutput>;

export const timelineEntryOutput = z.object({
  id: z.string(),
  kind: z.string(),
  occurredAt: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  detail: z.string().nullable(),
  text: z.string().nullable(),
  itemId: z.string().nullable(),
  consentId: z.string().nullable(),
  move: z.object({ fromTable: z.string(), toTable: z.string() }).optional().describe('For a move to another table: the names of both tables'),
});
export type TimelineEntry = z.infer<typeof timelineEntryOutput>;
