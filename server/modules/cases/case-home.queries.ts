import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The home page's questions about cases: when the actor last read each case, which timeline steps
 * were added since by someone else (with the facts of their items, never a sealed column). Which
 * cases are candidates (changed since the last read, without an owner, untouched) is a narrowing of
 * the case list's own query (`CaseNarrowing`), so the actor only ever gets cases they may see.
 */

/** Records that the actor read the case's information now (in the group-commit batch of the read's audit event: case-door.ts). */
export async function recordCaseVisit(trx: Kysely<Database>, actor: Actor, caseId: string, at: string): Promise<void> {
  await trx
    .insertInto('case_visits')
    .values({ tenant_id: actor.tenantId, user_id: actor.userId, case_id: caseId, last_visited_at: at })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id', 'case_id']).doUpdateSet({ last_visited_at: at }))
    .execute();
}

/** When the actor last read each of these cases (null: never). */
export async function lastVisitsOf(db: Kysely<Database>, actor: Actor, caseIds: readonly string[]): Promise<Map<string, string | null>> {
  const visits = new Map<string, string | null>(caseIds.map((id) => [id, null]));
  if (caseIds.length === 0) return visits;
  const rows = await db
    .selectFrom('case_visits')
    .select(['case_id', 'last_visited_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .where('case_id', 'in', [...caseIds])
    .execute();
  for (const row of rows) visits.set(row.case_id, row.last_visited_at);
  return visits;
}

/**
 * Timeline steps others added to these cases after the actor's last read of each, with the sharing
 * facts of the items they concern (author, audience, organisations, legal basis, consent) — enough
 * for the policy to tell which of them the actor could read, nothing of their content.
 */
export async function stepsSinceVisit(db: Kysely<Database>, actor: Actor, lastVisits: ReadonlyMap<string, string | null>) {
  const caseIds = [...lastVisits.keys()];
  if (caseIds.length === 0) return { steps: [], items: [], consents: [] };
  const events = await db
    .selectFrom('case_events')
    .select(['case_id', 'item_id', 'occurred_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', 'in', caseIds)
    .where('actor_user_id', '!=', actor.userId)
    .execute();
  const steps = events.filter((event) => {
    const visited = lastVisits.get(event.case_id);
    return visited === null || visited === undefined || event.occurred_at > visited;
  });
  const itemIds = [...new Set(steps.flatMap((step) => (step.item_id ? [step.item_id] : [])))];
  const items =
    itemIds.length === 0
      ? []
      : await db
          .selectFrom('case_items')
          .select(['id', 'author_user_id', 'author_organisation_id', 'audience', 'organisation_ids', 'legal_basis', 'consent_id'])
          .where('tenant_id', '=', actor.tenantId)
          .where('id', 'in', itemIds)
          .execute();
  const consentIds = [...new Set(items.flatMap((item) => (item.consent_id ? [item.consent_id] : [])))];
  const consents =
    consentIds.length === 0
      ? []
      : await db
          .selectFrom('case_consents')
          .select(['id', 'organisation_ids', 'withdrawn_at'])
          .where('tenant_id', '=', actor.tenantId)
          .where('id', 'in', consentIds)
          .execute();
  return { steps, items, consents };
}
