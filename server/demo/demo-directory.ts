/**
 * The social map of the fictional demo network: a dozen services of eight invented providers in
 * Rivierstede (postal code 9999, which no Belgian municipality has) — youth work, school support, a
 * welfare centre, a French-speaking homework club, a sports initiative, a mosque and parish volunteer
 * initiative, a mental-health service with a waiting list … — most verified this month, one overdue
 * for verification; and a few gaps, one kind often enough (>= 5) that the gap report shows its bar,
 * others that it shows as "< 5". The map is NOT published (the tenant setting stays off, its default).
 * Loaded through the use cases, so everything is stored and audited as in real use.
 */
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { createService, recordGap, verifyService, type ServiceCreate } from '../modules/directory/index.ts';

export interface DemoDirectoryActors {
  readonly coordinator: Actor;
  /** Jeugdwerking De Stroming: curates its own entries. */
  readonly youthWork: Actor;
  readonly school: Actor;
  readonly youthCare: Actor;
  readonly minuteTaker: Actor;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const CITY = { postalCode: '9999', city: 'Rivierstede', country: 'BE' } as const;

/** A provider of the map and its services (without the provider, which the loader fills in). */
interface DemoProvider {
  readonly organisation: NonNullable<ServiceCreate['organisation']>;
  readonly services: readonly (Omit<ServiceCreate, 'organisation' | 'organisationId'> & { readonly key: string; readonly curator?: 'youthWork' })[];
}

/** The demo's providers and services. Every name, address, phone number and e-mail is invented. */
export const DEMO_DIRECTORY: readonly DemoProvider[] = [
  {
    organisation: {
      name: 'Jeugdwerking De Stroming',
      description: 'Fictief jeugdwerk in de wijken van Rivierstede.',
      website: 'https://stroming.example',
    },
    services: [
      {
        key: 'jeugdhuis',
        curator: 'youthWork',
        name: 'Jeugdhuis De Stroming',
        description: 'Open jeugdhuis met vrije inloop, activiteiten en een luisterend oor voor jongeren van 12 tot 21 (fictief).',
        themes: ['radicalisation', 'gangs', 'other'],
        ageMin: 12,
        ageMax: 21,
        languages: [{ code: 'nl' }, { code: 'fr' }, { code: 'ar' }],
        noWaitingList: true,
        cost: 'Gratis',
        applicationProcess: 'Kom gewoon langs tijdens de openingsuren.',
        phones: [{ number: '099 00 10 01' }],
        openingHours: [{ days: ['WE', 'FR', 'SA'], opensAt: '14:00', closesAt: '20:00' }],
        locations: [{ name: 'Jeugdhuis', address: 'Oeverstraat 12', ...CITY }],
        takesReferralsOfMinors: true,
        takesPartInTable: true,
      },
      {
        key: 'straathoek',
        curator: 'youthWork',
        name: 'Straathoekwerk Rivierstede',
        description: 'Straathoekwerkers zoeken jongeren op waar ze zijn: pleinen, station, parken (fictief).',
        themes: ['drugs', 'gangs'],
        ageMin: 14,
        ageMax: 25,
        languages: [{ code: 'nl' }, { code: 'en' }, { code: 'ar', interpreter: true }],
        noWaitingList: true,
        cost: 'Gratis',
        phones: [{ number: '099 00 10 02' }],
        takesReferralsOfMinors: true,
        takesReferralsOfAdults: true,
      },
    ],
  },
  {
    organisation: { name: 'Leerlingenbegeleiding Rivierstede', description: 'Fictieve schoolondersteuning voor alle scholen van de stad.' },
    services: [
      {
        key: 'schoolsupport',
        name: 'Spijbelpunt',
        description: 'Ondersteuning bij schoolverzuim en schooluitval: gesprekken met leerling, ouders en school (fictief).',
        themes: ['school_dropout'],
        ageMin: 12,
        ageMax: 18,
        languages: [{ code: 'nl' }, { code: 'fr', interpreter: true }],
        waitingDays: 14,
        boundBySecrecy: true,
        takesReferralsOfMinors: true,
        applicationProcess: 'Aanmelding door de school of de ouders.',
        eligibility: 'Leerlingen van een school in Rivierstede.',
        phones: [{ number: '099 00 20 01' }],
        locations: [{ address: 'Schoolplein 3', ...CITY }],
      },
    ],
  },
  {
    organisation: {
      name: 'Welzijnshuis Rivierstede',
      description: 'Fictief centrum voor algemeen welzijnswerk.',
      email: 'onthaal@welzijnshuis.example',
    },
    services: [
      {
        key: 'onthaal',
        name: 'Onthaal Welzijnshuis',
        alternateName: 'Accueil Maison du bien-être',
        description: 'Vrij onthaal voor iedereen met een vraag over geld, wonen, relaties of papieren (fictief).',
        themes: ['intra_family_violence', 'other'],
        ageMin: 16,
        ageMax: null,
        languages: [{ code: 'nl' }, { code: 'fr' }, { code: 'en' }, { code: 'ar', interpreter: true }, { code: 'tr', interpreter: true }],
        noWaitingList: true,
        boundBySecrecy: true,
        takesReferralsOfAdults: true,
        cost: 'Gratis',
        phones: [{ number: '099 00 30 01' }],
        openingHours: [{ days: ['MO', 'TU', 'TH'], opensAt: '09:00', closesAt: '12:30' }],
        locations: [{ name: 'Welzijnshuis', address: 'Kaai 40', ...CITY }],
      },
      {
        key: 'family-violence',
        name: 'Steunpunt Veilig Thuis Rivierstede',
        description: 'Begeleiding bij geweld binnen het gezin, voor slachtoffers en plegers (fictief).',
        themes: ['intra_family_violence'],
        ageMin: 18,
        ageMax: null,
        languages: [{ code: 'nl' }, { code: 'fr' }],
        waitingDays: 7,
        boundBySecrecy: true,
        takesPartInTable: true,
        takesReferralsOfAdults: true,
        phones: [{ number: '099 00 30 02' }],
      },
    ],
  },
  {
    organisation: { name: 'Les Devoirs du Quai asbl', description: 'Association fictive d’aide aux devoirs en français.' },
    services: [
      {
        key: 'homework-fr',
        name: 'École des devoirs Le Quai',
        description: 'Aide aux devoirs en français pour les jeunes de 10 à 16 ans, du lundi au jeudi après l’école (fictif).',
        themes: ['school_dropout'],
        ageMin: 10,
        ageMax: 16,
        languages: [{ code: 'fr' }, { code: 'ar' }],
        noWaitingList: true,
        cost: '5 euro par trimestre',
        applicationProcess: 'Inscription sur place, avec un parent.',
        phones: [{ number: '099 00 40 01' }],
        openingHours: [{ days: ['MO', 'TU', 'WE', 'TH'], opensAt: '16:00', closesAt: '18:00' }],
        locations: [{ name: 'Salle du Quai', address: 'Quai des Bateliers 5', ...CITY }],
        takesReferralsOfMinors: true,
      },
    ],
  },
  {
    organisation: { name: 'Sportief Rivierstede vzw', description: 'Fictief buurtsportinitiatief.' },
    services: [
      {
        key: 'sports',
        name: 'Buurtsport Pleinvoetbal',
        description: 'Wekelijks pleinvoetbal en boksen voor jongeren uit de buurt; sport als brug naar hulp (fictief).',
        themes: ['gangs', 'other'],
        ageMin: 10,
        ageMax: 23,
        languages: [{ code: 'nl' }, { code: 'fr' }, { code: 'en' }],
        noWaitingList: true,
        cost: 'Gratis',
        locations: [{ name: 'Sportplein Noord', address: 'Noorderlaan 1', ...CITY }],
      },
    ],
  },
  {
    organisation: {
      name: 'Buurtnetwerk Moskee Al-Nour en Parochie Sint-Jan',
      description: 'Fictief vrijwilligersinitiatief van een moskee en een parochie samen.',
    },
    services: [
      {
        key: 'faith-volunteers',
        name: 'Samen Sterk: huiswerk en gesprek',
        description: 'Vrijwilligers van moskee en parochie bieden huiswerkhulp, een maaltijd en een gesprek voor jongeren en hun ouders (fictief).',
        themes: ['radicalisation', 'school_dropout', 'other'],
        ageMin: 8,
        ageMax: 18,
        languages: [{ code: 'nl' }, { code: 'ar' }, { code: 'tzm' }, { code: 'fr' }],
        noWaitingList: true,
        cost: 'Gratis',
        phones: [{ number: '099 00 60 01' }],
        openingHours: [{ days: ['SA'], opensAt: '10:00', closesAt: '13:00' }],
        locations: [{ name: 'Parochiezaal Sint-Jan', address: 'Kerkstraat 2', ...CITY }],
      },
    ],
  },
  {
    organisation: { name: 'Centrum Geestelijke Gezondheid De Brug', description: 'Fictief centrum voor geestelijke gezondheidszorg.' },
    services: [
      {
        key: 'mental-health',
        name: 'Jongerenteam De Brug',
        description: 'Ambulante therapie voor jongeren met angst, depressie of trauma (fictief). Er is een wachtlijst.',
        themes: ['other'],
        ageMin: 12,
        ageMax: 25,
        languages: [{ code: 'nl' }, { code: 'en' }],
        waitingDays: 120,
        boundBySecrecy: true,
        takesReferralsOfMinors: true,
        takesReferralsOfAdults: true,
        eligibility: 'Verwijzing door een huisarts of CLB.',
        applicationProcess: 'Aanmelden via het aanmeldformulier; intake binnen vier maanden.',
        cost: 'Remgeld volgens inkomen',
        phones: [{ number: '099 00 70 01' }],
        locations: [{ address: 'Brugstraat 9', ...CITY }],
      },
      {
        key: 'addiction',
        name: 'Drugpunt De Brug',
        description: 'Informatie, advies en begeleiding bij alcohol- en druggebruik, voor volwassenen (fictief).',
        themes: ['drugs'],
        ageMin: 18,
        ageMax: null,
        languages: [{ code: 'nl' }],
        waitingDays: 21,
        boundBySecrecy: true,
        takesReferralsOfAdults: true,
        phones: [{ number: '099 00 70 02' }],
      },
    ],
  },
  {
    organisation: { name: 'Werkwinkel Rivierstede', description: 'Fictieve ondersteuning naar werk en opleiding.' },
    services: [
      {
        key: 'jobs',
        name: 'Jongerencoaching naar werk',
        description: 'Coaching naar een eerste job of een opleiding voor jongvolwassenen zonder diploma (fictief).',
        themes: ['school_dropout', 'other'],
        ageMin: 18,
        ageMax: 25,
        languages: [{ code: 'nl' }, { code: 'fr' }, { code: 'en' }],
        waitingDays: 10,
        takesReferralsOfAdults: true,
        phones: [{ number: '099 00 80 01' }],
      },
      {
        key: 'overdue',
        name: 'Vakantiejob-zitdag',
        description: 'Zitdag over vakantiejobs voor studenten vanaf 15 jaar (fictief). Al meer dan een jaar niet nagekeken.',
        themes: ['other'],
        ageMin: 15,
        ageMax: 25,
        languages: [{ code: 'nl' }],
        noWaitingList: true,
      },
    ],
  },
];

/** The entry not verified for more than a year (flagged on the map, and its curators get a reminder). */
export const DEMO_OVERDUE_SERVICE = 'Vakantiejob-zitdag';

/**
 * The demo's gaps: six of one kind (the report shows its bar), smaller ones shown as "< 5". Words
 * from the fixed lists only, as every gap.
 */
export const DEMO_GAPS = [
  ...Array.from({ length: 6 }, () => ({ theme: 'other', ageGroup: '12-17', reason: 'waiting_list' }) as const),
  { theme: 'school_dropout', ageGroup: '12-17', language: 'fr', reason: 'language' },
  { theme: 'school_dropout', ageGroup: '12-17', language: 'fr', reason: 'language' },
  { theme: 'drugs', ageGroup: '12-17', reason: 'does_not_exist' },
  { theme: 'intra_family_violence', ageGroup: '0-11', language: 'ar', reason: 'language' },
] as const;

/** The context with its clock set to `when`. */
const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, clock: { now: () => new Date(when) } });

/** Loads DEMO_DIRECTORY and DEMO_GAPS; answers the services' ids by key. */
export async function loadDemoDirectory(ctx: AppContext, who: DemoDirectoryActors): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const now = ctx.clock.now();
  for (const provider of DEMO_DIRECTORY) {
    let organisationId: string | undefined;
    for (const { key, curator, ...service } of provider.services) {
      const actor = curator === 'youthWork' ? who.youthWork : who.coordinator;
      // The overdue entry was added and last checked some 14 months ago; the others this week.
      const when = key === 'overdue' ? new Date(now.getTime() - 430 * DAY) : new Date(now.getTime() - 2 * DAY);
      const input: ServiceCreate = organisationId ? { ...service, organisationId } : { ...service, organisation: provider.organisation };
      const created = await createService({ input }, actor, at(ctx, when));
      organisationId = created.organisation.id;
      await verifyService({ id: created.id }, actor, at(ctx, when));
      ids.set(key, created.id);
    }
  }
  const recorders = [who.coordinator, who.school, who.youthCare, who.minuteTaker];
  for (const [index, gap] of DEMO_GAPS.entries()) {
    await recordGap({ input: { ...gap } }, recorders[index % recorders.length]!, at(ctx, new Date(now.getTime() - (index + 1) * MINUTE)));
  }
  return ids;
}
