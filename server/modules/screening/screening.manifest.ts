import { defineModule } from '../module-manifest.ts';
import { screeningPolicy } from './screening.policy.ts';

/**
 * The screening module: screening instruments as versioned data (installation-wide, loaded by a
 * migration or the CLI), read through the API and a read-only page. Screenings themselves come with
 * the signals of the consult point (issue 11).
 */
export const screeningModule = defineModule({
  name: 'screening',
  policy: screeningPolicy,
  // Installation-wide: the same shipped content for every network, so no tenant id and no guard.
  tables: ['screening_instruments'],
  tenantTables: [],
  // The migration ships version 1 of each instrument; a restore replaces them with the backup's versions.
  shippedTables: ['screening_instruments'],
  auditActions: [],
  auditResourceTypes: [],
  register: async (registration) => (await import('./index.ts')).registerScreeningModule(registration),
});
