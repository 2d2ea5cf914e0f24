import { newId } from '../../platform/ids.ts';
import type { HsdsOrganization, HsdsService } from './hsds.schema.ts';
import type { ServiceFields } from './directory.schemas.ts';

/**
 * How a location's step-free access travels in HSDS: an entry of the location's `accessibility`
 * with this `details` (docs/directory-hsds-profile.md). Other accessibility entries travel unchanged
 * and are not read as "accessible".
 */
export const ACCESSIBLE_DETAILS = 'x_partnertafel:step_free';

/** Does an HSDS location's `accessibility` (an open part) say the place is step-free? */
export function isAccessible(accessibility: unknown): boolean {
  return (
    Array.isArray(accessibility) &&
    accessibility.some((entry) => typeof entry === 'object' && entry !== null && (entry as { details?: unknown }).details === ACCESSIBLE_DETAILS)
  );
}

/**
 * The curation API's fields written onto an HSDS service document (new or the stored one), so that
 * everything a curator enters is stored and exported as HSDS. Parts given replace the document's
 * parts (phones, contacts, opening hours, required documents, locations get new HSDS ids); parts left
 * out stay as they are. Language objects keep their HSDS ids when their code stays.
 */
export function applyFields(base: HsdsService, fields: ServiceFields): HsdsService {
  const doc: HsdsService = { ...base, x_partnertafel: { ...(base.x_partnertafel ?? {}) } };
  const profile = doc.x_partnertafel!;
  const set = <Key extends keyof HsdsService>(key: Key, value: HsdsService[Key] | undefined) => {
    if (value !== undefined) doc[key] = value;
  };
  set('name', fields.name);
  if (fields.alternateName !== undefined) doc.alternate_name = fields.alternateName || null;
  set('description', fields.description);
  if (fields.url !== undefined) doc.url = fields.url || null;
  set('email', fields.email);
  set('status', fields.status);
  if (fields.ageMin !== undefined) doc.minimum_age = fields.ageMin;
  if (fields.ageMax !== undefined) doc.maximum_age = fields.ageMax;
  if (fields.eligibility !== undefined) doc.eligibility_description = fields.eligibility || null;
  if (fields.applicationProcess !== undefined) doc.application_process = fields.applicationProcess || null;
  if (fields.cost !== undefined) doc.fees_description = fields.cost || null;
  if (fields.themes !== undefined) profile.themes = fields.themes;
  if (fields.waitingDays !== undefined) profile.waiting_days = fields.waitingDays;
  if (fields.noWaitingList !== undefined) profile.no_waiting_list = fields.noWaitingList;
  if (fields.boundBySecrecy !== undefined) profile.bound_by_professional_secrecy = fields.boundBySecrecy;
  if (fields.takesPartInTable !== undefined) profile.takes_part_in_partner_table = fields.takesPartInTable;
  if (fields.takesReferralsOfMinors !== undefined) profile.takes_referrals_of_minors = fields.takesReferralsOfMinors;
  if (fields.takesReferralsOfAdults !== undefined) profile.takes_referrals_of_adults = fields.takesReferralsOfAdults;
  if (profile.no_waiting_list) profile.waiting_days = null;
  if (fields.languages !== undefined) {
    const known = new Map((base.languages ?? []).filter((language) => language.code).map((language) => [language.code!, language]));
    doc.languages = fields.languages.map((language) => known.get(language.code) ?? { id: newId(), code: language.code });
    profile.interpreter_languages = fields.languages.filter((language) => language.interpreter).map((language) => language.code);
  }
  if (fields.requiredDocuments !== undefined) doc.required_documents = fields.requiredDocuments.map((document) => ({ id: newId(), document }));
  if (fields.phones !== undefined)
    doc.phones = fields.phones.map((phone) => ({ id: newId(), number: phone.number, description: phone.description ?? null }));
  if (fields.contacts !== undefined)
    doc.contacts = fields.contacts.map((contact) => ({
      id: newId(),
      name: contact.name ?? null,
      title: contact.title ?? null,
      email: contact.email ?? null,
      phones: contact.phone ? [{ id: newId(), number: contact.phone }] : null,
    }));
  if (fields.openingHours !== undefined)
    doc.schedules = fields.openingHours.map((hours) => ({
      id: newId(),
      freq: 'WEEKLY' as const,
      byday: hours.days.join(','),
      opens_at: hours.opensAt,
      closes_at: hours.closesAt,
      description: hours.description ?? null,
    }));
  if (fields.locations !== undefined)
    doc.service_at_locations = fields.locations.map((place) => {
      const locationId = newId();
      return {
        id: newId(),
        location_id: locationId,
        location: {
          id: locationId,
          location_type: 'physical' as const,
          name: place.name || null,
          ...(place.accessible
            ? { accessibility: [{ id: newId(), location_id: locationId, description: 'Step-free access', details: ACCESSIBLE_DETAILS }] }
            : {}),
          addresses: [
            {
              id: newId(),
              address_1: place.address,
              city: place.city,
              postal_code: place.postalCode,
              country: place.country ?? 'BE',
              address_type: 'physical' as const,
            },
          ],
        },
      };
    });
  return doc;
}

/** A new service document for one provider: the fields applied to the bare minimum HSDS requires. */
export function newServiceDoc(id: string, organization: HsdsOrganization, fields: ServiceFields): HsdsService {
  return applyFields({ id, name: fields.name ?? '', status: 'active', organization, organization_id: organization.id }, fields);
}
