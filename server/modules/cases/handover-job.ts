import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { registerJobHandler, scheduleJob, type JobInfo } from '../jobs/index.ts';
import { tableIdsOfAudience } from '../tables/index.ts';
import { majorityDay } from './date-rules.ts';
import { handoverCandidates } from './handover.queries.ts';

/** The daily look for subjects who turned 18 on a minors table; one job per network and day. */
export const CASE_HANDOVER_SCAN_JOB = 'case.handover_scan';

const dedupeKeyOf = (day: string) => `scan:${day}`;

/** The calendar day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Schedules a network's scan of `day` (today when left out), due at once for today and shortly after
 * midnight in Brussels for a later day. The dedupe key is the day: scheduling it again — at every
 * start of the server, or from the scan of the day before — adds nothing.
 */
export async function scheduleHandoverScan(ctx: AppContext, tenantId: string, day?: string): Promise<{ id: string; created: boolean }> {
  const today = networkToday(ctx.clock);
  const scanDay = day ?? today;
  // 00:30 at UTC+1 is 00:30 or 01:30 in Brussels: always on the scan's own day there.
  const runAt = scanDay <= today ? ctx.clock.now() : new Date(`${scanDay}T00:30:00+01:00`);
  return scheduleJob(ctx, ctx.db, { tenantId, kind: CASE_HANDOVER_SCAN_JOB, payload: {}, runAt, dedupeKey: dedupeKeyOf(scanDay) });
}

/** At start-up: today's scan for every network (none is added where it already exists). */
export async function ensureHandoverScans(ctx: AppContext): Promise<void> {
  for (const tenant of await ctx.system.tenantsForMaintenance()) await scheduleHandoverScan(ctx, tenant.id);
}

/**
 * Finds the open cases on the network's minors tables whose subject turned 18 on or before today
 * (the birth date is sealed: opened here, in the cases module, and never written anywhere else) and
 * gives each one hand-over task for the coordinator, due on the 18th birthday. A case without a
 * stored birth date (anonymous, or an age band only) is skipped. The task's unique key (one per case)
 * makes every repetition — a second run, a restart, another node — add nothing; each new task is
 * audited `case.handover_due` (by the system, with the case's pseudonym). Answers how many were added.
 */
export async function scanHandovers(ctx: AppContext, tenantId: string): Promise<number> {
  const today = networkToday(ctx.clock);
  const candidates = await handoverCandidates(ctx.db, tenantId, await tableIdsOfAudience(ctx.db, tenantId, 'minors'));
  const opener = fieldOpener(ctx, tenantId);
  let added = 0;
  for (const candidate of candidates) {
    const birthDate = await opener.open('case_persons', candidate.person_id, 'birth_date', candidate.birth_date_sealed);
    const dueOn = majorityDay(birthDate);
    if (dueOn > today) continue;
    const inserted = await ctx.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('case_handover_tasks')
        .values({
          id: newId(),
          tenant_id: tenantId,
          case_id: candidate.case_id,
          due_on: dueOn,
          created_at: isoNow(ctx.clock),
          resolved_at: null,
          resolved_by: null,
          resolution: null,
          target_table_id: null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'case_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await recordAuditEvent(trx, ctx, {
        subject: { tenantId, userId: null, organisationId: null, roles: [] },
        action: 'case.handover_due',
        resource: { type: 'case', id: candidate.case_id },
        caseId: candidate.case_id,
        personPseudonym: candidate.reference,
        details: { dueOn },
      });
      return true;
    });
    if (inserted) added += 1;
  }
  return added;
}

/** The job: first the next day's scan (so the chain never breaks, even when this one fails), then today's. */
export async function runHandoverScan(ctx: AppContext, _payload: unknown, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  await scheduleHandoverScan(ctx, job.tenantId, nextDay(networkToday(ctx.clock)));
  await scanHandovers(ctx, job.tenantId);
}

let registered = false;

/** Registers the hand-over job's handler, once per process (the module registers with every app it joins). */
export function registerHandoverJobHandler(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(CASE_HANDOVER_SCAN_JOB, runHandoverScan);
}
