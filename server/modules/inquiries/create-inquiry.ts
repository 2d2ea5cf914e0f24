import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { blindIndexOf, fieldSealer } from '../../db/sealing.ts';
import { today } from '../../platform/calendar-days.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { activeProfessionalsOf } from '../accounts/index.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { scheduleJob } from '../jobs/index.ts';
import { readSignal, signalSubject } from '../signals/index.ts';
import { organisationsHolding } from './client-register.queries.ts';
import { mailQuestionAsked } from './inquiry-mail.ts';
import { existingOrganisations } from './inquiries.queries.ts';
import type { InquiryCreate } from './inquiries.schemas.ts';
import {
  addDays,
  ANSWER_RETENTION_DAYS,
  DEFAULT_DEADLINE_DAYS,
  INQUIRY_EXPIRY_JOB,
  INQUIRY_REMINDER_JOB,
  inquiryReference,
  REMINDER_DAYS_BEFORE,
} from './inquiries.vocabulary.ts';

/** What the coordinator is told after starting an inquiry. */
export interface CreatedInquiry {
  readonly id: string;
  readonly reference: string;
  readonly questions: number;
}

/** The day a job runs: at 08:00 UTC of that calendar day (morning in Brussels). */
const morningOf = (day: string) => new Date(`${day}T08:00:00Z`);

/**
 * The coordinator asks the network about the person of a signal.
 *
 * The signal is read through the signals module's door (one audited `signal.viewed`, part
 * `inquiries`); it must be decided as a shared concern (409 otherwise) and name a person with family
 * name and birth date (409 otherwise: the signal's state, not the request, is what is missing).
 * *Named*: one question per chosen organisation of the network. *Blind*: one question per
 * organisation whose client register holds the person's blind index; zero matches make an inquiry
 * without questions (the coordinator is told so). Organisations without a match get nothing — no
 * row, no mail, no audit event that names them; the `inquiry.created` event of a blind inquiry
 * counts its questions without naming organisations.
 *
 * The person's minimal identity is copied, sealed, to the inquiry: that is what asked organisations
 * see, without opening the signal. In the same transaction the reminder (deadline − 2 days, only if
 * that is still ahead) and the expiry of the answers (today + 30 days) are scheduled; after the
 * commit the asked organisations' professionals get a mail with the inquiry's reference and a link.
 */
export async function createInquiry(options: { input: InquiryCreate }, actor: Actor, ctx: AppContext): Promise<CreatedInquiry> {
  authorize(actor, 'inquiries.create');
  const { input } = options;
  const day = today(ctx.clock);
  const answersExpireOn = addDays(day, ANSWER_RETENTION_DAYS);
  const deadline = input.deadline ?? addDays(day, DEFAULT_DEADLINE_DAYS);

  const issues: FieldIssue[] = [];
  if (deadline <= day) issues.push({ path: 'deadline', messageKey: 'validation.inquiry.deadline_past' });
  else if (deadline > answersExpireOn)
    issues.push({ path: 'deadline', messageKey: 'validation.inquiry.deadline_too_late', values: { days: ANSWER_RETENTION_DAYS } });
  const chosen = [...new Set(input.organisationIds ?? [])];
  if (input.mode === 'named' && chosen.length === 0) issues.push({ path: 'organisationIds', messageKey: 'validation.choose_one' });
  if (input.mode === 'blind' && chosen.length > 0) issues.push({ path: 'organisationIds', messageKey: 'validation.inquiry.blind_no_organisations' });
  if (chosen.length > 0) {
    const known = await existingOrganisations(ctx.db, actor.tenantId, chosen);
    (input.organisationIds ?? []).forEach((organisationId, index) => {
      if (!known.has(organisationId)) issues.push({ path: `organisationIds.${index}`, messageKey: 'validation.inquiry.unknown_organisation' });
    });
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues);

  const read = await readSignal(ctx, actor, input.signalId, 'inquiries');
  if (read.row.outcome !== 'shared_concern')
    throw new AppError('conflict', [{ path: 'signalId', messageKey: 'validation.inquiry.not_shared_concern' }]);
  const subject = await signalSubject(ctx, read);
  if (!subject?.familyName || !subject.birthDate)
    throw new AppError('conflict', [{ path: 'signalId', messageKey: 'validation.inquiry.subject_incomplete' }]);

  const organisationIds =
    input.mode === 'named'
      ? chosen
      : await organisationsHolding(ctx.db, actor.tenantId, await blindIndexOf(ctx, actor.tenantId, subject.familyName, subject.birthDate));

  const id = newId();
  const now = isoNow(ctx.clock);
  // The sealer is fetched before the transaction: on SQLite its keyring query would wait behind it.
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const purposeSealed = sealer.seal('inquiries', id, 'purpose', input.purpose);
  const subjectSealed = sealer.seal(
    'inquiries',
    id,
    'subject',
    JSON.stringify({ givenName: subject.givenName, familyName: subject.familyName, birthDate: subject.birthDate }),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('inquiries')
      .values({
        id,
        tenant_id: actor.tenantId,
        signal_id: read.row.id,
        mode: input.mode,
        purpose_sealed: purposeSealed,
        subject_sealed: subjectSealed,
        legal_basis: input.legalBasis,
        deadline,
        status: 'open',
        answers_expire_on: answersExpireOn,
        reminded_at: null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (organisationIds.length > 0)
      await trx
        .insertInto('inquiry_questions')
        .values(
          organisationIds.map((organisationId) => ({
            id: newId(),
            tenant_id: actor.tenantId,
            inquiry_id: id,
            organisation_id: organisationId,
            known: null,
            guidance_running: null,
            contact_user_id: null,
            note_sealed: null,
            answered_by: null,
            answered_at: null,
            expired_at: null,
            created_at: now,
          })),
        )
        .execute();
    const reminderDay = addDays(deadline, -REMINDER_DAYS_BEFORE);
    if (organisationIds.length > 0 && reminderDay > day)
      await scheduleJob(ctx, trx, {
        tenantId: actor.tenantId,
        kind: INQUIRY_REMINDER_JOB,
        payload: { inquiryId: id },
        runAt: morningOf(reminderDay),
        dedupeKey: id,
      });
    await scheduleJob(ctx, trx, {
      tenantId: actor.tenantId,
      kind: INQUIRY_EXPIRY_JOB,
      payload: { inquiryId: id },
      runAt: morningOf(answersExpireOn),
      dedupeKey: id,
    });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'inquiry.created',
      resource: { type: 'inquiry', id },
      purpose: 'consult_point',
      legalBasis: input.legalBasis,
      requestId: actor.requestId ?? null,
      // A blind inquiry's event counts its questions and names no organisation.
      details: { mode: input.mode, questions: organisationIds.length },
    });
  });
  const reference = inquiryReference(id);
  await mailQuestionAsked(ctx, actor.tenantId, await activeProfessionalsOf(ctx.db, actor.tenantId, organisationIds), { id, reference });
  return { id, reference, questions: organisationIds.length };
}
