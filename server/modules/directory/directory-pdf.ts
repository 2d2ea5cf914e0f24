import { renderPdf } from '../../platform/pdf.ts';
import type { Content } from 'pdfmake';
import type { View } from '../../ui/view.ts';
import type { DirectoryService } from './directory.schemas.ts';
import { serviceSummary } from './directory.views.tsx';

/**
 * The social map's search results as a PDF a professional can print or send (issue 13), made with
 * pdfmake in the reader's language: the same facts as the result cards. No file or URL is read: the
 * PDF standard Helvetica only (platform/pdf.ts: no file or URL is read).
 */

/** The document definition (exported for tests of its content without a PDF parser). */
export function directoryDocument(view: View, results: readonly DirectoryService[], filters: readonly string[]): { content: Content[] } {
  const t = view.t;
  const cards: Content[] = results.flatMap((service): Content[] => [
    { text: service.name, bold: true, fontSize: 13, margin: [0, 10, 0, 2] },
    ...(service.verificationDue ? [{ text: t('directory.verification_due'), italics: true, fontSize: 9 } satisfies Content] : []),
    {
      table: {
        widths: [130, '*'],
        body: serviceSummary(view, service)
          .filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== '')
          .map(([label, value]) => [{ text: label, bold: true }, { text: value }]),
      },
      layout: 'lightHorizontalLines',
    },
  ]);
  return {
    content: [
      { text: t('directory.print_title'), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      { text: filters.length > 0 ? filters.join(' · ') : t('directory.all_services'), fontSize: 9, margin: [0, 0, 0, 8] },
      ...(results.length === 0 ? [{ text: t('directory.no_results') } satisfies Content] : cards),
    ],
  };
}

/** The results as PDF bytes. */
export async function directoryPdf(view: View, results: readonly DirectoryService[], filters: readonly string[]): Promise<Buffer> {
  const { content } = directoryDocument(view, results, filters);
  return renderPdf({
    content,
    info: { title: view.t('directory.print_title'), creator: 'Partnertafel' },
    pageMargins: [48, 48, 48, 56],
    footer: (currentPage: number, pageCount: number) => ({ text: `${currentPage}/${pageCount}`, alignment: 'center', fontSize: 8 }),
  });
}
