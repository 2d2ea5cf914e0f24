import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The home page's questions about cases: when the actor last read each case, which timeline steps
 * were added since by someone else (with the facts of their items, never a sealed column), and the
 * coordinator's candidates (open without a case owner, open and untouched). Every answer is a list of
 * candidates: which of them the actor may see is decided by the case list's query and the policy.
 */

/** Records that the actor read the case's information now (in the transaction of the read's audit event). */
export async function recordCaseVisit(trx: Transaction<Database>, actor: Actor, caseId: string, at: string): Promise<void> {
  await trx
    .insertInto('case_visits')
    .values({ tenant_id: actor.tenantId, user_id: actor.userId, case_id: caseId, last_visited_at: at })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id', 'case_id']).doUpdateSet({ last_visited_at: at }))
    .execute();
}

/** Cases of the network changed after the actor last read them (or never read), with that time. */
export async function casesChangedSinceVisit(db: Kysely<Database>, actor: Actor): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('cases')
    .leftJoin('case_visits', (join) =>
      join
        .onRef('case_visits.case_id', '=', 'cases.id')
        .onRef('case_visits.tenant_id', '=', 'cases.tenant_id')
        .on('case_visits.user_id', '=', actor.userId),
    )
    .select(['cases.id', 'case_visits.last_visited_at'])
    .where('cases.tenant_id', '=', actor.tenantId)
    .where((eb) => eb.or([eb('case_visits.last_visited_at', 'is', null), eb('cases.updated_at', '>', eb.ref('case_visits.last_visited_at'))]))
    .execute();
  return new Map(rows.map((row) => [row.id, row.last_visited_at]));
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

/** Open cases of the network without a case owner (the coordinator's panel). */
export async function openCaseIdsWithoutOwner(db: Kysely<Database>, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('status', '=', 'open')
    .where('case_owner_organisation_id', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

/** Open cases of the network with no change since `before` (the coordinator's panel). */
export async function openCaseIdsUntouchedSince(db: Kysely<Database>, actor: Actor, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('status', '=', 'open')
    .where('updated_at', '<', before)
    .execute();
  return rows.map((row) => row.id);
}
