import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { listCases } from '../cases/index.ts';
import { openSignal, readSignal, requireOnSignal, signalAuditEvent, signalSubject } from './signal-door.ts';
import { sameSubjectSignals } from './signal-matches.queries.ts';
import type { SignalMatches } from './referral.schemas.ts';

/**
 * "Already known?" (issue 11): for the coordinator, the cases of the signal's person (through the
 * cases module's person search, which compares blind indexes and records `case.searched`) and the
 * earlier signals with the same subject blind index, with how often the person was referred before:
 * the distinct cases among the matching cases and the cases earlier signals went to. A signal without
 * family name and birth date compares with nothing. Recorded as `signal.matches_viewed` with the counts.
 */
export async function viewSignalMatches(options: { signalId: string }, actor: Actor, ctx: AppContext): Promise<SignalMatches> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.viewMatches');
  requireOnSignal(actor, access, 'viewMatches');
  const read = await readSignal(ctx, actor, options.signalId, 'matches');
  const subject = await signalSubject(ctx, read);
  const blindIndex = read.row.subject_blind_index;
  const comparable = blindIndex !== null && subject?.familyName != null && subject.birthDate != null;
  const cases = comparable
    ? (await listCases({ filters: { familyName: subject.familyName!, birthDate: subject.birthDate!, limit: 200 } }, actor, ctx)).entries
    : [];
  const signals = comparable ? await sameSubjectSignals(ctx.db, actor, blindIndex, read.row.id) : [];
  const referredTo = new Set([...cases.map((entry) => entry.id), ...signals.flatMap((signal) => (signal.case_id ? [signal.case_id] : []))]);
  const referredWithoutCase = signals.filter((signal) => signal.status === 'referred' && signal.case_id === null).length;
  await appendAuditEvent(
    ctx,
    signalAuditEvent(actor, read, 'signal.matches_viewed', {
      purpose: 'consult_point',
      details: { cases: cases.length, signals: signals.length },
    }),
  );
  return {
    comparable,
    cases: cases.map((entry) => ({
      id: entry.id,
      reference: entry.reference,
      tableId: entry.tableId,
      tableName: entry.tableName,
      status: entry.status,
      ageBand: entry.ageBand,
    })),
    signals: signals.map((signal) => ({
      id: signal.id,
      reference: signal.reference,
      status: signal.status,
      outcome: signal.outcome,
      caseId: signal.case_id,
      createdAt: signal.created_at,
    })),
    timesReferred: referredTo.size + referredWithoutCase,
  };
}
