import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { normaliseFamilyName } from '../../platform/field-crypto.ts';
import { AUDIT_ACTIONS } from './audit.actions.ts';

export const AUDIT_DECISIONS = ['permit', 'deny'] as const;

/** Events per page of the trail (API and page). */
export const AUDIT_PAGE_SIZE = 50;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface AuditCursor {
  readonly occurredAt: string;
  /** The event's place in the chain: its day and sequence number there. */
  readonly day: string;
  readonly seq: number;
  /** Its chain: (day, seq) alone repeats where the installation chain's old events and the tenant's chain meet. */
  readonly chain: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The opaque continuation token: the last event shown (time and place in its chain), base64url JSON. */
export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt, cursor.day, cursor.seq, cursor.chain]), 'utf8').toString('base64url');
}

/** A cursor this server made, or null for anything else. */
export function decodeCursor(text: string): AuditCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [occurredAt, day, seq, chain] = value as unknown[];
    if (typeof occurredAt !== 'string' || !ISO_TIME.test(occurredAt)) return null;
    if (typeof day !== 'string' || !ISO_DAY.test(day)) return null;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
    if (typeof chain !== 'string' || chain.length < 1 || chain.length > 36) return null;
    return { occurredAt, day, seq, chain };
  } catch {
    return null;
  }
}

const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'validation.date',
  });

const reference = (what: string) => text().trim().min(1).max(64).describe(what);

/**
 * Filters of the audit trail, from a query string (API) or a GET form (page). Empty values are
 * dropped before parsing, so `?from=&to=` means "no limit".
 */
export const auditQuerySchema = z
  .strictObject({
    userId: reference('Only events done by this user (id)').optional(),
    organisationId: reference('Only events done by users of this organisation (id)').optional(),
    action: z.enum(AUDIT_ACTIONS).optional().describe('Only events of this action'),
    caseId: reference('Only events about this case (id)').optional(),
    from: isoDate.optional().describe('First day, inclusive (YYYY-MM-DD, Europe/Brussels)'),
    to: isoDate.optional().describe('Last day, inclusive (YYYY-MM-DD, Europe/Brussels)'),
    decision: z.enum(AUDIT_DECISIONS).optional().describe('permit or deny'),
    cursor: text()
      .max(200)
      .refine((value) => decodeCursor(value) !== null, { message: 'validation.invalid' })
      .optional()
      .describe('nextCursor of the previous page'),
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, { path: ['to'], message: 'validation.invalid' })
  .describe('Audit trail filters');

export type AuditFilters = z.infer<typeof auditQuerySchema>;

/** One event as the API shows it: metadata only, never content values. */
export const auditEventOutput = z.object({
  id: z.string(),
  occurredAt: z.string().describe('ISO 8601 UTC'),
  actor: z.object({ userId: z.string().nullable(), organisationId: z.string().nullable(), roles: z.array(z.string()) }),
  action: z.string(),
  resource: z.object({ type: z.string(), id: z.string().nullable() }),
  caseId: z.string().nullable(),
  personPseudonym: z.string().nullable(),
  purpose: z.string().nullable(),
  legalBasis: z.string().nullable(),
  decision: z.enum(AUDIT_DECISIONS),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable().describe('Metadata such as changed field names; never content'),
});

export type AuditEvent = z.infer<typeof auditEventOutput>;

/** Length of the reason for showing staff names; the audit event keeps its first STAFF_NAMES_REASON_STORED characters. */
export const STAFF_NAMES_REASON_MIN = 10;
export const STAFF_NAMES_REASON_MAX = 1000;
export const STAFF_NAMES_REASON_STORED = 500;

const caseReference = text().trim().min(1).max(40).toUpperCase();

/**
 * Which case the who-saw-what report is about: its id, or its reference (`VIL-2026-014`, any case).
 * Exactly one of the two.
 */
export const accessReportQuerySchema = z
  .strictObject({
    caseId: reference('The case (id)').optional(),
    reference: caseReference.optional().describe('The case reference, e.g. VIL-2026-014'),
  })
  .refine((query) => query.caseId !== undefined || query.reference !== undefined, { path: ['reference'], message: 'validation.required' })
  .refine((query) => query.caseId === undefined || query.reference === undefined, { path: ['reference'], message: 'validation.invalid' })
  .describe('The case of the access report: caseId or reference');

export type AccessReportQuery = z.infer<typeof accessReportQuerySchema>;

/** How the DPO names a case for the access report: by id or by its reference. */
export type ReportCaseKey = { readonly caseId: string } | { readonly reference: string };

/** The case named by a parsed report query (the schema guarantees exactly one of the two). */
export function reportCaseKeyOf(query: AccessReportQuery): ReportCaseKey {
  return query.caseId !== undefined ? { caseId: query.caseId } : { reference: query.reference ?? '' };
}

/** The data protection officer's recorded decision to show staff names in one case's report. */
export const staffNamesInputSchema = z
  .strictObject({
    caseId: reference('The case (id)'),
    reason: text({ multiline: true })
      .trim()
      .min(STAFF_NAMES_REASON_MIN)
      .max(STAFF_NAMES_REASON_MAX)
      .describe('Why the names are needed (e.g. a complaint to answer); recorded in the audit trail'),
  })
  .describe('Decision to show staff names');

export type StaffNamesInput = z.infer<typeof staffNamesInputSchema>;

const reportOrganisation = z.object({ id: z.string(), name: z.string() }).nullable().describe('The acting organisation; null for the operator');

/** One event of the report: when, which organisation in which roles did what, why, and the decision. No staff, no content. */
export const accessReportEventOutput = z.object({
  id: z.string(),
  occurredAt: z.string().describe('ISO 8601 UTC'),
  organisation: reportOrganisation,
  roles: z.array(z.string()),
  action: z.string(),
  purpose: z.string().nullable().describe('Why the actor could open the case: coordination, key_figure, guest, care_network, case_owner, referrer'),
  legalBasis: z.string().nullable(),
  decision: z.enum(AUDIT_DECISIONS),
  staffName: z
    .string()
    .nullable()
    .optional()
    .describe('Only in the answer of POST /api/v1/audit/access-report/staff-names; null when no user of the network acted'),
});

/** The who-saw-what report of one case (CJEU C-579/21), oldest event first. */
export const accessReportOutput = z.object({
  case: z.object({ id: z.string(), reference: z.string() }),
  staffNamesShown: z.boolean(),
  events: z.array(accessReportEventOutput),
  summary: z.object({
    organisations: z.array(z.object({ organisation: reportOrganisation, events: z.number().int() })),
    actions: z.array(z.object({ action: z.string(), events: z.number().int() })),
  }),
});

export type AccessReportOutput = z.infer<typeof accessReportOutput>;

/** Longest family name the person lookup takes (the same limit as the case forms). */
export const PERSON_FAMILY_NAME_MAX = 100;

/**
 * The person the data protection officer looks up: family name and birth date, matched exactly
 * through the blind index (so a name that is only spaces, hyphens or apostrophes names no one). A
 * request body or POST form, never a query string: a name must not land in a URL or a log.
 */
export const personLookupInputSchema = z
  .strictObject({
    familyName: z
      .string()
      .trim()
      .min(1)
      .max(PERSON_FAMILY_NAME_MAX)
      .refine((value) => normaliseFamilyName(value).length > 0, { message: 'validation.invalid' })
      .describe('Family name; case, accents, spaces, hyphens and apostrophes do not matter. Never recorded.'),
    birthDate: isoDate.describe('Birth date (YYYY-MM-DD). Never recorded.'),
  })
  .describe('The person whose cases the access report is wanted for');

export type PersonLookupInput = z.infer<typeof personLookupInputSchema>;

/** One case the person appears in, and as whom. */
export const personCaseOutput = z.object({
  caseId: z.string(),
  reference: z.string().describe('The case reference, for GET /api/v1/audit/access-report?reference=…'),
  role: z.string().describe('The person in this case: subject, or a person around the subject (parent, guardian, sibling, other)'),
});

export type PersonCaseOutput = z.infer<typeof personCaseOutput>;
