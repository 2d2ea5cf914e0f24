import type { AppContext } from '../../context.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { activeProfessionalsOf } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { registerJobHandler, scheduleJob, type JobInfo } from '../jobs/index.ts';
import { VERIFICATION_PERIOD_DAYS } from './directory.vocabulary.ts';

/** The daily look for map entries not verified for a year; one job per network and day. */
export const DIRECTORY_VERIFICATION_SCAN_JOB = 'directory.verification_scan';

const DAY_MS = 24 * 60 * 60 * 1000;

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Schedules a network's scan of `day` (today when left out); the day is the dedupe key, so a restart adds none. */
export async function scheduleVerificationScan(ctx: AppContext, tenantId: string, day?: string): Promise<{ id: string; created: boolean }> {
  const today = networkToday(ctx.clock);
  const scanDay = day ?? today;
  const runAt = scanDay <= today ? ctx.clock.now() : new Date(`${scanDay}T01:00:00+01:00`);
  return scheduleJob(ctx, ctx.db, { tenantId, kind: DIRECTORY_VERIFICATION_SCAN_JOB, payload: {}, runAt, dedupeKey: `scan:${scanDay}` });
}

/** At start-up: today's scan for every network (none is added where it already exists). */
export async function ensureVerificationScans(ctx: AppContext): Promise<void> {
  for (const tenant of await ctx.system.tenantsForMaintenance()) await scheduleVerificationScan(ctx, tenant.id);
}

/**
 * Entries of the map not verified for a year (or never) get their curators ONE reminder: the entry's
 * `verification_reminded_at` is set with a compare-and-set in the transaction that records
 * `directory.verification_reminded`, so a rerun (a restart, another node, a retried job) sends nothing
 * twice; marking the entry verified clears the mark, and a year later it is due again. The mail goes
 * to the professionals of the curator organisation, one per organisation, naming the entries (the
 * map holds services, never people) with a link to each. An entry without a curator organisation is
 * the coordinator's: it is flagged on the map and gets no mail. A crash between mark and mail loses
 * the mail, never doubles it. Answers how many entries were reminded.
 */
export async function remindVerifications(ctx: AppContext, tenantId: string): Promise<number> {
  const now = isoNow(ctx.clock);
  const dueBefore = new Date(ctx.clock.now().getTime() - VERIFICATION_PERIOD_DAYS * DAY_MS).toISOString();
  const candidates = await ctx.db
    .selectFrom('directory_services')
    .select(['id', 'name', 'curator_organisation_id'])
    .where('tenant_id', '=', tenantId)
    .where('verification_reminded_at', 'is', null)
    .where('curator_organisation_id', 'is not', null)
    .where((eb) => eb.or([eb('last_verified_at', 'is', null), eb('last_verified_at', '<=', dueBefore)]))
    .orderBy('name')
    .execute();
  const byOrganisation = new Map<string, { id: string; name: string }[]>();
  for (const candidate of candidates) {
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('directory_services')
        .set({ verification_reminded_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', candidate.id)
        .where('verification_reminded_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordAuditEvent(trx, ctx, {
        subject: { tenantId, userId: null, organisationId: null, roles: [] },
        action: 'directory.verification_reminded',
        resource: { type: 'directory_service', id: candidate.id },
        details: { organisationId: candidate.curator_organisation_id! },
      });
      return true;
    });
    if (!claimed) continue;
    const list = byOrganisation.get(candidate.curator_organisation_id!) ?? [];
    list.push({ id: candidate.id, name: candidate.name });
    byOrganisation.set(candidate.curator_organisation_id!, list);
  }
  const tenant = byOrganisation.size > 0 ? await ctx.system.tenantById(tenantId) : undefined;
  for (const [organisationId, entries] of byOrganisation) {
    const lines = entries.map((entry) => `- ${entry.name}: ${ctx.config.publicUrl}/directory/services/${entry.id}`).join('\n');
    for (const recipient of await activeProfessionalsOf(ctx.db, tenantId, [organisationId])) {
      const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
      const t = translator(locale);
      const values = { name: recipient.name, count: entries.length, entries: lines };
      await ctx.mailer
        .send({ to: recipient.email, subject: t('mail.directory_verification.subject', values), text: t('mail.directory_verification.body', values) })
        .catch((error: unknown) => ctx.logger.error({ err: error }, 'directory verification reminder mail failed'));
    }
  }
  return candidates.length === 0 ? 0 : [...byOrganisation.values()].reduce((sum, entries) => sum + entries.length, 0);
}

/** The job: first the next day's scan (so the chain never breaks), then today's reminders. */
export async function runVerificationScan(ctx: AppContext, _payload: unknown, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  await scheduleVerificationScan(ctx, job.tenantId, nextDay(networkToday(ctx.clock)));
  await remindVerifications(ctx, job.tenantId);
}

let registered = false;

/** Registers the scan's handler, once per process. */
export function registerDirectoryJobHandlers(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(DIRECTORY_VERIFICATION_SCAN_JOB, runVerificationScan);
}
