import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/* The age hand-over: subjects of open cases on minors tables, and the coordinator's hand-over tasks. */

type Db = Kysely<Database> | Transaction<Database>;

/** A subject with a stored birth date, of an open case on one of `tableIds`, whose case has no hand-over task yet. */
export interface HandoverCandidate {
  readonly case_id: string;
  readonly reference: string;
  readonly person_id: string;
  readonly birth_date_sealed: string;
}

export async function handoverCandidates(db: Kysely<Database>, tenantId: string, tableIds: readonly string[]): Promise<HandoverCandidate[]> {
  if (tableIds.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .innerJoin('case_persons', 'case_persons.case_id', 'cases.id')
    .select(['cases.id as case_id', 'cases.reference', 'case_persons.id as person_id', 'case_persons.birth_date_sealed'])
    .where('cases.tenant_id', '=', tenantId)
    .where('case_persons.tenant_id', '=', tenantId)
    .where('cases.status', '=', 'open')
    .where('cases.table_id', 'in', tableIds)
    .where('case_persons.role', '=', 'subject')
    .where('case_persons.birth_date_sealed', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('case_handover_tasks')
            .select('case_handover_tasks.id')
            .where('case_handover_tasks.tenant_id', '=', tenantId)
            .whereRef('case_handover_tasks.case_id', '=', 'cases.id'),
        ),
      ),
    )
    .orderBy('cases.id')
    .execute();
  return rows.flatMap((row) => (row.birth_date_sealed === null ? [] : [{ ...row, birth_date_sealed: row.birth_date_sealed }]));
}

/** The subject's sealed birth date of one case (null when none is stored, e.g. an anonymous case). */
export async function subjectBirthDateSealed(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
): Promise<{ id: string; sealed: string | null } | null> {
  const row = await db
    .selectFrom('case_persons')
    .select(['id', 'birth_date_sealed'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('role', '=', 'subject')
    .executeTakeFirst();
  return row ? { id: row.id, sealed: row.birth_date_sealed } : null;
}

export interface HandoverTaskRow {
  readonly id: string;
  readonly case_id: string;
  readonly due_on: string;
  readonly reference: string;
}

/** The open hand-over task of one case, if any. */
export async function openHandoverTask(db: Db, tenantId: string, caseId: string): Promise<{ id: string; due_on: string } | null> {
  const row = await db
    .selectFrom('case_handover_tasks')
    .select(['id', 'due_on'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

/** Open hand-over tasks of the network with their case's reference, oldest birthday first. */
export function openHandoverTasks(db: Kysely<Database>, tenantId: string, limit: number): Promise<HandoverTaskRow[]> {
  return db
    .selectFrom('case_handover_tasks')
    .innerJoin('cases', 'cases.id', 'case_handover_tasks.case_id')
    .select(['case_handover_tasks.id', 'case_handover_tasks.case_id', 'case_handover_tasks.due_on', 'cases.reference'])
    .where('case_handover_tasks.tenant_id', '=', tenantId)
    .where('cases.tenant_id', '=', tenantId)
    .where('case_handover_tasks.resolved_at', 'is', null)
    .orderBy('case_handover_tasks.due_on')
    .orderBy('cases.reference')
    .limit(limit)
    .execute();
}

/** Resolves the open hand-over task of a case (if there is one); answers whether one was resolved. */
export async function resolveHandoverTask(
  trx: Transaction<Database>,
  actor: Actor,
  caseId: string,
  resolution: { resolution: 'moved' | 'kept'; targetTableId: string | null; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('case_handover_tasks')
    .set({ resolved_at: resolution.at, resolved_by: actor.userId, resolution: resolution.resolution, target_table_id: resolution.targetTableId })
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
