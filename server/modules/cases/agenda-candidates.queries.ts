import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/** What a meeting's agenda may know of a case: its pseudonym and theme, never its content. */
export interface AgendaCase {
  readonly id: string;
  readonly reference: string;
  readonly theme: string;
  readonly openedAt: string;
  /** When the case was last reopened (a re-referral), or null. */
  readonly reopenedAt: string | null;
}

/**
 * The open cases of one table (or the named ones), with reference, theme, opening and last reopening
 * time. For the meetings module's agenda: the caller has checked that the actor sees the table's
 * meetings. No item, person, summary or rationale is read.
 */
export async function tableCasesForAgenda(
  db: Kysely<Database>,
  actor: Actor,
  tableId: string,
  only?: { caseIds?: readonly string[]; includeClosed?: boolean },
): Promise<AgendaCase[]> {
  if (only?.caseIds && only.caseIds.length === 0) return [];
  let query = db
    .selectFrom('cases')
    .select(['cases.id', 'cases.reference', 'cases.theme', 'cases.created_at'])
    .select((eb) =>
      eb
        .selectFrom('case_events')
        .select((inner) => inner.fn.max('case_events.occurred_at').as('reopened_at'))
        .whereRef('case_events.case_id', '=', 'cases.id')
        .where('case_events.tenant_id', '=', actor.tenantId)
        .where('case_events.kind', '=', 'reopened')
        .as('reopened_at'),
    )
    .where('cases.tenant_id', '=', actor.tenantId)
    .where('cases.table_id', '=', tableId);
  if (!only?.includeClosed) query = query.where('cases.status', '=', 'open');
  if (only?.caseIds) query = query.where('cases.id', 'in', only.caseIds);
  const rows = await query.orderBy('cases.reference').execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    theme: row.theme,
    openedAt: row.created_at,
    reopenedAt: (row.reopened_at as string | null) ?? null,
  }));
}

/**
 * The organisations that own or referred each of the named cases of one table (for the meetings
 * module's pre-meeting inventory: who has a case on the agenda). Ids only, no content.
 */
export async function ownerAndReferrerOrganisations(
  db: Kysely<Database>,
  actor: Actor,
  tableId: string,
  caseIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (caseIds.length === 0) return result;
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'case_owner_organisation_id', 'referrer_organisation_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('id', 'in', caseIds)
    .execute();
  for (const row of rows) {
    const organisations = new Set<string>();
    if (row.case_owner_organisation_id) organisations.add(row.case_owner_organisation_id);
    if (row.referrer_organisation_id) organisations.add(row.referrer_organisation_id);
    result.set(row.id, organisations);
  }
  return result;
}
