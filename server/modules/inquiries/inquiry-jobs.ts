import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { activeProfessionalsOf } from '../accounts/index.ts';
import { recordAuditEvent, type AuditSubject } from '../audit/index.ts';
import { registerJobHandler, type JobInfo, type JobPayload } from '../jobs/index.ts';
import { openSignal } from '../signals/index.ts';
import { mailInquiryReminder } from './inquiry-mail.ts';
import { findInquiry, questionsOf } from './inquiries.queries.ts';
import { INQUIRY_EXPIRY_JOB, INQUIRY_REMINDER_JOB, inquiryReference } from './inquiries.vocabulary.ts';

/** The system in the audit trail: the network only, no user, no organisation. */
const systemSubject = (tenantId: string): AuditSubject => ({ tenantId, userId: null, organisationId: null, roles: [] });

/**
 * The consult point as the system acts for it when a job runs: it only asks the signals door whether
 * the signal became a case (openSignal decides and writes nothing when it lets in).
 */
const consultPointSystem = (tenantId: string): Actor => ({
  tenantId,
  userId: 'system',
  organisationId: '',
  roles: new Set(['coordinator']),
  locale: null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

const inquiryIdOf = (payload: JobPayload): string => String(payload.inquiryId ?? '');

/**
 * The reminder, once per inquiry: the organisations that have not answered are told the deadline is
 * near. `reminded_at` is set with a compare-and-set in the transaction that records
 * `inquiry.reminded`, so a second run (a restart, another node, a retried job) finds it set and does
 * nothing; the mail goes after that commit (at most once — a crash between the two loses the mail,
 * never doubles it).
 */
export async function remindInquiry(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const inquiry = await findInquiry(ctx.db, job.tenantId, inquiryIdOf(payload));
  if (!inquiry || inquiry.status !== 'open' || inquiry.reminded_at !== null) return;
  const unanswered = (await questionsOf(ctx.db, job.tenantId, inquiry.id)).filter((question) => question.known === null);
  const now = isoNow(ctx.clock);
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('inquiries')
      .set({ reminded_at: now, updated_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', inquiry.id)
      .where('reminded_at', 'is', null)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordAuditEvent(trx, ctx, {
      subject: systemSubject(job.tenantId),
      action: 'inquiry.reminded',
      resource: { type: 'inquiry', id: inquiry.id },
      details: { unanswered: unanswered.length },
    });
    return true;
  });
  if (!claimed || unanswered.length === 0) return;
  const recipients = await activeProfessionalsOf(
    ctx.db,
    job.tenantId,
    unanswered.map((question) => question.organisation_id),
  );
  await mailInquiryReminder(ctx, job.tenantId, recipients, { id: inquiry.id, reference: inquiryReference(inquiry.id), deadline: inquiry.deadline });
}

/**
 * The expiry of the answers: unless the signal became a case, every answer (known, guidance, contact,
 * note) and the copy of the person's identity are erased, the questions get `expired_at` and the
 * inquiry the status `expired`, recorded as `inquiry.expired`. When the signal has a case, the answers
 * stay (the case's legal basis now covers them) and the inquiry is closed to new answers.
 */
export async function expireInquiry(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const inquiry = await findInquiry(ctx.db, job.tenantId, inquiryIdOf(payload));
  if (!inquiry || inquiry.status === 'expired') return;
  const signal = await openSignal(ctx, consultPointSystem(job.tenantId), inquiry.signal_id, 'inquiries.expire');
  const now = isoNow(ctx.clock);
  if (signal.row.case_id !== null) {
    await ctx.db
      .updateTable('inquiries')
      .set({ status: 'closed', updated_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', inquiry.id)
      .where('status', '=', 'open')
      .execute();
    return;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('inquiries')
      .set({ status: 'expired', subject_sealed: null, updated_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', inquiry.id)
      .where('status', '!=', 'expired')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return;
    const erased = await trx
      .updateTable('inquiry_questions')
      .set({ known: null, guidance_running: null, contact_user_id: null, note_sealed: null, expired_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('inquiry_id', '=', inquiry.id)
      .executeTakeFirst();
    await recordAuditEvent(trx, ctx, {
      subject: systemSubject(job.tenantId),
      action: 'inquiry.expired',
      resource: { type: 'inquiry', id: inquiry.id },
      details: { questions: Number(erased.numUpdatedRows) },
    });
  });
}

let registered = false;

/** Registers the module's job handlers, once per process (the module registers with every app it joins). */
export function registerInquiryJobHandlers(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(INQUIRY_REMINDER_JOB, remindInquiry);
  registerJobHandler(INQUIRY_EXPIRY_JOB, expireInquiry);
}
