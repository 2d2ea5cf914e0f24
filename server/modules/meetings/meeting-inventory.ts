import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { buildAgenda } from './agenda-building.ts';
import { hasAttested, openMeetingForActor, type OpenedMeeting } from './attestation-gate.ts';
import { findMeeting } from './meetings.queries.ts';
import { organisationsWithAgendaCases, type InventoryCase } from './inventory-organisations.ts';
import { findInventoryTask, listInventoryTasks, markInventoryTaskDone, openInventoryTasksOf, type InventoryTaskRow } from './inventory.queries.ts';
import { presentMeeting } from './meetings.presenter.ts';
import type { Meeting } from './meetings.schemas.ts';
import { networkTimeZone } from './table-meetings-access.ts';

/** The caller's organisation's inventory for one meeting: the meeting, the task's state and its agenda cases. */
export interface MeetingInventory {
  readonly meeting: Meeting;
  readonly organisationId: string;
  readonly doneAt: string | null;
  readonly cases: InventoryCase[];
  readonly canComplete: boolean;
}

/** The facts the inventory's rules decide on: the table's and the task's organisation. */
const facts = (opened: OpenedMeeting, task: InventoryTaskRow) => ({ ...opened.table.facts, organisationId: task.organisation_id });

/**
 * The meeting and the task of the caller's organisation. A meeting the caller does not see, one
 * whose agenda has no case of the caller's organisation (no task), and a task the policy does not
 * let the caller read (`meetings.readInventory`) answer the same 404; then the attestation gate (403
 * `attestation_required`), as the inventory names the agenda's cases.
 */
async function openInventoryTask(ctx: AppContext, actor: Actor, meetingId: string): Promise<{ opened: OpenedMeeting; task: InventoryTaskRow }> {
  const opened = await openMeetingForActor(ctx, actor, meetingId);
  const task = actor.organisationId ? await findInventoryTask(ctx.db, actor.tenantId, opened.row.id, actor.organisationId) : null;
  if (!task || !can(actor, 'meetings.readInventory', facts(opened, task))) throw new AppError('not_found');
  if (!(await hasAttested(ctx, actor, opened.row.id))) throw new AppError('attestation_required');
  return { opened, task };
}

/**
 * What the inventory shows the caller: the meeting, whether the organisation finished, and the
 * agenda cases of the organisation by pseudonym (their content is read through the cases door by
 * whoever shows it).
 */
export async function viewMeetingInventory(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<MeetingInventory> {
  const { opened, task } = await openInventoryTask(ctx, actor, options.meetingId);
  // As for the agenda's first read: the cases door lets a member read a case through the meeting only when it is on the agenda.
  let row = opened.row;
  if (row.agenda_built_at === null && row.status === 'planned') {
    await buildAgenda(ctx, actor, opened, 'first_read');
    row = (await findMeeting(ctx.db, actor, row.id)) ?? row;
  }
  const cases = (await organisationsWithAgendaCases(ctx, actor, row)).get(task.organisation_id) ?? [];
  return {
    meeting: presentMeeting(opened.row, opened.table.name, await networkTimeZone(ctx, actor)),
    organisationId: task.organisation_id,
    doneAt: task.done_at,
    cases,
    canComplete: task.done_at === null && opened.row.status === 'planned' && can(actor, 'meetings.completeInventory', facts(opened, task)),
  };
}

/**
 * A key figure of the organisation marks its inventory done (once; a second time changes nothing),
 * audited `meeting.inventory_done`. A meeting no longer planned answers 409.
 */
export async function markMeetingInventoryDone(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<{ doneAt: string }> {
  const { opened, task } = await openInventoryTask(ctx, actor, options.meetingId);
  authorize(actor, 'meetings.completeInventory', facts(opened, task));
  if (task.done_at !== null) return { doneAt: task.done_at };
  if (opened.row.status !== 'planned') throw new AppError('conflict');
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markInventoryTaskDone(trx, actor.tenantId, task.id, actor.userId, now))) return;
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'meeting.inventory_done',
      resource: { type: 'meeting', id: opened.row.id },
      purpose: 'meeting',
      details: { organisationId: task.organisation_id },
      requestId: actor.requestId ?? null,
    });
  });
  return { doneAt: (await findInventoryTask(ctx.db, actor.tenantId, opened.row.id, task.organisation_id))?.done_at ?? now };
}

/** The coordinator's overview on the meeting page: per organisation asked, whether it finished. */
export async function listMeetingInventories(ctx: AppContext, actor: Actor, meetingId: string) {
  const rows = await listInventoryTasks(ctx.db, actor.tenantId, meetingId);
  return rows.map((row) => ({ organisationId: row.organisation_id, organisationName: row.organisation_name, doneAt: row.done_at }));
}

/** The open inventories of the caller's organisation, for meetings of tables the caller sits at (home panel). */
export async function openInventoriesOf(ctx: AppContext, actor: Actor, limit: number) {
  if (!actor.organisationId) return [];
  const rows = await openInventoryTasksOf(ctx.db, actor.tenantId, actor.organisationId, limit * 4);
  const visible = [];
  for (const row of rows) {
    try {
      await openMeetingForActor(ctx, actor, row.meeting_id);
      visible.push({ meetingId: row.meeting_id, startsAt: row.starts_at });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
    }
    if (visible.length >= limit) break;
  }
  return visible;
}
