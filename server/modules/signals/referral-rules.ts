import type { Locale } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { THEMES, type ItemClass, type TableAudience, type Theme } from '../cases/index.ts';
import { translator } from '../../ui/i18n.ts';
import type { SignalRow } from './signals.queries.ts';

/**
 * What a referral and an addition to a known case share (issue 11, "Already known?" and "Referral").
 * Pure, over the signal's row: no sealed column is read here.
 */

/**
 * A signal goes to a table only after a shared concern, and only once: refused with 409 before the
 * decision, after another outcome, and when it already went (or is going, `referred` without a case
 * yet: see `claimForReferral`) to a case.
 */
export function requireReferable(row: SignalRow): void {
  if (row.outcome !== 'shared_concern' || row.case_id !== null || row.status !== 'in_consultation') {
    const taken = row.case_id !== null || row.status === 'referred';
    throw new AppError('conflict', [
      { path: 'signal', messageKey: taken ? 'validation.referral.already_referred' : 'validation.referral.needs_shared_concern' },
    ]);
  }
}

/** The reporter made themself known (never true for an anonymous reporter, whose columns stay empty). */
export function reporterMadeKnown(row: SignalRow): boolean {
  return row.reporter_anonymous === 0 && row.disclosure_status === 'made_known';
}

/**
 * Whether the reporter's organisation may be seated on the case: the reporter made themself known and
 * did not refuse it when they did (`reporter_agrees_to_seat` 0; NULL for a reporter who was named from
 * the start, whose agreement the coordinator confirms with the seat box).
 */
export function reporterMaySeat(row: SignalRow): boolean {
  return reporterMadeKnown(row) && row.reporter_agrees_to_seat !== 0;
}

/** Why the reporter cannot be seated (an i18n key), or null when they can. */
export function seatRefusal(row: SignalRow): string | null {
  if (!reporterMadeKnown(row)) return 'validation.referral.reporter_not_known';
  return reporterMaySeat(row) ? null : 'validation.referral.reporter_declined_seat';
}

/** The reporter's organisation, only when it may be seated (and so named on the referral form); otherwise null. */
export function knownReporterOrganisation(row: SignalRow): string | null {
  return reporterMaySeat(row) ? row.reporter_organisation_id : null;
}

/** The reporter's account, only when they may be seated and reported with an account. */
export function knownReporterUser(row: SignalRow): string | null {
  return reporterMaySeat(row) ? row.reporter_user_id : null;
}

/** The signal's theme as a case theme ('other' for a theme the cases vocabulary does not know). */
export function caseTheme(theme: string): Theme {
  return (THEMES as readonly string[]).includes(theme) ? (theme as Theme) : 'other';
}

/** The classes of the items a referral writes: belief for radicalisation, minor for a minors table. */
export function referralItemClasses(theme: string, audience: TableAudience | string): ItemClass[] {
  return [...(theme === 'radicalisation' ? (['belief'] as const) : []), ...(audience === 'minors' ? (['minor'] as const) : [])];
}

/**
 * The screening in words for the case, from the judgement the signal carries (category and urgency);
 * null when the signal was never screened.
 */
export function screeningSummaryText(row: Pick<SignalRow, 'category' | 'urgency'>, locale: Locale): string | null {
  if (row.category === null) return null;
  const t = translator(locale);
  return t('referral.item.screening', {
    category: t(`referral.category.${row.category}`),
    urgency: row.urgency ? t(`referral.urgency.${row.urgency}`) : t('referral.pdf.none'),
  });
}
