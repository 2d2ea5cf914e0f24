import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { blindIndexOf, fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { today as networkToday, yearsBetween } from '../../platform/calendar-days.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { SealedReporter } from './signal-mail.ts';
import type { SignalSubjectInput } from './signals.schemas.ts';
import { insertSignal, networkSlug, nextSignalNumber } from './signals.queries.ts';
import { signalReference, type DisclosureStatus, type SignalChannel, type SignalKind } from './signals.vocabulary.ts';

/**
 * What reporting and registering a signal share: the subject rules, sealing, the reference and the
 * one insert with its audit event. Not a use case itself (see create-signal.ts, register-signal.ts).
 */

/** The subject's fields that were filled in (a form sends empty strings for empty fields). */
export function filledSubject(subject: SignalSubjectInput | undefined): SignalSubjectInput | null {
  if (!subject) return null;
  const filled = {
    ...(subject.givenName && { givenName: subject.givenName }),
    ...(subject.familyName && { familyName: subject.familyName }),
    ...(subject.birthDate && { birthDate: subject.birthDate }),
  };
  return Object.keys(filled).length === 0 ? null : filled;
}

/** No one was born more than this many years ago (the cases module's date rule, issue 10). */
const OLDEST_PLAUSIBLE_AGE = 120;

/** A birth date is never after today and never more than 120 years before it. */
function birthDateProblems(path: string, birthDate: string | undefined, today: string): FieldIssue[] {
  if (birthDate === undefined) return [];
  if (birthDate > today) return [{ path, messageKey: 'validation.date.birth_in_future' }];
  if (yearsBetween(birthDate, today) > OLDEST_PLAUSIBLE_AGE)
    return [{ path, messageKey: 'validation.date.birth_too_old', values: { years: OLDEST_PLAUSIBLE_AGE } }];
  return [];
}

/** A consult names no person; a birth date is never in the future nor more than 120 years ago. */
export function subjectProblems(kind: SignalKind, subject: SignalSubjectInput | null, today: string): FieldIssue[] {
  if (subject === null) return [];
  if (kind === 'consult') return [{ path: 'subject', messageKey: 'validation.signal.consult_no_subject' }];
  return birthDateProblems('subject.birthDate', subject.birthDate, today);
}

/** Who reported, as stored: the columns that may be clear and the sealed part. */
export interface ReporterColumns {
  readonly anonymous: boolean;
  readonly userId: string | null;
  readonly organisationId: string | null;
  readonly sealed: SealedReporter | null;
  readonly lookup: string | null;
  readonly registeredBy: string | null;
}

export interface NewSignal {
  readonly kind: SignalKind;
  readonly theme: string;
  readonly description: string;
  readonly channel: SignalChannel;
  readonly subject: SignalSubjectInput | null;
  readonly reporter: ReporterColumns;
}

/** Refuses (400) a signal whose subject does not fit, before anything is stored. */
export function checkNewSignal(ctx: AppContext, signal: Pick<NewSignal, 'kind' | 'subject'>): void {
  const problems = subjectProblems(signal.kind, signal.subject, networkToday(ctx.clock));
  if (problems.length > 0) throw new AppError('validation_failed', problems);
}

/**
 * Stores a new signal (status received) with its reference and records `signal.created`: the
 * anonymous reporter's own report is recorded without anything that identifies them.
 */
export async function storeSignal(ctx: AppContext, actor: Actor, signal: NewSignal): Promise<{ id: string; reference: string }> {
  const id = newId();
  const now = isoNow(ctx.clock);
  const subject = signal.subject;
  const index = subject?.familyName && subject.birthDate ? await blindIndexOf(ctx, actor.tenantId, subject.familyName, subject.birthDate) : null;
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const slug = await networkSlug(ctx.db, actor);
  const year = Number(now.slice(0, 4));
  const reporter = signal.reporter;
  const disclosure: DisclosureStatus = reporter.anonymous ? 'not_asked' : 'made_known';
  const anonymousReport = reporter.anonymous && reporter.registeredBy === null;
  return ctx.db.transaction().execute(async (trx) => {
    const reference = signalReference(slug, year, await nextSignalNumber(trx, actor.tenantId, year));
    await insertSignal(trx, {
      id,
      tenant_id: actor.tenantId,
      reference,
      kind: signal.kind,
      theme: signal.theme,
      channel: signal.channel,
      status: 'received',
      urgency: null,
      category: null,
      description_sealed: sealer.seal('signals', id, 'description', signal.description),
      subject_given_name_sealed: sealer.sealOptional('signals', id, 'subject_given_name', subject?.givenName),
      subject_family_name_sealed: sealer.sealOptional('signals', id, 'subject_family_name', subject?.familyName),
      subject_birth_date_sealed: sealer.sealOptional('signals', id, 'subject_birth_date', subject?.birthDate),
      subject_blind_index: index?.value ?? null,
      subject_blind_index_version: index?.version ?? null,
      reporter_anonymous: reporter.anonymous ? 1 : 0,
      reporter_user_id: reporter.anonymous ? null : reporter.userId,
      reporter_organisation_id: reporter.anonymous ? null : reporter.organisationId,
      reporter_sealed: reporter.sealed === null ? null : sealer.seal('signals', id, 'reporter', JSON.stringify(reporter.sealed)),
      reporter_lookup: reporter.lookup,
      registered_by: reporter.registeredBy,
      disclosure_status: disclosure,
      outcome: null,
      decision_rationale_sealed: null,
      decided_by: null,
      decided_at: null,
      case_id: null,
      public_code_hash: null,
      public_passphrase_hash: null,
      version: 1,
      created_at: now,
      updated_at: now,
      closed_at: null,
    });
    await recordAuditEvent(trx, ctx, {
      subject: anonymousReport ? { tenantId: actor.tenantId, userId: null, organisationId: null, roles: [] } : subjectOf(actor),
      action: 'signal.created',
      resource: { type: 'signal', id },
      requestId: anonymousReport ? null : (actor.requestId ?? null),
      details: { kind: signal.kind, theme: signal.theme, anonymous: reporter.anonymous, channel: signal.channel },
    });
    return { id, reference };
  });
}
