import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { dayOf } from '../../platform/calendar-days.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { viewCase } from '../cases/index.ts';
import { openSignal, readSignal, requireOnSignal, signalAuditEvent, signalDecisionRationale } from './signal-door.ts';
import { referralSummaries } from './referral-summaries.ts';
import { referralPdf, type ReferralForm } from './referral-pdf.ts';
import { contactOf, networkName, organisationName } from './referral.queries.ts';
import { knownReporterOrganisation } from './referral-rules.ts';

/**
 * The referral form of a referred signal as a PDF, in the reader's language (issue 11): the case is
 * read through the cases module's door (`viewCase`, audited `case.viewed`), the print itself is
 * recorded as `signal.referral_printed`. Only for the coordinator; 409 while the signal has no case.
 * A signal referred through a new case gives that case's opening day and summary (the reason typed
 * when referring); a signal added to a known case gives the day it was added and the decision's
 * rationale, and the form says "added to the case" rather than "referred".
 */
export async function printReferral(
  options: { signalId: string; locale: Locale },
  actor: Actor,
  ctx: AppContext,
): Promise<{ pdf: Buffer; reference: string }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.refer');
  requireOnSignal(actor, access, 'refer');
  const row = access.row;
  const caseId = row.case_id;
  if (caseId === null) throw new AppError('conflict', [{ path: 'signal', messageKey: 'validation.referral.not_referred' }]);
  const { data: kase } = await viewCase({ caseId }, actor, ctx);
  const read = await readSignal(ctx, actor, row.id, 'referral');
  const { screening, inquiries } = await referralSummaries(ctx, actor, read, options.locale);
  // Added to a case already at the table: that case's summary and opening day are not this signal's;
  // the form gives the day it was added and the coordinator's reason (the decision rationale).
  const addedAt = row.added_to_case_at;
  const form: ReferralForm = {
    route: addedAt === null ? 'new_case' : 'added_to_case',
    networkName: await networkName(ctx.db, actor),
    caseReference: kase.reference,
    signalReference: row.reference,
    tableName: kase.tableName,
    date: dayOf(new Date(addedAt ?? kase.createdAt)),
    theme: kase.theme,
    urgency: row.urgency,
    category: row.category,
    ageBand: kase.subject.ageBand,
    reason: addedAt === null ? kase.summary : ((await signalDecisionRationale(ctx, read)) ?? ''),
    screening,
    inquiries,
    referrerOrganisation: await organisationName(ctx.db, actor, knownReporterOrganisation(row)),
    coordinator: await contactOf(ctx.db, actor),
  };
  const pdf = await referralPdf(form, options.locale);
  await appendAuditEvent(ctx, signalAuditEvent(actor, access, 'signal.referral_printed', { purpose: 'consult_point', details: { caseId } }));
  return { pdf, reference: kase.reference };
}
