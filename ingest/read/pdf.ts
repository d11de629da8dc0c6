import type { PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { IngestError } from '../errors.ts';
import { LIMITS } from './limits.ts';
import { checkPdfStreams } from './pdf-limits.ts';
import { layoutPages, type PdfPage } from './pdf-layout.ts';

/**
 * Readers of a PDF's words that a runtime may supply in place of pdf.js (on Node: poppler's
 * pdftotext, and OCR of the rendered pages by tesseract). Each refuses a file with an
 * IngestError (a limit, say); `text` may throw any other error for a file it cannot read, which
 * pdf.js then tries. `ocr` is only asked for a PDF whose text layer is empty, with its page count;
 * it reads each number twice, independently, and marks one the readings disagree on `unsure`.
 */
export interface PdfReaders {
  text?: (buf: Uint8Array) => Promise<PdfPage[]>;
  ocr?: (buf: Uint8Array, pages: number) => Promise<PdfPage[]>;
}

/** Fewer visible characters than this in the whole text layer: scanned pages. */
const MIN_TEXT_CHARS = 20;

/**
 * Reads a PDF's text: its words laid out by geometry (pdf-layout.ts), tables as tab-separated
 * rows, page numbers dropped. A PDF without a text layer is read by `readers.ocr` when given,
 * else refused as needing OCR.
 */
export async function pdfToText(
  buf: Uint8Array,
  readers: PdfReaders = {},
): Promise<{ text: string; ocr: boolean; checked?: boolean }> {
  let pages = readers.text
    ? await readers.text(buf).catch((e: unknown) => {
        if (e instanceof IngestError) throw e;
        return null;
      })
    : null;
  // The stream check bounds what a reader keeps in this process's memory (pdf.js) or decodes
  // in full (rendering for OCR); pdftotext reads content streams as it goes, in its own process.
  // A PDF poppler reads as no pages at all (a broken page tree) goes to pdf.js, whose reason is clearer.
  const checked = !pages?.length;
  if (!pages?.length) {
    checkPdfStreams(buf);
    pages = await pdfjsPages(buf);
  }
  const text = checkedText(pages);
  if (text.replace(/\s/g, '').length >= MIN_TEXT_CHARS) return { text, ocr: false };
  if (!readers.ocr) throw new IngestError('PDF has no text layer (scanned pages?): needs OCR');
  if (!checked) checkPdfStreams(buf);
  const ocrText = checkedText(
    await readers.ocr(buf, pages.length).catch((e: unknown) => {
      if (!(e instanceof IngestError)) throw e;
      throw new IngestError(`PDF has no text layer (scanned pages?) and OCR failed: ${e.message}`);
    }),
    true,
  );
  if (ocrText.replace(/\s/g, '').length < MIN_TEXT_CHARS)
    throw new IngestError('PDF has no text layer and OCR read no text from its pages');
  return { text: ocrText, ocr: true, checked: true };
}

function checkedText(pages: PdfPage[], ocr = false): string {
  if (pages.length > LIMITS.pdfPages) throw new IngestError(`PDF has ${pages.length} pages (limit ${LIMITS.pdfPages})`);
  const text = layoutPages(pages, ocr);
  if (text.length > LIMITS.textChars)
    throw new IngestError(`PDF yields more than ${LIMITS.textChars} characters of text (limit)`);
  return text;
}

/** The words of every page by pdf.js (the reader everywhere poppler is not installed). */
async function pdfjsPages(buf: Uint8Array): Promise<PdfPage[]> {
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
  const pages: PdfPage[] = [];
  let chars = 0;
  try {
    if (doc.numPages > LIMITS.pdfPages)
      throw new IngestError(`PDF has ${doc.numPages} pages (limit ${LIMITS.pdfPages})`);
    for (let p = 1; p <= doc.numPages; p++) {
      try {
        const page = await doc.getPage(p);
        const [, , width, height] = page.view as [number, number, number, number];
        const items = (await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i);
        pages.push({ width, height, words: items.map((it) => wordOf(it, height)) });
        chars += items.reduce((n, it) => n + it.str.length, 0);
      } catch (e) {
        throw new IngestError(`not a readable PDF (page ${p}: ${(e as Error).message})`);
      }
      if (chars > LIMITS.textChars)
        throw new IngestError(`PDF yields more than ${LIMITS.textChars} characters of text by page ${p} (limit)`);
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** A pdf.js text run as a word box; pdf.js measures y upwards from the baseline. */
function wordOf(it: TextItem, pageHeight: number) {
  const x = it.transform[4] as number;
  const baseline = pageHeight - (it.transform[5] as number);
  const h = it.height || Math.abs(it.transform[3] as number) || 10;
  return { x0: x, x1: x + it.width, y0: baseline - h * 0.85, y1: baseline + h * 0.15, text: unradical(it.str) };
}

/**
 * pdf.js maps some fonts' glyphs to Kangxi radicals (⾏ U+2F8F for 行, as in Chromium's PDFs);
 * they are the ideographs' compatibility forms, and only they are folded (NFKC would also fold
 * full-width brackets, which labels print).
 */
const unradical = (s: string) => s.replace(/[\u2e80-\u2fdf]/g, (c) => c.normalize('NFKC'));
