import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The audit trail as a test reads it: `audit_events` in the chain's order (the order the trail's own
 * cursor uses: time, then day and sequence number), so two events of one moment — the test clock
 * stands still — come back in the order they were written, on either database. Add the selection and
 * the filters: `auditEvents(db).select(['action']).where('action', '=', 'case.viewed').execute()`.
 *
 * This is the ONE place tests spell that order; counting rows or reading one row by id needs none.
 * `latestFirst` turns it round, for the newest event of a kind (`.executeTakeFirstOrThrow()`).
 */
export function auditEvents(db: Kysely<Database>, options: { latestFirst?: boolean } = {}) {
  const direction = options.latestFirst ? 'desc' : 'asc';
  return db.selectFrom('audit_events').orderBy('occurred_at', direction).orderBy('day', direction).orderBy('seq', direction);
}
