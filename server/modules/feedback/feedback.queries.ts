import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, FeedbackApprovalTable, FeedbackFormTable } from '../../db/schema.ts';

/**
 * The feedback module's queries, each scoped to one network. Sealed texts leave this file sealed:
 * the use cases open them for a reader the policy admitted, after the read was recorded.
 */
type Db = Kysely<Database> | Transaction<Database>;
export type FeedbackFormRow = Selectable<FeedbackFormTable>;
export type FeedbackApprovalRow = Selectable<FeedbackApprovalTable>;

export function findForm(db: Db, tenantId: string, id: string): Promise<FeedbackFormRow | undefined> {
  return db.selectFrom('feedback_forms').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The forms of one meeting (ids, cases, recipients, states: no sealed text is opened here). */
export function formsOfMeeting(db: Db, tenantId: string, meetingId: string): Promise<FeedbackFormRow[]> {
  return db
    .selectFrom('feedback_forms')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The decisions taken on one version of a form. */
export function decisionsOn(db: Db, tenantId: string, formId: string, version: number): Promise<FeedbackApprovalRow[]> {
  return db
    .selectFrom('feedback_approvals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('form_id', '=', formId)
    .where('form_version', '=', version)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
}

/** One organisation of the network (directory): name and sector, or undefined. */
export function findOrganisation(db: Db, tenantId: string, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'sector']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The organisations of the network by name (the recipient choice). */
export function organisationsOfNetwork(db: Db, tenantId: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'sector']).where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
}

/** Active users among the given ids who belong to one organisation: who is mailed a sent form. */
export function activeUsersOfOrganisation(db: Db, tenantId: string, organisationId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...userIds])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}
