import type { Kysely, Selectable, Transaction } from 'kysely';
import { readCaseReference } from '../cases/index.ts';
import type { Database, PlanAgreementTable, PlanEvaluationTable, PlanObjectiveTable } from '../../db/schema.ts';

/**
 * The plans module's queries, each scoped to one network. The sealed texts leave this file sealed:
 * the use cases open them only for a read the case door recorded (`readCase(…, 'plan')`).
 */
type Db = Kysely<Database> | Transaction<Database>;
export type ObjectiveRow = Selectable<PlanObjectiveTable>;
export type EvaluationRow = Selectable<PlanEvaluationTable> & { author_name: string | null; organisation_name: string | null };
export type AgreementRow = Selectable<PlanAgreementTable> & { organisation_name: string };

export function findObjective(db: Db, tenantId: string, id: string): Promise<ObjectiveRow | undefined> {
  return db.selectFrom('plan_objectives').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function objectivesOfCase(db: Db, tenantId: string, caseId: string): Promise<ObjectiveRow[]> {
  return db
    .selectFrom('plan_objectives')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function evaluationsOfCase(db: Db, tenantId: string, caseId: string): Promise<EvaluationRow[]> {
  return db
    .selectFrom('plan_evaluations')
    .innerJoin('plan_objectives', 'plan_objectives.id', 'plan_evaluations.objective_id')
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'plan_evaluations.author_user_id').on('users.tenant_id', '=', tenantId))
    .leftJoin('organisations', (join) =>
      join.onRef('organisations.id', '=', 'plan_evaluations.author_organisation_id').on('organisations.tenant_id', '=', tenantId),
    )
    .selectAll('plan_evaluations')
    .select(['users.name as author_name', 'organisations.name as organisation_name'])
    .where('plan_evaluations.tenant_id', '=', tenantId)
    .where('plan_objectives.tenant_id', '=', tenantId)
    .where('plan_objectives.case_id', '=', caseId)
    .orderBy('plan_evaluations.created_at')
    .orderBy('plan_evaluations.id')
    .execute();
}

const agreements = (db: Db, tenantId: string) =>
  db
    .selectFrom('plan_agreements')
    .innerJoin('organisations', 'organisations.id', 'plan_agreements.organisation_id')
    .selectAll('plan_agreements')
    .select('organisations.name as organisation_name')
    .where('plan_agreements.tenant_id', '=', tenantId)
    .where('organisations.tenant_id', '=', tenantId);

export function findAgreement(db: Db, tenantId: string, id: string): Promise<AgreementRow | undefined> {
  return agreements(db, tenantId).where('plan_agreements.id', '=', id).executeTakeFirst();
}

export function agreementsOfCase(db: Db, tenantId: string, caseId: string): Promise<AgreementRow[]> {
  return agreements(db, tenantId)
    .where('plan_agreements.case_id', '=', caseId)
    .orderBy('plan_agreements.due_date')
    .orderBy('plan_agreements.created_at')
    .orderBy('plan_agreements.id')
    .execute();
}

/** The open agreements of one organisation, across cases (ids and dates; texts stay sealed). */
export function openAgreementsOfOrganisation(db: Db, tenantId: string, organisationId: string): Promise<AgreementRow[]> {
  return agreements(db, tenantId)
    .where('plan_agreements.organisation_id', '=', organisationId)
    .where('plan_agreements.status', '=', 'open')
    .orderBy('plan_agreements.due_date')
    .orderBy('plan_agreements.id')
    .execute();
}

/** Open agreements whose due date lies before `today` (YYYY-MM-DD): ids, cases and dates only. */
export function overdueAgreements(db: Db, tenantId: string, today: string, limit: number) {
  return db
    .selectFrom('plan_agreements')
    .select(['id', 'case_id', 'organisation_id', 'due_date'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .orderBy('due_date')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Whether the organisation exists in the network (for a 400 on an unknown one). */
export async function organisationExists(db: Db, tenantId: string, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('organisations').select('id').where('tenant_id', '=', tenantId).where('id', '=', organisationId).executeTakeFirst();
  return row !== undefined;
}

/** The pseudonym of a case (for the reminder's audit event and mail; the case row is read by its reference only). */
export async function caseReferenceOf(db: Db, tenantId: string, caseId: string): Promise<string | null> {
  return readCaseReference(db, tenantId, caseId);
}

/** Names of organisations of the network (the directory is everyone's vocabulary), by name. */
export function organisationNames(db: Db, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .orderBy('name')
    .execute();
}

/** Among the given cases of one network, those with an open agreement (the meeting agenda puts them first). */
export async function casesWithOpenAgreementsAmong(db: Db, tenantId: string, caseIds: readonly string[]): Promise<ReadonlySet<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('plan_agreements')
    .select('case_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('case_id', 'in', [...caseIds])
    .execute();
  return new Set(rows.map((row) => row.case_id));
}

/** Per given case, the organisations with an open agreement on it (the meeting's pre-meeting inventory asks them). */
export async function organisationsWithOpenAgreementsAmong(db: Db, tenantId: string, caseIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (caseIds.length === 0) return result;
  const rows = await db
    .selectFrom('plan_agreements')
    .select(['case_id', 'organisation_id'])
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('case_id', 'in', [...caseIds])
    .execute();
  for (const row of rows) result.set(row.case_id, (result.get(row.case_id) ?? new Set()).add(row.organisation_id));
  return result;
}

/** The open agreements of the given cases (a closed meeting's agenda), by organisation, case and due date. */
export function openAgreementsOfCases(db: Db, tenantId: string, caseIds: readonly string[]): Promise<AgreementRow[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return agreements(db, tenantId)
    .where('plan_agreements.status', '=', 'open')
    .where('plan_agreements.case_id', 'in', [...caseIds])
    .orderBy('plan_agreements.organisation_id')
    .orderBy('plan_agreements.due_date')
    .orderBy('plan_agreements.id')
    .execute();
}

/** The organisations whose action points of a meeting were already mailed. */
export async function organisationsMailedFor(db: Db, tenantId: string, meetingId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('plan_action_point_mails')
    .select('organisation_id')
    .where('tenant_id', '=', tenantId)
    .where('meeting_id', '=', meetingId)
    .execute();
  return new Set(rows.map((row) => row.organisation_id));
}

/**
 * Records that an organisation's action points of a meeting went out; false when another run
 * recorded them first (the unique key decides), so the caller writes no second audit event.
 */
export async function recordActionPointMail(
  db: Db,
  row: { id: string; tenantId: string; meetingId: string; organisationId: string; agreementCount: number; recipientCount: number; sentAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('plan_action_point_mails')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      meeting_id: row.meetingId,
      organisation_id: row.organisationId,
      agreement_count: row.agreementCount,
      recipient_count: row.recipientCount,
      sent_at: row.sentAt,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'meeting_id', 'organisation_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The active professionals (not coordinators) of an organisation, with their roles: who may read its action points. */
export async function activeProfessionalsWithRoles(
  db: Db,
  tenantId: string,
  organisationId: string,
): Promise<{ id: string; email: string; name: string; locale: string | null; roles: string[] }[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  if (users.length === 0) return [];
  const roles = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where(
      'user_id',
      'in',
      users.map((user) => user.id),
    )
    .execute();
  return users
    .map((user) => ({ ...user, roles: roles.filter((role) => role.user_id === user.id).map((role) => role.role) }))
    .filter((user) => user.roles.includes('professional') && !user.roles.includes('coordinator'));
}
