import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { recordAuditEvent, type AuditSubject } from '../audit/index.ts';
import { registerJobHandler, scheduleJob, type JobInfo, type JobPayload } from '../jobs/index.ts';
import { findTable, seatedUserIds } from '../tables/index.ts';
import { organisationsWithAgendaCases } from './inventory-organisations.ts';
import { activeUsersOfOrganisation, findInventoryTask, insertInventoryTaskOnce, markInventoryNotified } from './inventory.queries.ts';
import { findMeeting } from './meetings.queries.ts';
import { formatMeetingTime } from './meetings.views.tsx';
import { networkTimeZone } from './table-meetings-access.ts';

/** The job that asks every organisation with a case on a meeting's agenda for its inventory. */
export const MEETING_INVENTORY_JOB = 'meeting.inventory';

/** How many days before a meeting its inventory is asked for (the same for every network). */
export const INVENTORY_LEAD_DAYS = 5;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Schedules a planned meeting's inventory inside the transaction that plans or moves it: due
 * `INVENTORY_LEAD_DAYS` before the start, or now when that is past. One job per meeting and start:
 * moving a meeting schedules the job for the new start, and the job of the old start finds the
 * meeting moved and does nothing (`isForCurrentStart`).
 */
export async function scheduleMeetingInventory(
  trx: Kysely<Database>,
  ctx: Pick<AppContext, 'clock'>,
  meeting: { tenantId: string; id: string; startsAt: string },
): Promise<void> {
  const due = new Date(new Date(meeting.startsAt).getTime() - INVENTORY_LEAD_DAYS * DAY_MS);
  const now = ctx.clock.now();
  await scheduleJob(ctx, trx, {
    tenantId: meeting.tenantId,
    kind: MEETING_INVENTORY_JOB,
    payload: { meetingId: meeting.id, startsAt: meeting.startsAt },
    runAt: due.getTime() > now.getTime() ? due : now,
    dedupeKey: `${meeting.id}@${meeting.startsAt}`,
  });
}

/**
 * Whether an inventory job was scheduled for the meeting's current start. A job scheduled before the
 * start was recorded in its payload (older jobs) counts as current.
 */
export function isForCurrentStart(payload: JobPayload, meetingStartsAt: string): boolean {
  return payload.startsAt === undefined || payload.startsAt === meetingStartsAt;
}

/** The system in the audit trail: the network only, no user, no organisation. */
const systemSubject = (tenantId: string): AuditSubject => ({ tenantId, userId: null, organisationId: null, roles: [] });

/** The job as it reads the meeting, its agenda and table for the network (reads only, within the tenant). */
const schedulerOf = (tenantId: string): Actor => ({
  tenantId,
  userId: 'system',
  organisationId: '',
  roles: new Set(['coordinator']),
  locale: null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

/**
 * For a meeting still planned: one task per organisation with a case on its agenda (created once,
 * audited `meeting.inventory_requested`), and one mail per active user of that organisation seated at
 * the table — the table, the time and the link only, never a case. A task records when its users
 * were mailed, so a rerun after a failure or restart creates and mails nothing twice (a crash between
 * the mails and that record resends the same Message-ID).
 */
export async function requestMeetingInventory(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const tenantId = job.tenantId;
  const scheduler = schedulerOf(tenantId);
  const meeting = await findMeeting(ctx.db, scheduler, String(payload.meetingId ?? ''));
  if (!meeting || meeting.status !== 'planned') return;
  if (!isForCurrentStart(payload, meeting.starts_at)) return;
  const table = await findTable(ctx.db, scheduler, meeting.table_id);
  if (!table) return;
  const organisations = [...(await organisationsWithAgendaCases(ctx, scheduler, meeting)).keys()].sort();
  if (organisations.length === 0) return;
  const seated = await seatedUserIds(ctx.db, scheduler, table.id);
  const tenant = await ctx.system.tenantById(tenantId);
  const zone = await networkTimeZone(ctx, scheduler);
  const domain = new URL(ctx.config.publicUrl).hostname || 'partnertafel';
  const link = `${ctx.config.publicUrl}/meetings/${meeting.id}/inventory`;
  for (const organisationId of organisations) {
    await ctx.db.transaction().execute(async (trx) => {
      const created = await insertInventoryTaskOnce(trx, { tenantId, meetingId: meeting.id, organisationId, createdAt: isoNow(ctx.clock) });
      if (!created) return;
      await recordAuditEvent(trx, ctx, {
        subject: systemSubject(tenantId),
        action: 'meeting.inventory_requested',
        resource: { type: 'meeting', id: meeting.id },
        details: { organisationId },
      });
    });
    const task = await findInventoryTask(ctx.db, tenantId, meeting.id, organisationId);
    if (!task || task.notified_at !== null) continue;
    for (const recipient of await activeUsersOfOrganisation(ctx.db, tenantId, organisationId, seated)) {
      const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
      const t = translator(locale);
      const values = { table: table.name, when: formatMeetingTime(meeting.starts_at, locale, zone) };
      await ctx.mailer.send({
        to: recipient.email,
        subject: t('mail.meeting_inventory.subject', values),
        text: t('mail.meeting_inventory.body', { ...values, name: recipient.name, link }),
        messageId: `<inventory.${meeting.id}.${recipient.id}@${domain}>`,
      });
    }
    await markInventoryNotified(ctx.db, tenantId, task.id, isoNow(ctx.clock));
  }
}

let registered = false;

/** Registers the inventory job's handler, once per process. */
export function registerMeetingInventoryJobHandler(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(MEETING_INVENTORY_JOB, requestMeetingInventory);
}
