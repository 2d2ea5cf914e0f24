import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadServices } from './directory.queries.ts';
import { presentService } from './directory.presenter.ts';

/** What another module shows of a linked service: its name, provider, contact and conditions. */
export interface LinkedService {
  readonly id: string;
  readonly name: string;
  readonly provider: string;
  readonly contact: string | null;
  readonly conditions: string | null;
}

/**
 * The services of one network's map with these ids, for a module that links to them (an agreement
 * of a plan of approach). An id of another network's map, or of none, is simply not in the answer:
 * callers use it to refuse a link too. The map holds services, never people: no read is audited.
 */
export async function linkedServices(db: Kysely<Database>, tenantId: string, ids: readonly string[], now: Date): Promise<Map<string, LinkedService>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const stored = await loadServices(db, tenantId, unique);
  return new Map(
    stored.map((entry) => {
      const service = presentService(entry, now);
      const contact = [
        ...service.phones.map((phone) => phone.number),
        service.email,
        ...service.contacts.map((person) => person.email ?? person.phone),
      ]
        .filter((part): part is string => Boolean(part))
        .join(' · ');
      const conditions = [service.eligibility, service.applicationProcess].filter(Boolean).join(' — ');
      return [
        service.id,
        { id: service.id, name: service.name, provider: service.organisation.name, contact: contact || null, conditions: conditions || null },
      ];
    }),
  );
}

/** The map's services as choices for a link (id, name and provider), by name. */
export async function serviceChoices(db: Kysely<Database>, tenantId: string): Promise<{ id: string; label: string }[]> {
  const rows = await db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organisations as o', (join) =>
      join.onRef('o.id', '=', 's.directory_organisation_id').onRef('o.tenant_id', '=', 's.tenant_id'),
    )
    .select(['s.id', 's.name', 'o.name as provider'])
    .where('s.tenant_id', '=', tenantId)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
  return rows.map((row) => ({ id: row.id, label: `${row.name} (${row.provider})` }));
}
