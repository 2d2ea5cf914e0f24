import { renderPdf } from '../../platform/pdf.ts';
import type { Content, TableCell } from 'pdfmake';
import type { Locale } from '../../platform/config.ts';
import { translator } from '../../ui/i18n.ts';
import { formatLocalDay } from '../../ui/local-time.ts';

/**
 * One organisation's action points after a meeting, as a PDF (pdfmake, in the reader's language).
 * Per action point: the case's pseudonym, the agreement's description (the organisation's own
 * action, which it reads on "our agreements" too), the due date and the status — nothing else of the
 * case: no items, no names, no identity, no summary. Standard Helvetica only; no file or URL is read
 * (platform/pdf.ts).
 */

/** One action point as the PDF shows it. */
export interface ActionPointLine {
  readonly caseReference: string;
  readonly description: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly status: string;
}

export interface ActionPointsSheet {
  readonly organisationName: string;
  readonly tableName: string;
  /** The meeting's day as the reader reads it (already formatted). */
  readonly meetingDay: string;
  readonly points: readonly ActionPointLine[];
}

/** The document definition (exported for tests of its content without a PDF parser). */
export function actionPointsDocument(sheet: ActionPointsSheet, locale: Locale): { content: Content[]; info: Record<string, string> } {
  const t = translator(locale);
  const header: TableCell[] = [
    { text: t('plans.action_points.pdf.case'), bold: true },
    { text: t('plans.action_points.pdf.action'), bold: true },
    { text: t('plans.action_points.pdf.due'), bold: true },
    { text: t('plans.action_points.pdf.status'), bold: true },
  ];
  const rows: TableCell[][] = sheet.points.map((point) => [
    { text: point.caseReference },
    { text: point.description },
    { text: formatLocalDay(point.dueDate, locale) },
    { text: t(`plans.agreement_status.${point.status}`) },
  ]);
  return {
    info: { title: t('plans.action_points.pdf.title'), subject: sheet.organisationName, creator: 'Partnertafel' },
    content: [
      { text: t('plans.action_points.pdf.title'), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      {
        text: t('plans.action_points.pdf.subtitle', { organisation: sheet.organisationName, table: sheet.tableName, day: sheet.meetingDay }),
        margin: [0, 0, 0, 4],
      },
      { text: t('plans.action_points.pdf.confidential'), italics: true, fontSize: 9, margin: [0, 0, 0, 12] },
      { table: { headerRows: 1, widths: [90, '*', 70, 60], body: [header, ...rows] }, layout: 'lightHorizontalLines' },
    ],
  };
}

/** The action points as PDF bytes, in the reader's language. */
export async function actionPointsPdf(sheet: ActionPointsSheet, locale: Locale): Promise<Buffer> {
  const { content, info } = actionPointsDocument(sheet, locale);
  return renderPdf({
    content,
    info,
    pageMargins: [48, 48, 48, 56],
    footer: (currentPage: number, pageCount: number) => ({ text: `${currentPage}/${pageCount}`, alignment: 'center', fontSize: 8 }),
  });
}
