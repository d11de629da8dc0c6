import type { PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { IngestError } from '../errors.ts';
import { LIMITS } from './limits.ts';
import { checkPdfStreams } from './pdf-limits.ts';

/** Gap (in PDF units) between two text runs on one line that separates table cells. */
const CELL_GAP = 12;

/**
 * Extracts the text layer of a PDF page by page, in content order (which follows the table rows
 * in the reports we have seen). Runs on one line are joined, or separated by a tab where a wide
 * gap marks a new table cell; page footers such as "- 4 -" stay as their own lines for the
 * normaliser to drop. A PDF without a text layer is refused as needing OCR.
 */
export async function pdfToText(buf: Uint8Array): Promise<string> {
  checkPdfStreams(buf);
  // Loaded on first use: pdf.js takes longer to load than a text report takes to parse.
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: PDFDocumentProxy;
  try {
    doc = await getDocument({
      data: new Uint8Array(buf),
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: VerbosityLevel.ERRORS,
    }).promise;
  } catch (e) {
    throw new IngestError(`not a readable PDF (${(e as Error).message})`);
  }
  const pages: string[] = [];
  let chars = 0;
  let raw = 0;
  try {
    if (doc.numPages > LIMITS.pdfPages)
      throw new IngestError(`PDF has ${doc.numPages} pages (limit ${LIMITS.pdfPages})`);
    for (let p = 1; p <= doc.numPages; p++) {
      let text: string;
      try {
        const content = await (await doc.getPage(p)).getTextContent();
        text = pageText(content.items.filter((i): i is TextItem => 'str' in i));
      } catch (e) {
        throw new IngestError(`not a readable PDF (page ${p}: ${(e as Error).message})`);
      }
      chars += text.replace(/\s|-\s*\d+\s*-/g, '').length;
      raw += text.length;
      if (raw > LIMITS.textChars)
        throw new IngestError(`PDF yields more than ${LIMITS.textChars} characters of text by page ${p} (limit)`);
      pages.push(text);
    }
  } finally {
    await doc.destroy();
  }
  if (chars < 20) throw new IngestError('PDF has no text layer (scanned pages?): needs OCR');
  return pages.join('\n');
}

function pageText(items: TextItem[]): string {
  let out = '';
  let lastY: number | null = null;
  let lastEnd = 0;
  let lastHeight = 10;
  for (const it of items) {
    const x = it.transform[4] as number;
    const y = it.transform[5] as number;
    if (it.str.trim() === '') {
      if (it.hasEOL) {
        out += '\n';
        lastY = null;
      }
      continue;
    }
    if (lastY !== null && Math.abs(y - lastY) > Math.max(lastHeight, it.height) * 0.6) out += '\n';
    else if (lastY !== null) {
      const gap = x - lastEnd;
      if (gap > CELL_GAP) out += '\t';
      else if (gap > 2 && /[0-9A-Za-z]$/.test(out) !== /^[\u4e00-\u9fff]/.test(it.str)) out += ' ';
    }
    out += it.str;
    lastY = y;
    lastEnd = x + it.width;
    lastHeight = it.height || lastHeight;
    if (it.hasEOL) {
      out += '\n';
      lastY = null;
    }
  }
  return out;
}
