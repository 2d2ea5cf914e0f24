import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { DIRECTORY_THEMES, LANGUAGE_CODE_PATTERN, SERVICE_STATUSES } from './directory.vocabulary.ts';

/**
 * The curation API's shapes (API.md "Social map"): camelCase, simpler than HSDS; a service written
 * here is stored as the HSDS document it stands for (hsds.mapping.ts), so the export carries it too.
 */

const id = text().trim().min(1).max(64);
const line = (max: number) => text().trim().max(max);
const prose = (max: number) => text({ multiline: true }).trim().max(max);
const languageCode = text().regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' });
const email = text().trim().email({ message: 'validation.email' }).max(254);
const time = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.time' });
/** A telephone number as people write it: digits, an optional leading +, spaces, dots, slashes, dashes, brackets. */
const phoneNumber = text()
  .trim()
  .regex(/^\+?[0-9][0-9 ./()-]{4,40}[0-9]$/, { message: 'validation.phone' })
  .max(50);
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

const language = z.strictObject({
  code: languageCode.describe('ISO 639 code (nl, fr, en, ar, …)'),
  interpreter: z.boolean().optional().describe('Offered through an interpreter rather than by staff who speak it'),
});
const phone = z.strictObject({ number: phoneNumber, description: line(200).optional() });
const contact = z.strictObject({
  name: line(200).optional(),
  title: line(200).optional(),
  email: email.optional(),
  phone: phoneNumber.optional(),
});
/** HSDS schedule semantics: weekly on the given days, from opensAt to closesAt the same day (so it closes after it opens). */
const openingHours = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    opensAt: time,
    closesAt: time,
    description: line(300).optional(),
  })
  .superRefine((value, context) => {
    if (value.closesAt <= value.opensAt) context.addIssue({ code: 'custom', path: ['closesAt'], message: 'validation.closes_before_opens' });
  });
const location = z.strictObject({
  name: line(300).optional(),
  address: text().trim().min(1).max(300),
  postalCode: text().trim().min(1).max(20),
  city: text().trim().min(1).max(150),
  country: text()
    .regex(/^[A-Z]{2}$/, { message: 'validation.country_code' })
    .optional()
    .describe('ISO 3166-1 alpha-2, default BE'),
  accessible: z.boolean().optional().describe('Step-free access (wheelchair accessible); HSDS: an accessibility entry of the location'),
});
const organisation = z.strictObject({
  name: text().trim().min(1).max(300),
  description: prose(4000).optional(),
  email: email.optional(),
  website: line(500).optional(),
});

const editable = {
  name: text().trim().min(1).max(300),
  alternateName: line(300),
  description: prose(10000).min(1),
  url: line(500),
  email,
  status: z.enum(SERVICE_STATUSES),
  themes: z.array(z.enum(DIRECTORY_THEMES)).max(DIRECTORY_THEMES.length),
  ageMin: z.number().int().min(0).max(130).nullable(),
  ageMax: z.number().int().min(0).max(130).nullable(),
  languages: z.array(language).max(60),
  waitingDays: z.number().int().min(0).max(3650).nullable().describe('Usual waiting time in days; null when unknown'),
  noWaitingList: z.boolean(),
  boundBySecrecy: z.boolean().describe('Bound by professional secrecy'),
  takesPartInTable: z.boolean().describe('Takes part in a partner table'),
  takesReferralsOfMinors: z.boolean(),
  takesReferralsOfAdults: z.boolean(),
  eligibility: prose(4000),
  applicationProcess: prose(4000),
  cost: prose(2000),
  requiredDocuments: z.array(text().trim().min(1).max(300)).max(30),
  phones: z.array(phone).max(20),
  contacts: z.array(contact).max(20),
  openingHours: z.array(openingHours).max(30),
  locations: z.array(location).max(30),
  curatorOrganisationId: id.nullable().describe('The network organisation that curates the entry (coordinator: any; others: their own)'),
};

type Editable = { [K in keyof typeof editable]?: z.infer<(typeof editable)[K]> };

function consistent(value: Editable, context: z.RefinementCtx): void {
  if (value.ageMin != null && value.ageMax != null && value.ageMin > value.ageMax)
    context.addIssue({ code: 'custom', path: ['ageMax'], message: 'validation.age_range' });
  if (value.noWaitingList && value.waitingDays != null && value.waitingDays > 0)
    context.addIssue({ code: 'custom', path: ['waitingDays'], message: 'validation.waiting_list' });
  const codes = (value.languages ?? []).map((entry) => entry.code);
  for (const [index, code] of codes.entries())
    if (codes.indexOf(code) !== index) context.addIssue({ code: 'custom', path: ['languages', index, 'code'], message: 'validation.duplicate' });
}

function optionalAll<Shape extends Record<string, z.ZodType>>(shape: Shape): { [K in keyof Shape]: z.ZodOptional<Shape[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof Shape]: z.ZodOptional<Shape[K]>;
  };
}

export const serviceCreateSchema = z
  .strictObject({
    ...optionalAll(editable),
    name: editable.name,
    description: editable.description,
    organisationId: id.optional().describe('An existing provider of the map'),
    organisation: organisation.optional().describe('A new provider, when organisationId is not given'),
  })
  .superRefine((value, context) => {
    consistent(value, context);
    if ((value.organisationId === undefined) === (value.organisation === undefined))
      context.addIssue({ code: 'custom', path: ['organisation'], message: 'validation.directory_provider' });
  })
  .describe('A new entry of the social map (version 1)');
export type ServiceCreate = z.infer<typeof serviceCreateSchema>;

export const servicePatchSchema = z
  .strictObject(optionalAll(editable))
  .superRefine((value, context) => {
    consistent(value, context);
    if (!Object.values(value).some((entry) => entry !== undefined))
      context.addIssue({ code: 'custom', path: [], message: 'validation.nothing_to_change' });
  })
  .describe('Changes to an entry; at least one field. Send the version you last saw in If-Match');
export type ServicePatch = z.infer<typeof servicePatchSchema>;
export type ServiceFields = Editable;

export const serviceListQuerySchema = z.strictObject({
  q: text().trim().max(200).optional().describe('Words; accents and case do not matter, the last word may be the start of a word'),
  theme: z.enum(DIRECTORY_THEMES).optional(),
  language: languageCode.optional().describe('ISO 639 code of a language the service is offered in'),
  age: z.coerce.number().int().min(0).max(130).optional().describe('An age the service takes'),
  noWaitingList: z.enum(['true', 'false']).optional().describe('true: only services without a waiting list'),
  cursor: text().max(800).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('Services per page (default 50)'),
});
export type ServiceListQuery = z.infer<typeof serviceListQuerySchema>;

// Output shapes, for the OpenAPI description.
export const serviceOutput = z.object({
  id: z.string(),
  hsdsId: z.string(),
  organisation: z.object({
    id: z.string(),
    hsdsId: z.string(),
    name: z.string(),
    description: z.string(),
    email: z.string().nullable(),
    website: z.string().nullable(),
  }),
  name: z.string(),
  alternateName: z.string().nullable(),
  description: z.string(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(SERVICE_STATUSES),
  themes: z.array(z.enum(DIRECTORY_THEMES)),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  languages: z.array(z.object({ code: z.string(), interpreter: z.boolean() })),
  waitingDays: z.number().nullable(),
  noWaitingList: z.boolean(),
  boundBySecrecy: z.boolean(),
  takesPartInTable: z.boolean(),
  takesReferralsOfMinors: z.boolean(),
  takesReferralsOfAdults: z.boolean(),
  eligibility: z.string().nullable(),
  applicationProcess: z.string().nullable(),
  cost: z.string().nullable(),
  requiredDocuments: z.array(z.string()),
  phones: z.array(z.object({ number: z.string(), description: z.string().optional() })),
  contacts: z.array(
    z.object({ name: z.string().optional(), title: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }),
  ),
  openingHours: z.array(z.object({ days: z.array(z.string()), opensAt: z.string(), closesAt: z.string(), description: z.string().optional() })),
  locations: z.array(
    z.object({
      id: z.string(),
      hsdsId: z.string(),
      name: z.string().nullable(),
      address: z.string().nullable(),
      postalCode: z.string().nullable(),
      city: z.string().nullable(),
      country: z.string().nullable(),
      accessible: z.boolean(),
    }),
  ),
  curatorOrganisationId: z.string().nullable(),
  lastVerifiedAt: z.string().nullable(),
  lastVerifiedBy: z.string().nullable(),
  verificationDue: z.boolean().describe('Not verified for a year (or never)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type DirectoryService = z.infer<typeof serviceOutput>;

export const importResultOutput = z.object({ created: z.number(), updated: z.number() });
