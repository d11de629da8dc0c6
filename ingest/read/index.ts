import type { SourceFormat } from '../../src/domain/types.ts';
import { IngestError } from '../errors.ts';
import { decodeText } from './decode.ts';
import { docxToText } from './docx.ts';
import { htmlToText } from './html.ts';
import { LIMITS } from './limits.ts';
import { type PdfReaders, pdfToText } from './pdf.ts';

export { LIMITS } from './limits.ts';
export type { PdfReaders } from './pdf.ts';

/**
 * What a file reads to; `ocr` when its text came from OCR of scanned pages, `checked` when that
 * OCR read each number twice (see PdfReaders).
 */
export interface SourceText {
  format: SourceFormat;
  raw: string;
  warning?: string;
  ocr?: boolean;
  checked?: boolean;
}

/** Files larger than this are refused before they are read into memory twice over. */
export const MAX_FILE_BYTES = LIMITS.fileBytes;

export const FORMATS: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
};

export function formatOf(name: string): SourceFormat | null {
  const m = /\.[^./\\]+$/.exec(name.toLowerCase());
  return (m && FORMATS[m[0]]) ?? null;
}

/**
 * Reads one report file's bytes into plain text (tables as tab-separated lines), within LIMITS.
 * Markup nested deeper than the readers' recursion can follow is refused, not crashed on.
 * `pdf` supplies faster or OCR readers of PDFs where the runtime has them.
 */
export async function readSource(name: string, buf: Uint8Array, pdf?: PdfReaders): Promise<SourceText> {
  let read: SourceText;
  try {
    read = await readFormat(name, buf, pdf);
  } catch (e) {
    if (e instanceof RangeError && /call stack/.test(e.message))
      throw new IngestError('markup nested too deeply to read (stack overflow)');
    throw e;
  }
  if (read.raw.length > LIMITS.textChars)
    throw new IngestError(`file yields ${read.raw.length} characters of text (limit ${LIMITS.textChars})`);
  return read;
}

async function readFormat(name: string, buf: Uint8Array, pdf?: PdfReaders): Promise<SourceText> {
  const format = formatOf(name);
  if (!format) throw new IngestError('unsupported file type (want .txt .md .html .htm .docx .pdf)');
  if (buf.length === 0) throw new IngestError('empty file');
  if (buf.length > MAX_FILE_BYTES) {
    throw new IngestError(
      `file too large (${(buf.length / 1048576).toFixed(1)} MB; limit ${MAX_FILE_BYTES / 1048576} MB)`,
    );
  }
  switch (format) {
    case 'txt':
    case 'md': {
      const { text, warning } = decodeText(buf);
      return { format, raw: text, ...(warning ? { warning } : {}) };
    }
    // A page without a <table> may still be a report (one before 2019, or one whose tables are
    // images): whether it is one is decided on its text, as for every format.
    case 'html':
      return { format, raw: htmlToText(decodeText(buf).text) };
    case 'docx':
      if (!(buf[0] === 0x50 && buf[1] === 0x4b)) throw new IngestError('not a .docx file (no ZIP signature)');
      return { format, raw: await docxToText(buf) };
    case 'pdf': {
      if (!Buffer.from(buf.subarray(0, 1024)).toString('latin1').includes('%PDF-')) {
        throw new IngestError('not a PDF file (no %PDF- header)');
      }
      const { text, ocr, checked } = await pdfToText(buf, pdf);
      return { format, raw: text, ...(ocr ? { ocr } : {}), ...(checked ? { checked } : {}) };
    }
  }
}
