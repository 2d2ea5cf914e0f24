import type { Locale } from '../../platform/config.ts';
import { translator } from '../../ui/i18n.ts';
import type { ReferralInquiryAnswer } from './referral-pdf.ts';

/**
 * The network inquiries of a signal as the referral passes them on (issue 11): how many organisations
 * were asked, and the answers "known: yes / no" with whether guidance is running. Never what an
 * organisation that declined said (it said nothing: declining is always allowed), never an unanswered
 * or expired question, never the note (that is for the coordinator only). Pure, over the questions the
 * inquiries module shows the coordinator.
 */

/** One asked organisation, as the inquiries module shows it to the coordinator. */
export interface AskedOrganisation {
  readonly organisationName: string;
  readonly answer: { readonly known: string | null; readonly guidanceRunning: boolean | null };
  readonly expiredAt: string | null;
}

export interface InquiriesSummary {
  readonly asked: number;
  readonly answers: readonly ReferralInquiryAnswer[];
}

/** The summary over every inquiry of the signal; null when there was none. */
export function inquiriesSummary(inquiries: readonly { readonly asked: readonly AskedOrganisation[] }[]): InquiriesSummary | null {
  if (inquiries.length === 0) return null;
  const questions = inquiries.flatMap((inquiry) => inquiry.asked);
  const answers = questions.flatMap((question): ReferralInquiryAnswer[] => {
    const known = question.answer.known;
    if (question.expiredAt !== null || (known !== 'yes' && known !== 'no')) return [];
    return [{ organisation: question.organisationName, known, guidanceRunning: question.answer.guidanceRunning }];
  });
  return { asked: questions.length, answers: answers.sort((a, b) => a.organisation.localeCompare(b.organisation)) };
}

/** The summary in words, for the item the case receives. */
export function inquiriesSummaryText(summary: InquiriesSummary, locale: Locale): string {
  const t = translator(locale);
  return [
    t('referral.item.inquiry'),
    t('referral.pdf.inquiry_counts', { asked: summary.asked, answered: summary.answers.length }),
    ...summary.answers.map(
      (answer) =>
        `- ${t('referral.pdf.inquiry_answer', {
          organisation: answer.organisation,
          answer: [
            t(answer.known === 'yes' ? 'referral.pdf.known.yes' : 'referral.pdf.known.no'),
            ...(answer.guidanceRunning === null ? [] : [t(answer.guidanceRunning ? 'referral.pdf.guidance.yes' : 'referral.pdf.guidance.no')]),
          ].join(', '),
        })}`,
    ),
  ].join('\n');
}
