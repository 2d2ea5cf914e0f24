import { isAccessible } from './curation-doc.ts';
import type { StoredService } from './directory.queries.ts';
import type { DirectoryService } from './directory.schemas.ts';
import type { DIRECTORY_THEMES, SERVICE_STATUSES } from './directory.vocabulary.ts';
import { VERIFICATION_PERIOD_DAYS } from './directory.vocabulary.ts';

type Details = {
  phones?: { number: string; description?: string }[];
  contacts?: { name?: string; title?: string; email?: string; phones?: { number: string }[] }[];
  schedules?: { byday?: string; opens_at?: string; closes_at?: string; description?: string }[];
  required_documents?: { document?: string }[];
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Never verified, or last verified a year ago or longer. */
export function isVerificationDue(lastVerifiedAt: string | null, now: Date): boolean {
  if (!lastVerifiedAt) return true;
  return now.getTime() - Date.parse(lastVerifiedAt) >= VERIFICATION_PERIOD_DAYS * DAY_MS;
}

/** One stored service in the API's shape. */
export function presentService(stored: StoredService, now: Date): DirectoryService {
  const { row, organisation, rows } = stored;
  const details = JSON.parse(row.details) as Details;
  return {
    id: row.id,
    hsdsId: row.hsds_id,
    organisation: {
      id: organisation.id,
      hsdsId: organisation.hsds_id,
      name: organisation.name,
      description: organisation.description,
      email: organisation.email,
      website: organisation.website,
    },
    name: row.name,
    alternateName: row.alternate_name,
    description: row.description,
    url: row.url,
    email: row.email,
    status: row.status as (typeof SERVICE_STATUSES)[number],
    themes: rows.themes as (typeof DIRECTORY_THEMES)[number][],
    ageMin: row.age_min,
    ageMax: row.age_max,
    languages: rows.languages.map((language) => ({ code: language.code, interpreter: language.interpreter === 1 })),
    waitingDays: row.waiting_days,
    noWaitingList: Number(row.no_waiting_list) === 1,
    boundBySecrecy: Number(row.bound_by_secrecy) === 1,
    takesPartInTable: Number(row.takes_part_in_table) === 1,
    takesReferralsOfMinors: Number(row.referrals_minors) === 1,
    takesReferralsOfAdults: Number(row.referrals_adults) === 1,
    eligibility: row.eligibility,
    applicationProcess: row.application_process,
    cost: row.fees_description,
    requiredDocuments: (details.required_documents ?? []).map((entry) => entry.document).filter((entry): entry is string => !!entry),
    phones: (details.phones ?? []).map((phone) => ({ number: phone.number, ...(phone.description ? { description: phone.description } : {}) })),
    contacts: (details.contacts ?? []).map((contact) => ({
      ...(contact.name ? { name: contact.name } : {}),
      ...(contact.title ? { title: contact.title } : {}),
      ...(contact.email ? { email: contact.email } : {}),
      ...(contact.phones?.[0] ? { phone: contact.phones[0].number } : {}),
    })),
    openingHours: (details.schedules ?? [])
      .filter((schedule) => schedule.byday && schedule.opens_at && schedule.closes_at)
      .map((schedule) => ({
        days: schedule.byday!.split(','),
        opensAt: schedule.opens_at!.slice(0, 5),
        closesAt: schedule.closes_at!.slice(0, 5),
        ...(schedule.description ? { description: schedule.description } : {}),
      })),
    locations: rows.locations.map(({ location }, index) => ({
      id: stored.locationIds[index]!,
      hsdsId: location.hsds_id,
      name: location.name,
      address: location.address_1,
      postalCode: location.postal_code,
      city: location.city,
      country: location.country,
      accessible: isAccessible((JSON.parse(location.extra) as { accessibility?: unknown }).accessibility),
    })),
    curatorOrganisationId: row.curator_organisation_id,
    lastVerifiedAt: row.last_verified_at,
    lastVerifiedBy: row.last_verified_by,
    verificationDue: isVerificationDue(row.last_verified_at, now),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
