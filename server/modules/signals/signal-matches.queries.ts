import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/** An earlier signal about the same person, as "already known?" shows it: no content, no reporter column. */
export interface SameSubjectSignalRow {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly case_id: string | null;
  readonly created_at: string;
}

/**
 * The other signals of the actor's network with the same subject blind index (family name and birth
 * date), oldest first; the signal itself is left out.
 */
export function sameSubjectSignals(db: Kysely<Database>, actor: Actor, blindIndex: string, exceptSignalId: string): Promise<SameSubjectSignalRow[]> {
  return db
    .selectFrom('signals')
    .select(['id', 'reference', 'status', 'outcome', 'case_id', 'created_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('subject_blind_index', '=', blindIndex)
    .where('id', '!=', exceptSignalId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(200)
    .execute();
}
