import { z } from 'zod';
import { text } from '../../platform/strings.ts';

/** Who a table discusses: children and young people under 18, or adults. */
export const TABLE_AUDIENCES = ['minors', 'adults'] as const;
export type TableAudience = (typeof TABLE_AUDIENCES)[number];

/** The law that lets the partners share information at the table (API.md "Fixed vocabularies"). */
export const LEGAL_FRAMEWORKS = ['art_458ter', 'livc_r_law_2018', 'cooperation_protocol'] as const;
export type LegalFramework = (typeof LEGAL_FRAMEWORKS)[number];

/** How a user sits at a table: `key_figure` (professional or coordinator) or `minute_taker`. */
export const TABLE_MEMBER_ROLES = ['key_figure', 'minute_taker'] as const;
export type TableMemberRole = (typeof TABLE_MEMBER_ROLES)[number];

const name = text().trim().min(1).max(200).describe('Name of the partner table, unique in the local network');
const audience = z.enum(TABLE_AUDIENCES).describe('Who the table discusses: minors (under 18) or adults');
const purpose = text({ multiline: true }).trim().min(1).max(2000).describe('What the table is for, in a few sentences');
const legalFramework = z.enum(LEGAL_FRAMEWORKS).describe('The law that allows the partners to share information at this table');
const modalities = text({ multiline: true })
  .trim()
  .max(4000)
  .describe('The rules of play of the table: who brings what, how cases are put on the agenda, how minutes are kept; may be empty');
const id = text().trim().min(1).max(64);

export const tableCreateSchema = z
  .strictObject({ name, audience, purpose, legalFramework, modalities: modalities.optional() })
  .describe('A new partner table (version 1)');

export const tablePatchSchema = z
  .strictObject({
    name: name.optional(),
    audience: audience.optional(),
    purpose: purpose.optional(),
    legalFramework: legalFramework.optional(),
    modalities: modalities.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), { message: 'validation.nothing_to_change' })
  .describe('Changes to a partner table; at least one field. Send the version you last saw in If-Match');

/** The fields of a table the coordinator edits, in form order; a revision names the ones it changed. */
export const TABLE_FIELDS = ['name', 'audience', 'purpose', 'legalFramework', 'modalities'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

export const tableMemberAddSchema = z
  .strictObject({
    userId: id.describe('An active user of this network: a professional or coordinator for key_figure, a minute taker for minute_taker'),
    role: z.enum(TABLE_MEMBER_ROLES).describe('How the user sits at the table'),
  })
  .describe('A new member of a partner table');

export const tableMemberRemoveQuerySchema = z.strictObject({
  role: z.enum(TABLE_MEMBER_ROLES).optional().describe('Only this role; without it every role of the user on the table ends'),
});

/** The remove button of the members list (a form post: the page has no DELETE). */
export const tableMemberRemoveFormSchema = z.strictObject({ userId: id, role: z.enum(TABLE_MEMBER_ROLES).optional() });

// Output shapes, for the OpenAPI description.
export const tableOutput = z.object({
  id: z.string(),
  name: z.string(),
  audience: z.enum(TABLE_AUDIENCES),
  purpose: z.string(),
  legalFramework: z.enum(LEGAL_FRAMEWORKS),
  modalities: z.string().describe('The rules of play of the table; empty when none were written'),
  version: z.number().int().describe('Every change adds one; send it back in If-Match (also given as the ETag header)'),
  modalitiesVersion: z
    .number()
    .int()
    .describe('The version of the modalities text: 0 while empty, one more at each change of the text; members confirm it'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const tableMemberOutput = z.object({
  userId: z.string(),
  name: z.string(),
  organisationName: z.string(),
  role: z.enum(TABLE_MEMBER_ROLES),
  addedAt: z.string(),
  modalitiesConfirmed: z.boolean().describe('Whether this member confirmed the current modalities (true when there are none yet)'),
});

export const tableDetailOutput = tableOutput.extend({
  members: z.array(tableMemberOutput).describe('Members, by name, then role'),
  modalitiesConfirmed: z.boolean().describe('Whether the caller confirmed the current modalities (true when there are none yet)'),
});

export const modalitiesConfirmationSchema = z
  .strictObject({ version: z.number().int().min(1).describe('The modalities version the member read and confirms; must be the current one') })
  .describe("A member's confirmation of the table's current modalities");

export const tableModalitiesOutput = z.object({
  tableId: z.string(),
  tableName: z.string(),
  purpose: z.string(),
  legalFramework: z.enum(LEGAL_FRAMEWORKS),
  modalities: z.string(),
  modalitiesVersion: z.number().int(),
  member: z.boolean().describe('Whether the caller sits at the table (only members confirm)'),
  modalitiesConfirmed: z.boolean().describe('Whether the caller confirmed the current version (true when there is nothing to confirm)'),
});

const fieldChange = z.object({
  from: z.string().nullable().describe('The value before the change; null when the table was set up'),
  to: z.string().describe('The value after the change'),
});

export const tableRevisionOutput = z.object({
  version: z.number().int().describe('The table’s version after this change; 1 is the setting up'),
  changedAt: z.string(),
  changedBy: z.object({ userId: z.string(), name: z.string(), organisationName: z.string() }),
  fields: z.array(z.enum(TABLE_FIELDS)).describe('The fields this change set, sorted'),
  changes: z
    .partialRecord(z.enum(TABLE_FIELDS), fieldChange)
    .describe('For each changed field its old and new value (legal framework and audience as their codes)'),
});

export type TableCreate = z.infer<typeof tableCreateSchema>;
export type TablePatch = z.infer<typeof tablePatchSchema>;
export type TableMemberAdd = z.infer<typeof tableMemberAddSchema>;
export type PartnerTable = z.infer<typeof tableOutput>;
export type TableMember = z.infer<typeof tableMemberOutput>;
export type PartnerTableDetail = z.infer<typeof tableDetailOutput>;
export type TableRevision = z.infer<typeof tableRevisionOutput>;
export type FieldChange = z.infer<typeof fieldChange>;
