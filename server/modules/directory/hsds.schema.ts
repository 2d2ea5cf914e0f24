import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { DIRECTORY_THEMES, LANGUAGE_CODE_PATTERN, LOCATION_TYPES, SERVICE_STATUSES } from './directory.vocabulary.ts';

/**
 * Open Referral HSDS 3.0 (Human Services Data Specification), the service-centred JSON shape of its
 * API (a service with its organization, locations, languages, phones, schedules, contacts … nested),
 * written from the specification's field lists. Both directions use it: the import parses a document
 * with `hsdsDocumentSchema`, the export validates what it produces against the same schema.
 *
 * - Required fields are those the specification requires (`id`, `name`, `status` of a service; `id`,
 *   `name`, `description` of an organization; `id`, `location_type` of a location; …) — except an
 *   address's `state_province`, which Belgian addresses do not have; optional ones may be absent or
 *   null, as documents made by other tools often carry null. A service must carry its organization
 *   nested (the map needs the provider).
 * - Parts of HSDS we keep but do not interpret (attributes, metadata, funding, program, accessibility,
 *   identifiers …) are accepted as JSON and travel unchanged.
 * - Unknown fields are refused (a misspelt field is a problem worth naming), except inside those
 *   free parts.
 * - Our own fields travel in `x_partnertafel`, the profile extension documented in
 *   docs/directory-hsds-profile.md.
 */

const id = text().trim().min(1).max(100);
const str = (max = 500) => text().max(max).nullish();
const longText = (max = 10000) => text({ multiline: true }).max(max).nullish();
const free = z.array(z.unknown()).nullish();
const freeObject = z.record(z.string(), z.unknown()).nullish();
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$/;
const date = text().regex(DATE, { message: 'validation.date' }).nullish();
const time = text().regex(TIME, { message: 'validation.time' }).nullish();
const dateTime = text().max(40).nullish();

/** The open parts every HSDS object may carry. */
const common = { attributes: free, metadata: free };

export const hsdsLanguageSchema = z.strictObject({
  id,
  service_id: str(100),
  location_id: str(100),
  phone_id: str(100),
  name: str(100),
  code: text().regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' }).nullish(),
  note: str(500),
  ...common,
});

export const hsdsPhoneSchema = z.strictObject({
  id,
  location_id: str(100),
  service_id: str(100),
  organization_id: str(100),
  contact_id: str(100),
  service_at_location_id: str(100),
  number: text().trim().min(1).max(50),
  extension: z.number().int().nonnegative().nullish(),
  type: z.enum(['text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone']).nullish(),
  description: str(500),
  languages: z.array(hsdsLanguageSchema).nullish(),
  ...common,
});

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const hsdsScheduleSchema = z.strictObject({
  id,
  service_id: str(100),
  location_id: str(100),
  service_at_location_id: str(100),
  valid_from: date,
  valid_to: date,
  dtstart: date,
  timezone: z.number().nullish(),
  until: date,
  count: z.number().int().nullish(),
  wkst: z.enum(WEEKDAYS).nullish(),
  freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
  interval: z.number().int().nullish(),
  byday: text()
    .regex(/^(-?\d?(MO|TU|WE|TH|FR|SA|SU))(,-?\d?(MO|TU|WE|TH|FR|SA|SU))*$/, { message: 'validation.format' })
    .nullish(),
  byweekno: str(100),
  bymonthday: str(100),
  byyearday: str(100),
  description: longText(2000),
  opens_at: time,
  closes_at: time,
  schedule_link: str(500),
  attending_type: str(100),
  notes: longText(2000),
  ...common,
});

export const hsdsContactSchema = z.strictObject({
  id,
  organization_id: str(100),
  service_id: str(100),
  service_at_location_id: str(100),
  location_id: str(100),
  name: str(200),
  title: str(200),
  department: str(200),
  email: text().email({ message: 'validation.email' }).max(254).nullish(),
  phones: z.array(hsdsPhoneSchema).nullish(),
  ...common,
});

export const hsdsCostOptionSchema = z.strictObject({
  id,
  service_id: str(100),
  valid_from: date,
  valid_to: date,
  option: str(500),
  currency: text()
    .regex(/^[A-Z]{3}$/, { message: 'validation.format' })
    .nullish(),
  amount: z.number().nonnegative().nullish(),
  amount_description: str(500),
  ...common,
});

export const hsdsRequiredDocumentSchema = z.strictObject({ id, service_id: str(100), document: str(500), uri: str(500), ...common });

export const hsdsServiceAreaSchema = z.strictObject({
  id,
  service_id: str(100),
  service_at_location_id: str(100),
  name: str(300),
  description: longText(2000),
  extent: longText(100000),
  extent_type: z.enum(['geojson', 'topojson', 'kml', 'text']).nullish(),
  uri: str(500),
  ...common,
});

export const hsdsAddressSchema = z.strictObject({
  id,
  location_id: str(100),
  attention: str(200),
  address_1: text().trim().min(1).max(300),
  address_2: str(300),
  city: text().trim().min(1).max(150),
  region: str(150),
  // Required by HSDS 3.0; optional here: Belgian addresses have no state or province line.
  state_province: str(150),
  postal_code: text().trim().min(1).max(20),
  country: text().regex(/^[A-Z]{2}$/, { message: 'validation.country_code' }),
  address_type: z.enum(LOCATION_TYPES),
  ...common,
});

export const hsdsLocationSchema = z.strictObject({
  id,
  location_type: z.enum(LOCATION_TYPES),
  url: str(500),
  organization_id: str(100),
  name: str(300),
  alternate_name: str(300),
  description: longText(),
  transportation: longText(2000),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  external_identifier: str(200),
  external_identifier_type: str(200),
  languages: z.array(hsdsLanguageSchema).nullish(),
  addresses: z.array(hsdsAddressSchema).nullish(),
  contacts: z.array(hsdsContactSchema).nullish(),
  accessibility: free,
  phones: z.array(hsdsPhoneSchema).nullish(),
  schedules: z.array(hsdsScheduleSchema).nullish(),
  ...common,
});

export const hsdsServiceAtLocationSchema = z.strictObject({
  id,
  service_id: str(100),
  location_id: str(100),
  description: longText(),
  service_areas: z.array(hsdsServiceAreaSchema).nullish(),
  contacts: z.array(hsdsContactSchema).nullish(),
  phones: z.array(hsdsPhoneSchema).nullish(),
  schedules: z.array(hsdsScheduleSchema).nullish(),
  location: hsdsLocationSchema,
  ...common,
});

export const hsdsOrganizationSchema = z.strictObject({
  id,
  name: text().trim().min(1).max(300),
  alternate_name: str(300),
  description: text({ multiline: true }).max(10000),
  email: text().email({ message: 'validation.email' }).max(254).nullish(),
  website: str(500),
  additional_websites: free,
  tax_status: str(200),
  tax_id: str(200),
  year_incorporated: z.number().int().nullish(),
  legal_status: str(200),
  logo: str(500),
  uri: str(500),
  parent_organization_id: str(100),
  funding: free,
  contacts: free,
  phones: free,
  locations: free,
  programs: free,
  organization_identifiers: free,
  ...common,
});

/** Our profile extension (docs/directory-hsds-profile.md): snake_case like HSDS. */
export const hsdsProfileSchema = z.strictObject({
  themes: z.array(z.enum(DIRECTORY_THEMES)).max(DIRECTORY_THEMES.length).optional(),
  interpreter_languages: z
    .array(text().regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' }))
    .max(100)
    .optional(),
  waiting_days: z.number().int().min(0).max(3650).nullish(),
  no_waiting_list: z.boolean().optional(),
  bound_by_professional_secrecy: z.boolean().optional(),
  takes_part_in_partner_table: z.boolean().optional(),
  takes_referrals_of_minors: z.boolean().optional(),
  takes_referrals_of_adults: z.boolean().optional(),
  last_verified_at: dateTime,
});

export const hsdsServiceSchema = z
  .strictObject({
    id,
    organization_id: str(100),
    program_id: str(100),
    name: text().trim().min(1).max(300),
    alternate_name: str(300),
    description: longText(),
    url: str(500),
    email: text().email({ message: 'validation.email' }).max(254).nullish(),
    status: z.enum(SERVICE_STATUSES),
    interpretation_services: longText(2000),
    application_process: longText(),
    fees_description: longText(),
    accreditations: longText(2000),
    eligibility_description: longText(),
    minimum_age: z.number().int().min(0).max(130).nullish(),
    maximum_age: z.number().int().min(0).max(130).nullish(),
    assured_date: date,
    assurer_email: text().email({ message: 'validation.email' }).max(254).nullish(),
    licenses: longText(2000),
    alert: longText(2000),
    last_modified: dateTime,
    phones: z.array(hsdsPhoneSchema).nullish(),
    schedules: z.array(hsdsScheduleSchema).nullish(),
    service_areas: z.array(hsdsServiceAreaSchema).nullish(),
    service_at_locations: z.array(hsdsServiceAtLocationSchema).nullish(),
    languages: z.array(hsdsLanguageSchema).nullish(),
    organization: hsdsOrganizationSchema,
    funding: free,
    cost_options: z.array(hsdsCostOptionSchema).nullish(),
    program: freeObject,
    required_documents: z.array(hsdsRequiredDocumentSchema).nullish(),
    contacts: z.array(hsdsContactSchema).nullish(),
    capacities: free,
    ...common,
    x_partnertafel: hsdsProfileSchema.optional(),
  })
  .superRefine((service, context) => {
    if (service.minimum_age != null && service.maximum_age != null && service.minimum_age > service.maximum_age)
      context.addIssue({ code: 'custom', path: ['maximum_age'], message: 'validation.age_range' });
    if (service.organization_id != null && service.organization_id !== service.organization.id)
      context.addIssue({ code: 'custom', path: ['organization_id'], message: 'validation.hsds_organization_mismatch' });
    const profile = service.x_partnertafel;
    if (profile?.no_waiting_list && profile.waiting_days != null && profile.waiting_days > 0)
      context.addIssue({ code: 'custom', path: ['x_partnertafel', 'waiting_days'], message: 'validation.waiting_list' });
    const codes = new Set((service.languages ?? []).map((language) => language.code));
    for (const [index, code] of (profile?.interpreter_languages ?? []).entries())
      if (!codes.has(code))
        context.addIssue({ code: 'custom', path: ['x_partnertafel', 'interpreter_languages', index], message: 'validation.interpreter_language' });
  });

export type HsdsService = z.infer<typeof hsdsServiceSchema>;
export type HsdsLocation = z.infer<typeof hsdsLocationSchema>;
export type HsdsOrganization = z.infer<typeof hsdsOrganizationSchema>;

/** A document: a JSON array of services; every service id appears once. */
export const hsdsDocumentSchema = z
  .array(hsdsServiceSchema)
  .max(20000)
  .superRefine((services, context) => {
    const seen = new Set<string>();
    for (const [index, service] of services.entries()) {
      if (seen.has(service.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: 'validation.hsds_duplicate_id' });
      seen.add(service.id);
    }
  });
