/**
 * A small fictional HSDS 3.0 document for the social map's journey, written as another directory
 * tool would (a JSON array of services with their organization, languages, phones, locations; our
 * own fields in the `x_partnertafel` profile extension). Three services, so that a search for French
 * speakers of 15 finds exactly one: a French-speaking homework club for 10–16, a Dutch-only youth
 * service for 12–18 and a French-speaking service for adults. Every name and number is invented.
 */
export const JOURNEY_SERVICES = {
  expected: 'Club de devoirs La Passerelle',
  dutchOnly: 'Jeugdpunt Het Anker',
  adultsOnly: 'Service adultes Le Phare',
  provider: 'Fictieve vzw Passerelle',
  phone: '099 11 22 33',
  eligibility: 'Jeunes de Rivierstede, sans inscription préalable (fictif).',
  applicationProcess: 'Passez le mercredi après-midi avec un parent (fictif).',
} as const;

const ORGANISATION = {
  id: 'e2e-org-passerelle',
  name: JOURNEY_SERVICES.provider,
  description: 'Fictieve organisatie voor de browsertest.',
  email: 'info@passerelle.example',
  website: 'https://passerelle.example',
};

const address = (id: string, street: string) => ({
  id: `${id}-sal`,
  service_id: id,
  location_id: `${id}-loc`,
  location: {
    id: `${id}-loc`,
    location_type: 'physical',
    name: street,
    addresses: [{ id: `${id}-addr`, address_1: street, city: 'Rivierstede', postal_code: '9999', country: 'BE', address_type: 'physical' }],
  },
});

export const JOURNEY_HSDS_DOCUMENT = [
  {
    id: 'e2e-svc-passerelle',
    organization_id: ORGANISATION.id,
    name: JOURNEY_SERVICES.expected,
    description: 'Aide aux devoirs en français, le mercredi et le samedi (fictif).',
    status: 'active',
    eligibility_description: JOURNEY_SERVICES.eligibility,
    application_process: JOURNEY_SERVICES.applicationProcess,
    fees_description: 'Gratuit',
    minimum_age: 10,
    maximum_age: 16,
    phones: [{ id: 'e2e-svc-passerelle-phone', number: JOURNEY_SERVICES.phone }],
    languages: [
      { id: 'e2e-svc-passerelle-fr', name: 'French', code: 'fr' },
      { id: 'e2e-svc-passerelle-nl', name: 'Dutch', code: 'nl' },
    ],
    service_at_locations: [address('e2e-svc-passerelle', 'Quai des Bateliers 8')],
    organization: ORGANISATION,
    x_partnertafel: { themes: ['school_dropout'], no_waiting_list: true, takes_referrals_of_minors: true },
  },
  {
    id: 'e2e-svc-anker',
    organization_id: ORGANISATION.id,
    name: JOURNEY_SERVICES.dutchOnly,
    description: 'Huiswerkbegeleiding in het Nederlands (fictief).',
    status: 'active',
    minimum_age: 12,
    maximum_age: 18,
    languages: [{ id: 'e2e-svc-anker-nl', name: 'Dutch', code: 'nl' }],
    organization: ORGANISATION,
    x_partnertafel: { themes: ['school_dropout'], no_waiting_list: true },
  },
  {
    id: 'e2e-svc-phare',
    organization_id: ORGANISATION.id,
    name: JOURNEY_SERVICES.adultsOnly,
    description: 'Accompagnement des adultes en français (fictif).',
    status: 'active',
    minimum_age: 18,
    languages: [{ id: 'e2e-svc-phare-fr', name: 'French', code: 'fr' }],
    organization: ORGANISATION,
    x_partnertafel: { themes: ['other'], waiting_days: 30 },
  },
];
