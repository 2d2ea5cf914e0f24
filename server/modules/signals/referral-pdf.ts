import { renderPdf } from '../../platform/pdf.ts';
import type { Content, TableCell } from 'pdfmake';
import type { Locale } from '../../platform/config.ts';
import { translator, type Translate } from '../../ui/i18n.ts';
import { formatLocalDay } from '../../ui/local-time.ts';

/**
 * The referral form (*aanmeldingsformulier*, issue 11 "Referral") as a PDF, made with pdfmake on the
 * server in the reader's language. It carries what the key figures need and nothing more:
 *
 * - the person only as the case's pseudonym and the age band — never a name or birth date, whatever the
 *   case's identity disclosure (who may see the identity is the case page's rule; a printed page is
 *   passed on and cannot follow it);
 * - the referrer's organisation only when the reporter made themself known; an anonymous reporter is
 *   never on it (the caller passes null, and the form has no field for the reporter as a person);
 * - the inquiry summary without the answers of organisations that declined (only yes / no answers).
 *
 * No file or URL is ever read: the fonts are the PDF standard Helvetica (built into every reader, no
 * font file), and platform/pdf.ts refuses every path and URL pdfmake asks for except those four names.
 */

/** One organisation's answer to a network inquiry, as the form shows it: known or not, guidance running. */
export interface ReferralInquiryAnswer {
  readonly organisation: string;
  readonly known: 'yes' | 'no';
  readonly guidanceRunning: boolean | null;
}

/** The structured referral form: every field the PDF (and the referral tab) shows. */
export interface ReferralForm {
  /** How the signal reached the case: referred through a new case, or added to a case already at the table. */
  readonly route: 'new_case' | 'added_to_case';
  readonly networkName: string;
  /** The case's pseudonym (`VIL-2026-014`). */
  readonly caseReference: string;
  /** The signal's reference (`SIG-VIL-2026-007`), which holds no person. */
  readonly signalReference: string;
  readonly tableName: string;
  /** The referral day (or the day it was added to the case), `YYYY-MM-DD`. */
  readonly date: string;
  /** A theme of the cases vocabulary. */
  readonly theme: string;
  readonly urgency: string | null;
  readonly category: number | null;
  /** The person's age band on the referral day, or null when unknown. */
  readonly ageBand: string | null;
  /** Why the person is referred (the new case's summary), or why the signal was added (the decision rationale). */
  readonly reason: string;
  /** The screening in words (judgement and rationale), or null when none was recorded. */
  readonly screening: string | null;
  /** The network inquiries: how many organisations were asked, and the yes / no answers (never the declined ones). */
  readonly inquiries: { readonly asked: number; readonly answers: readonly ReferralInquiryAnswer[] } | null;
  /** The reporter's organisation, only when the reporter made themself known; otherwise null. */
  readonly referrerOrganisation: string | null;
  /** The coordinator, as the contact for the table. */
  readonly coordinator: { readonly name: string; readonly email: string | null };
}

const labelled = (label: string, value: string): TableCell[] => [{ text: label, bold: true }, { text: value }];

/** A label of a vocabulary value, or the value itself when the catalogue has none. */
function labelOf(t: Translate, key: string, fallback: string): string {
  try {
    return t(key);
  } catch {
    return fallback;
  }
}

/** The document definition (exported for the tests of its content without a PDF parser). */
export function referralDocument(form: ReferralForm, locale: Locale): { content: Content[]; info: Record<string, string> } {
  const t = translator(locale);
  const none = t('referral.pdf.none');
  const added = form.route === 'added_to_case';
  const rows: TableCell[][] = [
    labelled(t('referral.pdf.network'), form.networkName),
    labelled(t('referral.pdf.case_reference'), form.caseReference),
    labelled(t('referral.pdf.signal_reference'), form.signalReference),
    labelled(t('referral.pdf.table'), form.tableName),
    labelled(t(added ? 'referral.pdf.added_date' : 'referral.pdf.date'), formatLocalDay(form.date, locale)),
    labelled(t('referral.pdf.theme'), labelOf(t, `cases.theme.${form.theme}`, form.theme)),
    labelled(t('referral.pdf.age_band'), form.ageBand ? labelOf(t, `cases.age_band.${form.ageBand}`, form.ageBand) : t('referral.pdf.unknown')),
    labelled(t('referral.pdf.urgency'), form.urgency ? labelOf(t, `referral.urgency.${form.urgency}`, form.urgency) : none),
    labelled(t('referral.pdf.category'), form.category ? t(`referral.category.${form.category}`) : none),
    labelled(t('referral.pdf.referrer_organisation'), form.referrerOrganisation ?? t('referral.pdf.referrer_not_known')),
    labelled(t('referral.pdf.contact'), form.coordinator.email ? `${form.coordinator.name} (${form.coordinator.email})` : form.coordinator.name),
  ];
  const inquiries: Content[] = !form.inquiries
    ? [{ text: t('referral.pdf.no_inquiry') }]
    : [
        { text: t('referral.pdf.inquiry_counts', { asked: form.inquiries.asked, answered: form.inquiries.answers.length }) },
        ...(form.inquiries.answers.length === 0
          ? []
          : [
              {
                ul: form.inquiries.answers.map((answer) =>
                  t('referral.pdf.inquiry_answer', {
                    organisation: answer.organisation,
                    answer: [
                      t(answer.known === 'yes' ? 'referral.pdf.known.yes' : 'referral.pdf.known.no'),
                      ...(answer.guidanceRunning === null
                        ? []
                        : [t(answer.guidanceRunning ? 'referral.pdf.guidance.yes' : 'referral.pdf.guidance.no')]),
                    ].join(', '),
                  }),
                ),
              } satisfies Content,
            ]),
      ];
  return {
    info: { title: t('referral.pdf.title'), subject: form.caseReference, creator: 'Partnertafel' },
    content: [
      { text: t('referral.pdf.title'), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      { text: t('referral.pdf.confidential'), italics: true, fontSize: 9, margin: [0, 0, 0, added ? 4 : 12] },
      ...(added ? [{ text: t('referral.pdf.added_to_case'), bold: true, margin: [0, 0, 0, 12] } satisfies Content] : []),
      { table: { widths: [150, '*'], body: rows }, layout: 'lightHorizontalLines', margin: [0, 0, 0, 12] },
      { text: t(added ? 'referral.pdf.reason_added' : 'referral.pdf.reason'), bold: true, fontSize: 13, margin: [0, 6, 0, 4] },
      { text: form.reason || none },
      { text: t('referral.pdf.done_already'), bold: true, fontSize: 13, margin: [0, 12, 0, 4] },
      { text: t('referral.pdf.screening'), bold: true, margin: [0, 4, 0, 2] },
      { text: form.screening ?? t('referral.pdf.no_screening') },
      { text: t('referral.pdf.inquiry'), bold: true, margin: [0, 8, 0, 2] },
      ...inquiries,
      { text: t('referral.pdf.identity_note'), italics: true, fontSize: 9, margin: [0, 16, 0, 0] },
    ],
  };
}

/** The referral form as PDF bytes, in the reader's language. */
export async function referralPdf(form: ReferralForm, locale: Locale): Promise<Buffer> {
  const { content, info } = referralDocument(form, locale);
  return renderPdf({
    content,
    info,
    pageMargins: [48, 48, 48, 56],
    footer: (currentPage: number, pageCount: number) => ({
      text: `${form.caseReference} · ${currentPage}/${pageCount}`,
      alignment: 'center',
      fontSize: 8,
    }),
  });
}
