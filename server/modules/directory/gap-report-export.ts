import { renderPdf } from '../../platform/pdf.ts';
import type { Content } from 'pdfmake';
import type { Locale } from '../../platform/config.ts';
import { translator } from '../../ui/i18n.ts';
import type { GapReport, ReportCount } from './gap-report.ts';

/* The gap report as CSV and as PDF: the same figures as the page, suppressed ones as "< 5". */

const csvField = (value: string): string => (/[",;\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * One line per figure: section, category, reason (theme × reason only), count — comma separated,
 * UTF-8, with the labels in the reader's language; a suppressed figure is "< 5", a total that is
 * suppressed too. No case, no recorder, no single gap.
 */
export function gapReportCsv(report: GapReport, locale: Locale): string {
  const t = translator(locale);
  const shown = (count: ReportCount) => (count.suppressed ? t('directory.gap_report.suppressed') : String(count.count ?? 0));
  const theme = (value: string) => t(`cases.theme.${value}`);
  const reason = (value: string) => t(`directory.gap_reason.${value}`);
  const total = t('directory.gap_report.total');
  const lines: string[][] = [
    [t('directory.gap_report.csv_section'), t('directory.gap_report.csv_category'), t('directory.gap.reason'), t('directory.gap_report.count')],
  ];
  const section = t('directory.gap_report.by_theme_reason');
  for (const row of report.themeReason.rows) {
    for (const name of report.reasons) lines.push([section, theme(row.theme), reason(name), shown(row.cells[name]!)]);
    lines.push([section, theme(row.theme), total, shown(row.total)]);
  }
  for (const name of report.reasons) lines.push([section, total, reason(name), shown(report.themeReason.totals[name]!)]);
  for (const row of report.ageGroups) lines.push([t('directory.gap_report.by_age_group'), row.ageGroup, '', shown(row.count)]);
  for (const row of report.languages)
    lines.push([t('directory.gap_report.by_language'), row.language ?? t('directory.gap.language_none'), '', shown(row.count)]);
  lines.push([total, `${report.from} – ${report.to}`, '', shown(report.total)]);
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export function gapReportPdfContent(report: GapReport, locale: Locale): Content[] {
  const t = translator(locale);
  const shown = (count: ReportCount) => (count.suppressed ? t('directory.gap_report.suppressed') : String(count.count ?? 0));
  const header = (text: string) => ({ text, bold: true });
  return [
    { text: t('directory.gap_report.title'), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
    { text: t('directory.gap_report.figures', { from: report.from, to: report.to }), margin: [0, 0, 0, 4] },
    { text: t('directory.gap_report.suppression_note'), italics: true, fontSize: 9, margin: [0, 0, 0, 12] },
    { text: t('directory.gap_report.by_theme_reason'), bold: true, fontSize: 13, margin: [0, 6, 0, 4] },
    {
      table: {
        headerRows: 1,
        body: [
          [
            header(t('directory.gap.theme')),
            ...report.reasons.map((reason) => header(t(`directory.gap_reason.${reason}`))),
            header(t('directory.gap_report.total')),
          ],
          ...report.themeReason.rows.map((row) => [
            t(`cases.theme.${row.theme}`),
            ...report.reasons.map((reason) => shown(row.cells[reason]!)),
            shown(row.total),
          ]),
          [
            header(t('directory.gap_report.total')),
            ...report.reasons.map((reason) => shown(report.themeReason.totals[reason]!)),
            shown(report.total),
          ],
        ],
      },
      layout: 'lightHorizontalLines',
      fontSize: 8,
      margin: [0, 0, 0, 12],
    },
    { text: t('directory.gap_report.by_age_group'), bold: true, fontSize: 13, margin: [0, 6, 0, 4] },
    {
      table: {
        headerRows: 1,
        body: [
          [header(t('directory.gap.age_group')), header(t('directory.gap_report.count'))],
          ...report.ageGroups.map((row) => [row.ageGroup, shown(row.count)]),
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 12],
    },
    { text: t('directory.gap_report.by_language'), bold: true, fontSize: 13, margin: [0, 6, 0, 4] },
    {
      table: {
        headerRows: 1,
        body: [
          [header(t('directory.gap.language')), header(t('directory.gap_report.count'))],
          ...report.languages.map((row) => [row.language ?? t('directory.gap.language_none'), shown(row.count)]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ];
}

export async function gapReportPdf(report: GapReport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  return renderPdf({
    content: gapReportPdfContent(report, locale),
    info: { title: t('directory.gap_report.title'), creator: 'Partnertafel' },
    pageOrientation: 'landscape',
    pageMargins: [40, 40, 40, 48],
  });
}
