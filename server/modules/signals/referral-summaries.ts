import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import type { AuditedSignalRead } from './signal-door.ts';
import { inquiriesSummary, type InquiriesSummary } from './referral-inquiries.ts';
import { screeningSummaryText } from './referral-rules.ts';

/**
 * What was already done on a signal, as the referral passes it on: the screening in words (the
 * screening module's summary of the recorded screenings; the judgement on the signal when there is
 * none) and the network inquiries (yes / no answers only). Each module reads and audits its own part.
 *
 * The screening and inquiries modules build on the signals door (they import this module's index), so
 * they are loaded here when a referral runs, not at start: a static import would close a cycle.
 */
export async function referralSummaries(
  ctx: AppContext,
  actor: Actor,
  read: AuditedSignalRead,
  locale: Locale,
): Promise<{ screening: string | null; inquiries: InquiriesSummary | null }> {
  const [{ screeningSummary }, { listInquiries, viewInquiry }] = await Promise.all([
    import('../screening/index.ts'),
    import('../inquiries/index.ts'),
  ]);
  const screening = (await screeningSummary(ctx, read, locale)) ?? screeningSummaryText(read.row, locale);
  const inquiries = await listInquiries({ signalId: read.row.id }, actor, ctx);
  const details = [];
  for (const inquiry of inquiries) details.push((await viewInquiry({ id: inquiry.id }, actor, ctx)).detail);
  return { screening, inquiries: inquiriesSummary(details) };
}
