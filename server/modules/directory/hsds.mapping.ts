import type { HsdsLocation, HsdsOrganization, HsdsService } from './hsds.schema.ts';
import { searchTextOf } from './search-text.ts';

/**
 * Between an HSDS 3.0 service (with our profile extension) and the rows that hold it — pure, both
 * ways, so that import, curation and export share one mapping and `docFromRows(rowsFromDoc(doc))` is
 * the document in its canonical form (null and empty values dropped, keys in a fixed order).
 *
 * What goes where: the fields we filter, sort or show are columns (name, status, ages, waiting time,
 * the secrecy and participation profile, eligibility, how to apply, cost); themes and languages are
 * child rows as well; phones, schedules, contacts, cost options, required documents, service areas
 * and the HSDS language objects are JSON in `details`; every other HSDS field is JSON in `extra`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OrganisationRow {
  hsds_id: string;
  name: string;
  alternate_name: string | null;
  description: string;
  email: string | null;
  website: string | null;
  extra: string;
}

export interface LocationRows {
  location: {
    hsds_id: string;
    location_type: string;
    name: string | null;
    address_1: string | null;
    city: string | null;
    postal_code: string | null;
    region: string | null;
    country: string | null;
    latitude: number | null;
    longitude: number | null;
    extra: string;
  };
  link: { hsds_id: string; extra: string };
}

export interface ServiceRowValues {
  hsds_id: string;
  name: string;
  alternate_name: string | null;
  description: string;
  url: string | null;
  email: string | null;
  status: string;
  age_min: number | null;
  age_max: number | null;
  waiting_days: number | null;
  no_waiting_list: number;
  bound_by_secrecy: number;
  takes_part_in_table: number;
  referrals_minors: number;
  referrals_adults: number;
  eligibility: string | null;
  application_process: string | null;
  fees_description: string | null;
  details: string;
  extra: string;
  last_verified_at: string | null;
}

/** Everything one service document is stored as. */
export interface ServiceRows {
  organisation: OrganisationRow;
  service: ServiceRowValues;
  themes: string[];
  languages: { code: string; interpreter: number }[];
  locations: LocationRows[];
}

/** Drops null, undefined, empty arrays and empty objects, recursively; keys sorted. */
export function compact(value: unknown): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(compact).filter((item): item is Json => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => [key, compact((value as Record<string, unknown>)[key])] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : (Object.fromEntries(entries) as Json);
  }
  return value as Json;
}

const json = (value: unknown): string => JSON.stringify(compact(value) ?? {});
const parse = (value: string): Record<string, Json> => JSON.parse(value) as Record<string, Json>;
const without = (value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
const flag = (value: boolean | undefined): number => (value ? 1 : 0);

const ORGANISATION_COLUMNS = ['id', 'name', 'alternate_name', 'description', 'email', 'website'] as const;
const LOCATION_COLUMNS = ['id', 'location_type', 'name', 'latitude', 'longitude'] as const;
const LINK_COLUMNS = ['id', 'service_id', 'location_id', 'location'] as const;
const DETAIL_FIELDS = ['phones', 'schedules', 'service_areas', 'languages', 'cost_options', 'required_documents', 'contacts'] as const;
const SERVICE_COLUMNS = [
  'id',
  'organization_id',
  'name',
  'alternate_name',
  'description',
  'url',
  'email',
  'status',
  'application_process',
  'fees_description',
  'eligibility_description',
  'minimum_age',
  'maximum_age',
  'last_modified',
  'organization',
  'service_at_locations',
  'x_partnertafel',
  ...DETAIL_FIELDS,
] as const;

export function organisationRowFromDoc(organization: HsdsOrganization): OrganisationRow {
  return {
    hsds_id: organization.id,
    name: organization.name,
    alternate_name: organization.alternate_name ?? null,
    description: organization.description,
    email: organization.email ?? null,
    website: organization.website ?? null,
    extra: json(without(organization, ORGANISATION_COLUMNS)),
  };
}

function locationRowsFromDoc(link: NonNullable<HsdsService['service_at_locations']>[number]): LocationRows {
  const location: HsdsLocation = link.location;
  const address = location.addresses?.find((entry) => entry.address_type === 'physical') ?? location.addresses?.[0];
  return {
    location: {
      hsds_id: location.id,
      location_type: location.location_type,
      name: location.name ?? null,
      address_1: address?.address_1 ?? null,
      city: address?.city ?? null,
      postal_code: address?.postal_code ?? null,
      region: address?.region ?? address?.state_province ?? null,
      country: address?.country ?? null,
      latitude: location.latitude ?? null,
      longitude: location.longitude ?? null,
      extra: json(without(location, LOCATION_COLUMNS)),
    },
    link: { hsds_id: link.id, extra: json(without(link, LINK_COLUMNS)) },
  };
}

/** The rows of one (valid) service document. */
export function rowsFromDoc(doc: HsdsService): ServiceRows {
  const profile = doc.x_partnertafel ?? {};
  const interpreted = new Set(profile.interpreter_languages ?? []);
  const codes = [...new Set((doc.languages ?? []).map((language) => language.code).filter((code): code is string => !!code))].sort();
  const details = Object.fromEntries(DETAIL_FIELDS.map((field) => [field, doc[field]]));
  return {
    organisation: organisationRowFromDoc(doc.organization),
    service: {
      hsds_id: doc.id,
      name: doc.name,
      alternate_name: doc.alternate_name ?? null,
      description: doc.description ?? '',
      url: doc.url ?? null,
      email: doc.email ?? null,
      status: doc.status,
      age_min: doc.minimum_age ?? null,
      age_max: doc.maximum_age ?? null,
      waiting_days: profile.no_waiting_list ? null : (profile.waiting_days ?? null),
      no_waiting_list: flag(profile.no_waiting_list),
      bound_by_secrecy: flag(profile.bound_by_professional_secrecy),
      takes_part_in_table: flag(profile.takes_part_in_partner_table),
      referrals_minors: flag(profile.takes_referrals_of_minors),
      referrals_adults: flag(profile.takes_referrals_of_adults),
      eligibility: doc.eligibility_description ?? null,
      application_process: doc.application_process ?? null,
      fees_description: doc.fees_description ?? null,
      details: json(details),
      extra: json(without(doc, SERVICE_COLUMNS)),
      last_verified_at: profile.last_verified_at ?? null,
    },
    themes: [...new Set(profile.themes ?? [])].sort(),
    languages: codes.map((code) => ({ code, interpreter: interpreted.has(code) ? 1 : 0 })),
    locations: (doc.service_at_locations ?? []).map(locationRowsFromDoc),
  };
}

/** The HSDS organization of a stored provider, in canonical form. */
export function organizationFromRow(organisation: OrganisationRow): HsdsOrganization {
  return compact({
    ...parse(organisation.extra),
    id: organisation.hsds_id,
    name: organisation.name,
    alternate_name: organisation.alternate_name,
    description: organisation.description,
    email: organisation.email,
    website: organisation.website,
  }) as unknown as HsdsOrganization;
}

/** The document of stored rows, in canonical form (see `compact`). */
export function docFromRows(rows: ServiceRows, lastModified: string | null): HsdsService {
  const { organisation, service } = rows;
  const organization = organizationFromRow(organisation);
  const details = parse(service.details);
  const doc = {
    ...parse(service.extra),
    ...details,
    id: service.hsds_id,
    organization_id: organisation.hsds_id,
    name: service.name,
    alternate_name: service.alternate_name,
    description: service.description || null,
    url: service.url,
    email: service.email,
    status: service.status,
    application_process: service.application_process,
    fees_description: service.fees_description,
    eligibility_description: service.eligibility,
    minimum_age: service.age_min,
    maximum_age: service.age_max,
    last_modified: lastModified,
    organization,
    service_at_locations: rows.locations.map(({ location, link }) => ({
      ...parse(link.extra),
      id: link.hsds_id,
      location_id: location.hsds_id,
      location: {
        ...parse(location.extra),
        id: location.hsds_id,
        location_type: location.location_type,
        name: location.name,
        latitude: location.latitude,
        longitude: location.longitude,
      },
    })),
    x_partnertafel: {
      themes: rows.themes,
      interpreter_languages: rows.languages.filter((language) => language.interpreter === 1).map((language) => language.code),
      waiting_days: service.waiting_days,
      no_waiting_list: service.no_waiting_list === 1,
      bound_by_professional_secrecy: service.bound_by_secrecy === 1,
      takes_part_in_partner_table: service.takes_part_in_table === 1,
      takes_referrals_of_minors: service.referrals_minors === 1,
      takes_referrals_of_adults: service.referrals_adults === 1,
      last_verified_at: service.last_verified_at,
    },
  };
  return compact(doc) as unknown as HsdsService;
}

/** A comparable fingerprint of stored content (what an import would change), without timestamps. */
export function fingerprintOf(rows: unknown): string {
  return JSON.stringify(compact(rows));
}

/** The folded words a service is found by: its names, descriptions, organisation, eligibility, places. */
export function searchTextOfRows(rows: ServiceRows): string {
  return searchTextOf([
    rows.service.name,
    rows.service.alternate_name,
    rows.service.description,
    rows.organisation.name,
    rows.organisation.alternate_name,
    rows.service.eligibility,
    rows.service.application_process,
    ...rows.locations.flatMap(({ location }) => [location.name, location.city]),
  ]);
}
