import { defineModule } from '../module-manifest.ts';
import { screeningPolicy } from './screening.policy.ts';

/**
 * The screening module: screening instruments as versioned data (installation-wide, loaded by a
 * migration or the CLI), read through the API and a read-only page; and the screenings of the
 * consult point's signals (answers and rationale sealed, the judgement and its category in clear).
 */
export const screeningModule = defineModule({
  name: 'screening',
  policy: screeningPolicy,
  // Instruments are installation-wide (the same shipped content for every network): no tenant id, no guard.
  tables: ['screening_instruments', 'screenings'],
  tenantTables: ['screenings'],
  // The migration ships version 1 of each instrument; a restore replaces them with the backup's versions.
  shippedTables: ['screening_instruments'],
  auditActions: ['screening.recorded', 'screening.viewed'],
  auditResourceTypes: ['screening'],
  register: async (registration) => (await import('./index.ts')).registerScreeningModule(registration),
});
