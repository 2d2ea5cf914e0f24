import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { dayOf } from '../../platform/calendar-days.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { viewCase } from '../cases/index.ts';
import { openSignal, readSignal, requireOnSignal, signalAuditEvent } from './signal-door.ts';
import { referralSummaries } from './referral-summaries.ts';
import { referralPdf, type ReferralForm } from './referral-pdf.ts';
import { contactOf, networkName, organisationName } from './referral.queries.ts';
import { knownReporterOrganisation } from './referral-rules.ts';

/**
 * The referral form of a referred signal as a PDF, in the reader's language (issue 11): the case is
 * read through the cases module's door (`viewCase`, audited `case.viewed`), the print itself is
 * recorded as `signal.referral_printed`. Only for the coordinator; 409 while the signal has no case.
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
  const form: ReferralForm = {
    networkName: await networkName(ctx.db, actor),
    caseReference: kase.reference,
    signalReference: row.reference,
    tableName: kase.tableName,
    date: dayOf(new Date(kase.createdAt)),
    theme: kase.theme,
    urgency: row.urgency,
    category: row.category,
    ageBand: kase.subject.ageBand,
    reason: kase.summary,
    screening,
    inquiries,
    referrerOrganisation: await organisationName(ctx.db, actor, knownReporterOrganisation(row)),
    coordinator: await contactOf(ctx.db, actor),
  };
  const pdf = await referralPdf(form, options.locale);
  await ctx.db
    .transaction()
    .execute((trx) =>
      recordAuditEvent(trx, ctx, signalAuditEvent(actor, access, 'signal.referral_printed', { purpose: 'consult_point', details: { caseId } })),
    );
  return { pdf, reference: kase.reference };
}
