import type { Kysely, Selectable } from 'kysely';
import type { Database, MeetingInventoryTaskTable } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/** Reads and writes of the pre-meeting inventory tasks, always within one tenant. */

export type InventoryTaskRow = Selectable<MeetingInventoryTaskTable>;

/** The task of one organisation for one meeting, or null. */
export async function findInventoryTask(
  db: Kysely<Database>,
  tenantId: string,
  meetingId: string,
  organisationId: string,
): Promise<InventoryTaskRow | null> {
  return (
    (await db
      .selectFrom('meeting_inventory_tasks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('meeting_id', '=', meetingId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()) ?? null
  );
}

/** A meeting's tasks with their organisation's name, by name. */
export function listInventoryTasks(db: Kysely<Database>, tenantId: string, meetingId: string) {
  return db
    .selectFrom('meeting_inventory_tasks')
    .innerJoin('organisations', 'organisations.id', 'meeting_inventory_tasks.organisation_id')
    .select([
      'meeting_inventory_tasks.organisation_id',
      'organisations.name as organisation_name',
      'meeting_inventory_tasks.created_at',
      'meeting_inventory_tasks.done_at',
    ])
    .where('meeting_inventory_tasks.tenant_id', '=', tenantId)
    .where('organisations.tenant_id', '=', tenantId)
    .where('meeting_inventory_tasks.meeting_id', '=', meetingId)
    .orderBy('organisations.name')
    .execute();
}

/** Creates the task unless it exists (unique per meeting and organisation): answers whether this call created it. */
export async function insertInventoryTaskOnce(
  db: Kysely<Database>,
  task: { tenantId: string; meetingId: string; organisationId: string; createdAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('meeting_inventory_tasks')
    .values({
      id: newId(),
      tenant_id: task.tenantId,
      meeting_id: task.meetingId,
      organisation_id: task.organisationId,
      created_at: task.createdAt,
      done_at: null,
      done_by: null,
      notified_at: null,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'meeting_id', 'organisation_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Marks that the organisation's users were mailed (a rerun mails no one of it again). */
export async function markInventoryNotified(db: Kysely<Database>, tenantId: string, taskId: string, at: string): Promise<void> {
  await db.updateTable('meeting_inventory_tasks').set({ notified_at: at }).where('tenant_id', '=', tenantId).where('id', '=', taskId).execute();
}

/** Marks the task done (the first time only): answers whether this call did. */
export async function markInventoryTaskDone(db: Kysely<Database>, tenantId: string, taskId: string, by: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('meeting_inventory_tasks')
    .set({ done_at: at, done_by: by })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', taskId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The active users of one organisation among the given ones (the table's seated members), with address and language. */
export async function activeUsersOfOrganisation(db: Kysely<Database>, tenantId: string, organisationId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('id', 'in', [...userIds])
    .orderBy('id')
    .execute();
}

/** The open inventory tasks of an organisation for meetings still planned, soonest meeting first. */
export function openInventoryTasksOf(db: Kysely<Database>, tenantId: string, organisationId: string, limit: number) {
  return db
    .selectFrom('meeting_inventory_tasks')
    .innerJoin('meetings', 'meetings.id', 'meeting_inventory_tasks.meeting_id')
    .select(['meetings.id as meeting_id', 'meetings.table_id', 'meetings.starts_at'])
    .where('meeting_inventory_tasks.tenant_id', '=', tenantId)
    .where('meetings.tenant_id', '=', tenantId)
    .where('meeting_inventory_tasks.organisation_id', '=', organisationId)
    .where('meeting_inventory_tasks.done_at', 'is', null)
    .where('meetings.status', '=', 'planned')
    .orderBy('meetings.starts_at')
    .limit(limit)
    .execute();
}
