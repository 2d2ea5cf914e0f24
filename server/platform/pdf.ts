import type * as PdfmakeModule from 'pdfmake';

type Pdfmake = typeof PdfmakeModule;
type DocumentDefinition = Parameters<Pdfmake['createPdf']>[0];

/**
 * The one way the modules make a PDF: pdfmake with the standard Helvetica only, reading no font file
 * and no URL (the four names are what pdfmake hands to its local-file check, though they are not
 * files). pdfmake, pdfkit and fontkit are loaded at the first PDF, not at start: they were a fifth of
 * the web application's cold start, and most processes never make a PDF.
 */

const STANDARD_FONT_NAMES: ReadonlySet<string> = new Set(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique']);

let loaded: Promise<Pdfmake> | null = null;

/** pdfmake, imported and locked down once per process. */
function pdfmake(): Promise<Pdfmake> {
  // pdfmake is CommonJS: its functions are the default export of the ES module namespace.
  loaded ??= import('pdfmake').then((namespace) => {
    const maker = (namespace as Pdfmake & { default?: Pdfmake }).default ?? namespace;
    maker.setFonts({
      Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' },
    });
    maker.setUrlAccessPolicy(() => false);
    maker.setLocalAccessPolicy((path) => STANDARD_FONT_NAMES.has(path));
    return maker;
  });
  return loaded;
}

/** A document as PDF bytes, A4, Helvetica 10 pt unless the definition says otherwise. */
export async function renderPdf(definition: DocumentDefinition): Promise<Buffer> {
  const maker = await pdfmake();
  return maker
    .createPdf({ pageSize: 'A4', ...definition, defaultStyle: { font: 'Helvetica', fontSize: 10, ...definition.defaultStyle } })
    .getBuffer();
}
