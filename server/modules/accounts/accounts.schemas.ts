import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { ROLES } from '../../access/actor.ts';
import { LOCALES } from '../../platform/config.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, isCommonPassword } from '../../platform/passwords.ts';

export const SECTORS = [
  'city',
  'police',
  'justice',
  'youth_care',
  'welfare',
  'mental_health',
  'education',
  'youth_work',
  'employment',
  'community',
  'other',
] as const;
export const SECRECY_REGIMES = ['professional_secrecy', 'investigation_secrecy', 'discretion', 'none'] as const;
export const USER_STATUSES = ['active', 'disabled'] as const;

const name = text().trim().min(1).max(200).describe('Display name');
const email = text().trim().toLowerCase().max(254).pipe(z.email()).describe('Email address; also the sign-in name, unique over the installation');
const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'validation.date',
  });
export const password = text()
  .refine((value) => [...value].length >= PASSWORD_MIN_LENGTH, { message: 'validation.password_length' })
  .refine((value) => [...value].length <= PASSWORD_MAX_LENGTH, { message: 'validation.password_length' })
  .refine((value) => !isCommonPassword(value), { message: 'validation.password_common' })
  .describe(`Password, ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, any Unicode`);
export const slug = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, { message: 'validation.slug' })
  .describe('Short name used in addresses: lowercase letters, digits and dashes');

export const localeSchema = z.enum(LOCALES).describe('Interface language');
export const roleSchema = z.enum(ROLES);

export const organisationCreateSchema = z
  .strictObject({
    name,
    sector: z.enum(SECTORS).describe('Sector of the organisation'),
    secrecyRegime: z.enum(SECRECY_REGIMES).describe('Secrecy regime its professionals are bound by'),
    protocolSignedOn: isoDate.nullable().optional().describe('Date the cooperation protocol was signed (YYYY-MM-DD)'),
  })
  .describe('A new organisation around the table');

export const organisationPatchSchema = organisationCreateSchema.partial().describe('Changes to an organisation');

export const userCreateSchema = z
  .strictObject({
    email,
    name,
    organisationId: text().min(1).max(64).describe('Organisation the user works for'),
    roles: z.array(roleSchema).min(1).max(ROLES.length).describe('Roles in this local network'),
    locale: localeSchema.nullable().optional(),
  })
  .describe('A new user');

export const userPatchSchema = z
  .strictObject({
    name: name.optional(),
    organisationId: text().min(1).max(64).optional(),
    roles: z.array(roleSchema).min(1).max(ROLES.length).optional(),
    status: z.enum(USER_STATUSES).optional(),
    locale: localeSchema.nullable().optional(),
  })
  .describe('Changes to a user');

export const setupSchema = z.strictObject({
  tenantName: name,
  tenantSlug: slug,
  defaultLocale: localeSchema,
  organisationName: name,
  organisationSector: z.enum(SECTORS),
  adminName: name,
  adminEmail: email,
  password,
});

export const signInSchema = z.strictObject({
  email: text().trim().toLowerCase().min(1).max(254),
  password: text().min(1).max(1024),
});

export const codeSchema = z.strictObject({ code: text().trim().min(1).max(64).describe('A 6-digit authenticator code or a recovery code') });

export const reauthSchema = z.strictObject({ password: text().min(1).max(1024), code: text().trim().min(1).max(64) });

/** Change one's own password (API): the current one, then the new one under the password rules. */
export const passwordChangeSchema = z
  .strictObject({
    currentPassword: text().min(1).max(1024).describe('Your current password'),
    newPassword: password,
  })
  .describe('Change your own password');

/** The same on the page, with the new password typed twice. */
export const passwordChangeFormSchema = z
  .strictObject({
    currentPassword: text().min(1).max(1024),
    newPassword: password,
    newPasswordConfirmation: text().min(1).max(1024),
  })
  .refine((value) => value.newPassword === value.newPasswordConfirmation, {
    path: ['newPasswordConfirmation'],
    message: 'validation.password_mismatch',
  });

export const languageSchema = z.strictObject({ locale: localeSchema, returnTo: text().max(500).optional() });

// Output shapes, for the OpenAPI description.
export const organisationOutput = z.object({
  id: z.string(),
  name: z.string(),
  sector: z.enum(SECTORS),
  secrecyRegime: z.enum(SECRECY_REGIMES),
  protocolSignedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  organisationId: z.string(),
  roles: z.array(roleSchema),
  locale: localeSchema.nullable(),
  status: z.enum(USER_STATUSES),
  mfaEnrolled: z.boolean(),
  invitationPending: z.boolean().describe('No password chosen yet: the invitation link has not been used'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const meOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale: localeSchema,
  roles: z.array(roleSchema),
  organisation: z.object({ id: z.string(), name: z.string() }),
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
});

export type OrganisationCreate = z.infer<typeof organisationCreateSchema>;
export type OrganisationPatch = z.infer<typeof organisationPatchSchema>;
export type UserCreate = z.infer<typeof userCreateSchema>;
export type UserPatch = z.infer<typeof userPatchSchema>;
export type SetupInput = z.infer<typeof setupSchema>;
export type Organisation = z.infer<typeof organisationOutput>;
export type User = z.infer<typeof userOutput>;
export type Me = z.infer<typeof meOutput>;
