import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { blindIndexOf, fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { openSignal, requireOnSignal, signalAuditEvent, type SignalAccess } from './signal-door.ts';
import { filledSubject, subjectProblems } from './signal-intake.ts';
import { mailReporterNews } from './signal-mail.ts';
import type { SignalDecision } from './signals.schemas.ts';
import { changeSignalRow, insertSignalMessage, type SignalChange } from './signals.queries.ts';
import { OPEN_SIGNAL_STATUSES, type SignalStatus } from './signals.vocabulary.ts';

/** Every subject column emptied: after a no / non-shared concern no identity of the person is kept. */
const ERASED_SUBJECT = {
  subject_given_name_sealed: null,
  subject_family_name_sealed: null,
  subject_birth_date_sealed: null,
  subject_blind_index: null,
  subject_blind_index_version: null,
} as const satisfies SignalChange;

function decisionProblems(access: SignalAccess, input: SignalDecision, today: string): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const subject = filledSubject(input.subject);
  if (!input.rationale?.trim()) problems.push({ path: 'rationale', messageKey: 'validation.required' });
  if (input.outcome === 'non_shared_concern' && !input.advice?.trim())
    problems.push({ path: 'advice', messageKey: 'validation.signal.advice_required' });
  if (input.outcome !== 'non_shared_concern' && input.advice)
    problems.push({ path: 'advice', messageKey: 'validation.signal.advice_only_non_shared' });
  if (input.outcome !== 'shared_concern') {
    if (subject) problems.push({ path: 'subject', messageKey: 'validation.signal.subject_only_shared' });
    return problems;
  }
  if (access.row.kind !== 'concern') {
    problems.push({ path: 'outcome', messageKey: 'validation.signal.shared_needs_concern' });
    return problems;
  }
  if (subject) {
    problems.push(...subjectProblems('concern', subject, today));
    if (!subject.familyName) problems.push({ path: 'subject.familyName', messageKey: 'validation.signal.shared_needs_subject' });
    if (!subject.birthDate) problems.push({ path: 'subject.birthDate', messageKey: 'validation.signal.shared_needs_subject' });
  } else if (access.row.subject_blind_index === null) {
    problems.push({ path: 'subject.familyName', messageKey: 'validation.signal.shared_needs_subject' });
    problems.push({ path: 'subject.birthDate', messageKey: 'validation.signal.shared_needs_subject' });
  }
  return problems;
}

/**
 * The coordinator decides on a signal, always with a rationale (sealed):
 * - `no_concern`: the signal closes; the person's identity is erased;
 * - `non_shared_concern`: the advice goes to the reporter through the reply channel, the signal is
 *   "advice given" and closed; the person's identity is erased — none is kept for it;
 * - `shared_concern` (a concern only): the frame for a network inquiry; needs the person's family
 *   name and birth date (given now or earlier); the signal stays in consultation.
 * A signal already decided or closed answers 409. The reporter gets a mail that there is news.
 */
export async function decideSignal(options: { signalId: string; input: SignalDecision }, actor: Actor, ctx: AppContext): Promise<void> {
  const { input } = options;
  const access = await openSignal(ctx, actor, options.signalId, 'signals.decide');
  const open = (OPEN_SIGNAL_STATUSES as readonly string[]).includes(access.row.status);
  if (access.relation.coordinator && (access.row.outcome !== null || !open)) throw new AppError('conflict');
  requireOnSignal(actor, access, 'decide');
  const problems = decisionProblems(access, input, networkToday(ctx.clock));
  if (problems.length > 0) throw new AppError('validation_failed', problems);
  const signalId = access.row.id;
  const now = isoNow(ctx.clock);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const subject = filledSubject(input.subject);
  const index = subject?.familyName && subject.birthDate ? await blindIndexOf(ctx, actor.tenantId, subject.familyName, subject.birthDate) : null;
  const decided = {
    outcome: input.outcome,
    decision_rationale_sealed: sealer.seal('signals', signalId, 'decision_rationale', input.rationale),
    decided_by: actor.userId,
    decided_at: now,
  };
  let change: SignalChange;
  switch (input.outcome) {
    case 'no_concern':
      change = { ...decided, ...ERASED_SUBJECT, status: 'closed' satisfies SignalStatus, closed_at: now };
      break;
    case 'non_shared_concern':
      change = { ...decided, ...ERASED_SUBJECT, status: 'advice_given' satisfies SignalStatus, closed_at: now };
      break;
    case 'shared_concern':
      change = {
        ...decided,
        status: 'in_consultation' satisfies SignalStatus,
        ...(subject &&
          index && {
            subject_given_name_sealed: sealer.sealOptional('signals', signalId, 'subject_given_name', subject.givenName),
            subject_family_name_sealed: sealer.seal('signals', signalId, 'subject_family_name', subject.familyName!),
            subject_birth_date_sealed: sealer.seal('signals', signalId, 'subject_birth_date', subject.birthDate!),
            subject_blind_index: index.value,
            subject_blind_index_version: index.version,
          }),
      };
      break;
  }
  const adviceId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await changeSignalRow(trx, ctx, actor.tenantId, signalId, access.row.version, change);
    if (input.outcome === 'non_shared_concern' && input.advice) {
      await insertSignalMessage(trx, {
        id: adviceId,
        tenant_id: actor.tenantId,
        signal_id: signalId,
        side: 'coordinator',
        kind: 'advice',
        author_user_id: actor.userId,
        body_sealed: sealer.seal('signal_messages', adviceId, 'body', input.advice),
        created_at: now,
      });
    }
    await recordAuditEvent(
      trx,
      ctx,
      signalAuditEvent(actor, access, 'signal.decided', {
        purpose: 'consult_point',
        details: { outcome: input.outcome, ...(subject && { subjectGiven: true }) },
      }),
    );
  });
  await mailReporterNews(ctx, actor, access.row);
}
