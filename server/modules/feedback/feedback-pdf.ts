import { renderPdf } from '../../platform/pdf.ts';
import type { Content } from 'pdfmake';
import type { Locale } from '../../platform/config.ts';
import { translator } from '../../ui/i18n.ts';
import { formatLocalDayOf } from '../../ui/local-time.ts';
import type { Quote } from './feedback-quotes.ts';

/**
 * The sent feedback form as a PDF (pdfmake, standard Helvetica: no font file, no URL is read). It
 * carries the case's pseudonym only (never a name), the meeting's day, the recipient, the body, the
 * quoted texts and the consensus ("approved by all N present").
 */
export interface FeedbackDocument {
  readonly caseReference: string;
  readonly meetingStartsAt: string;
  readonly tableName: string;
  readonly recipient: string;
  readonly body: string;
  readonly quotes: readonly Quote[];
  readonly approvedBy: number;
}

export function feedbackDocumentContent(form: FeedbackDocument, locale: Locale): Content[] {
  const t = translator(locale);
  return [
    { text: t('feedback.pdf.title'), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
    { text: t('feedback.pdf.confidential'), italics: true, fontSize: 9, margin: [0, 0, 0, 12] },
    {
      table: {
        widths: [150, '*'],
        body: [
          [{ text: t('feedback.field.case'), bold: true }, { text: form.caseReference }],
          [{ text: t('feedback.pdf.meeting'), bold: true }, { text: `${form.tableName} · ${formatLocalDayOf(form.meetingStartsAt, locale)}` }],
          [{ text: t('feedback.field.recipient'), bold: true }, { text: form.recipient }],
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 12],
    },
    { text: t('feedback.field.body'), bold: true, fontSize: 13, margin: [0, 6, 0, 4] },
    { text: form.body },
    ...(form.quotes.length === 0
      ? []
      : ([
          { text: t('feedback.quotes_heading'), bold: true, fontSize: 13, margin: [0, 12, 0, 4] },
          { ul: form.quotes.map((quote) => quote.body) },
        ] satisfies Content[])),
    { text: t('feedback.pdf.approved_by_all', { count: form.approvedBy }), bold: true, margin: [0, 16, 0, 0] },
  ];
}

/** The PDF bytes, generated once when the form is sent. */
export async function feedbackPdf(form: FeedbackDocument, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  return renderPdf({
    content: feedbackDocumentContent(form, locale),
    info: { title: t('feedback.pdf.title'), subject: form.caseReference, creator: 'Partnertafel' },
    pageMargins: [48, 48, 48, 56],
  });
}
