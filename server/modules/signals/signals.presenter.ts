import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { dayOf } from '../../platform/calendar-days.ts';
import type { Clock } from '../../platform/clock.ts';
import { signalDecisionRationale, signalDescription, signalSubject, type AuditedSignalRead } from './signal-door.ts';
import type { SealedReporter } from './signal-mail.ts';
import type { SignalListEntry, SignalView } from './signals.schemas.ts';
import { reporterNames, type SignalListRow, type SignalRow } from './signals.queries.ts';
import { OPEN_SIGNAL_STATUSES, type SignalKind, type SignalOutcome, type SignalStatus } from './signals.vocabulary.ts';

/**
 * What the API and the pages show of signals. The coordinator sees a signal whole (who reported as
 * "anonymous" or by name); its reporter sees the status, what they wrote and the disclosure status —
 * never what follows from it. A list never shows who reported.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days a signal has waited since it arrived, while the consult point still works on it and has not decided yet. */
export function waitingDays(row: Pick<SignalRow, 'status' | 'created_at' | 'outcome'>, clock: Clock): number | null {
  if (!(OPEN_SIGNAL_STATUSES as readonly string[]).includes(row.status) || row.outcome !== null) return null;
  const arrived = dayOf(new Date(row.created_at));
  return Math.max(0, Math.round((Date.parse(`${networkToday(clock)}T00:00:00Z`) - Date.parse(`${arrived}T00:00:00Z`)) / DAY_MS));
}

export function presentListEntry(row: SignalListRow, clock: Clock, forCoordinator: boolean): SignalListEntry {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind as SignalKind,
    theme: row.theme,
    status: row.status as SignalStatus,
    createdAt: row.created_at,
    waitingDays: waitingDays(row, clock),
    ...(forCoordinator && {
      urgency: row.urgency,
      category: row.category === null ? null : Number(row.category),
      channel: row.channel,
      outcome: row.outcome as SignalOutcome | null,
    }),
  };
}

/** Who reported, as the coordinator may see it: nothing at all for an anonymous reporter. */
async function reporterOf(ctx: AppContext, actor: Actor, read: AuditedSignalRead): Promise<NonNullable<SignalView['reporter']>> {
  const row = read.row;
  if (row.reporter_anonymous === 1) return { anonymous: true, name: null, organisation: null, contact: null };
  const known = await reporterNames(ctx.db, actor, { userId: row.reporter_user_id, organisationId: row.reporter_organisation_id });
  const told =
    row.reporter_sealed === null
      ? ({} as SealedReporter)
      : (JSON.parse(await fieldOpener(ctx, row.tenant_id).open('signals', row.id, 'reporter', row.reporter_sealed)) as SealedReporter);
  return {
    anonymous: false,
    name: known.name ?? told.name ?? null,
    organisation: known.organisation ?? told.organisation ?? null,
    contact: told.contact ?? null,
  };
}

/** One signal as this read may show it. */
export async function presentSignal(ctx: AppContext, actor: Actor, read: AuditedSignalRead): Promise<SignalView> {
  const row = read.row;
  const base: SignalView = {
    id: row.id,
    reference: row.reference,
    kind: row.kind as SignalKind,
    theme: row.theme,
    status: row.status as SignalStatus,
    description: await signalDescription(ctx, read),
    disclosureStatus: row.disclosure_status,
    createdAt: row.created_at,
  };
  if (!read.relation.coordinator) return base;
  return {
    ...base,
    subject: await signalSubject(ctx, read),
    reporter: await reporterOf(ctx, actor, read),
    channel: row.channel,
    urgency: row.urgency,
    category: row.category === null ? null : Number(row.category),
    outcome: row.outcome as SignalOutcome | null,
    decisionRationale: await signalDecisionRationale(ctx, read),
    decidedAt: row.decided_at,
    caseId: row.case_id,
    waitingDays: waitingDays(row, ctx.clock),
    version: Number(row.version),
  };
}
