import { defineModule } from '../module-manifest.ts';
import { directoryPolicy } from './directory.policy.ts';

/**
 * The directory module: the social map (services and their providers in HSDS 3.0 shape), its
 * full-text search, HSDS import and export; the gap register and the publishing setting are its
 * tables too. The search index (`directory_search` on SQLite, an expression index on PostgreSQL) is
 * derived from `directory_services` and is not a table of its own here.
 */
export const directoryModule = defineModule({
  name: 'directory',
  policy: directoryPolicy,
  tables: [
    'directory_organisations',
    'directory_services',
    'directory_service_themes',
    'directory_service_languages',
    'directory_locations',
    'directory_service_locations',
    'directory_gaps',
    'directory_settings',
  ],
  tenantTables: [
    'directory_organisations',
    'directory_services',
    'directory_service_themes',
    'directory_service_languages',
    'directory_locations',
    'directory_service_locations',
    'directory_gaps',
    'directory_settings',
  ],
  auditActions: [
    'directory.service_created',
    'directory.service_changed',
    'directory.service_verified',
    'directory.imported',
    'directory.gap_recorded',
    'directory.publishing_changed',
    'directory.verification_reminded',
  ],
  auditResourceTypes: ['directory_service', 'directory', 'directory_gap', 'directory_settings'],
  register: async (registration) => (await import('./index.ts')).registerDirectoryModule(registration),
});
