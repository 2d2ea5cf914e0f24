import { createService } from '../../server/modules/directory/index.ts';
import { actorFor } from '../../server/test/harness.ts';
import type { ExtraSeed } from './case-network.ts';

/**
 * One entry of the social map with everything its pages draw: contact people, opening hours (a day
 * open twice) and a place, with long names and addresses so that a narrow screen is put to the test.
 * Fictional names, `.example` addresses.
 */
export const DIRECTORY_ENTRY = {
  name: 'Jeugdonthaal De Overkant — huiswerkbegeleiding en vrijetijdsaanbod',
  description: 'Fictief: onthaal voor jongeren van 12 tot 18 jaar, zonder afspraak, met hulp bij huiswerk en vrije tijd.',
  organisation: 'Fictieve vzw De Overkant Rivierstede',
  contacts: [
    {
      name: 'Charlotte Vandenbergh-Fictief',
      title: 'Onthaalmedewerker',
      phone: '+32 50 00 00 41',
      email: 'charlotte.vandenbergh-fictief@de-overkant-rivierstede.example',
    },
    { name: 'Jonas Fictief', email: 'jonas@de-overkant-rivierstede.example' },
  ],
  openingHours: [
    { days: ['MO', 'WE', 'FR'], opensAt: '09:00', closesAt: '12:00' },
    { days: ['WE'], opensAt: '13:30', closesAt: '17:00' },
  ],
  location: { name: 'Jongerenhuis De Overkant', address: 'Fictieve Scheepstimmermanskaai 117 bus 3', postalCode: '9999', city: 'Rivierstede' },
} as const;

/** An ExtraSeed for startCaseApp: the coordinator adds the entry; `entry.id` is filled in before the server starts. */
export function directoryEntrySeed(): { seed: ExtraSeed; entry: { id: string } } {
  const entry = { id: '' };
  const seed: ExtraSeed = async ({ ctx, tenantId, people }) => {
    const coordinator = actorFor({
      tenantId,
      userId: people.coordinator.id,
      organisationId: people.coordinator.organisationId,
      roles: ['coordinator'],
    });
    const created = await createService(
      {
        input: {
          name: DIRECTORY_ENTRY.name,
          description: DIRECTORY_ENTRY.description,
          themes: ['school_dropout'],
          languages: [{ code: 'nl' }, { code: 'fr' }],
          ageMin: 12,
          ageMax: 18,
          organisation: { name: DIRECTORY_ENTRY.organisation },
          contacts: DIRECTORY_ENTRY.contacts.map((contact) => ({ ...contact })),
          openingHours: DIRECTORY_ENTRY.openingHours.map((hours) => ({ ...hours, days: [...hours.days] })),
          locations: [{ ...DIRECTORY_ENTRY.location, accessible: true }],
        },
      },
      coordinator,
      ctx,
    );
    entry.id = created.id;
  };
  return { seed, entry };
}
