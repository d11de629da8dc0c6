/**
 * Reads a PDF's text layer in this process with MuPDF (the `mupdf` package, Artifex's WASM build;
 * AGPL-3.0): no process per file, where pdftotext costs a process start and a round trip through
 * files. Characters and their boxes are read straight from MuPDF's structured text: its own
 * walker builds a Font, a colour and four arrays for every character, which costs more than the
 * extraction it walks.
 *
 * A file with Type 3 fonts is left to the other readers: MuPDF runs every glyph procedure of such
 * a font when it loads it (a Chromium-printed report's CJK text: 300 ms a file, against 50 with
 * pdftotext), and boxes its glyphs tighter than the layout's gap rules were set on.
 */
import { IngestError } from '../../../../ingest/errors.ts';
import type { PdfPage, PdfWord } from '../../../../ingest/read/pdf-layout.ts';
import { LIMITS } from '../../../../ingest/read/index.ts';

type Mupdf = typeof import('mupdf');
/** The parts of MuPDF's WASM module this reader calls (see mupdf/dist/mupdf-wasm.d.ts). */
interface Wasm {
  HEAPF32: Float32Array;
  _wasm_stext_page_get_first_block(page: number): number;
  _wasm_stext_block_get_type(block: number): number;
  _wasm_stext_block_get_first_line(block: number): number;
  _wasm_stext_block_get_next(block: number): number;
  _wasm_stext_line_get_first_char(line: number): number;
  _wasm_stext_line_get_next(line: number): number;
  _wasm_stext_char_get_c(ch: number): number;
  _wasm_stext_char_get_quad(ch: number): number;
  _wasm_stext_char_get_font(ch: number): number;
  _wasm_stext_char_get_size(ch: number): number;
  _wasm_stext_char_get_next(ch: number): number;
}

let loaded: Promise<{ mupdf: Mupdf; wasm: Wasm }> | undefined;

/**
 * Loads MuPDF once. Its module reads its Emscripten options from a global as it loads, and
 * Emscripten hands back that same object as the module: the one way to the character data.
 */
function load() {
  loaded ??= (async () => {
    const g = globalThis as { $libmupdf_wasm_Module?: object };
    const wasm = {} as Wasm;
    g.$libmupdf_wasm_Module = wasm;
    try {
      const mupdf = await import('mupdf');
      // A file's damage is told by the error thrown, not by warnings on stderr.
      mupdf.setLog(() => {});
      if (typeof wasm._wasm_stext_char_get_quad !== 'function' || !(wasm.HEAPF32 instanceof Float32Array))
        throw new Error('mupdf: its WASM module is not reachable (loaded before this reader?)');
      return { mupdf, wasm };
    } finally {
      delete g.$libmupdf_wasm_Module;
    }
  })();
  return loaded;
}

const TEXT_BLOCK = 0;
const isSpace = (c: number) => c === 0x20 || c === 0x3000 || c === 0xa0 || c === 0x09;

/**
 * The words of every page, as pdftotext's TSV gives them: a word ends at a space, a change of
 * font or size, or a gap to the next character wider than a tenth of its height. A file MuPDF
 * cannot open or read, or one with Type 3 fonts, fails with a plain Error (another reader reads
 * it); limits fail with an IngestError.
 */
export async function mupdfPages(buf: Uint8Array): Promise<PdfPage[]> {
  // Most such files name the font type in plain bytes; the others are found page by page.
  if (Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).includes('/Type3'))
    throw new Error('mupdf: the file has Type 3 fonts');
  const { mupdf, wasm } = await load();
  const doc = mupdf.Document.openDocument(buf, 'application/pdf');
  try {
    const count = doc.countPages();
    if (count > LIMITS.pdfPages) throw new IngestError(`PDF has ${count} pages (limit ${LIMITS.pdfPages})`);
    const pages: PdfPage[] = [];
    let chars = 0;
    for (let p = 0; p < count; p++) {
      const page = doc.loadPage(p);
      try {
        if (hasType3Font(page)) throw new Error(`mupdf: page ${p + 1} has Type 3 fonts`);
        const [x0, y0, x1, y1] = page.getBounds();
        const text = page.toStructuredText('');
        try {
          const words = wordsOf(wasm, text.pointer, x0, y0);
          for (const w of words) chars += w.text.length;
          pages.push({ width: x1 - x0, height: y1 - y0, words });
        } finally {
          text.destroy();
        }
      } finally {
        page.destroy();
      }
      if (chars > LIMITS.textChars)
        throw new IngestError(`PDF yields more than ${LIMITS.textChars} characters of text by page ${p + 1} (limit)`);
    }
    return pages;
  } finally {
    doc.destroy();
  }
}

/** Whether a page's fonts, or those of the forms it draws, include a Type 3 font. */
function hasType3Font(page: ReturnType<InstanceType<Mupdf['Document']>['loadPage']>): boolean {
  if (!('getObject' in page)) return false;
  const type3 = (resources: import('mupdf').PDFObject, depth: number): boolean => {
    let found = false;
    resources.get('Font').forEach((font) => {
      found ||= font.get('Subtype').asName() === 'Type3';
    });
    if (!found && depth < 2)
      resources.get('XObject').forEach((x) => {
        found ||= x.get('Subtype').asName() === 'Form' && type3(x.get('Resources'), depth + 1);
      });
    return found;
  };
  return type3(page.getObject().getInheritable('Resources'), 0);
}

/** Words of one page's structured text, in page units from its top left corner (x0, y0). */
function wordsOf(wasm: Wasm, stext: number, ox: number, oy: number): PdfWord[] {
  const words: PdfWord[] = [];
  const f = wasm.HEAPF32;
  for (
    let block = wasm._wasm_stext_page_get_first_block(stext);
    block;
    block = wasm._wasm_stext_block_get_next(block)
  ) {
    if (wasm._wasm_stext_block_get_type(block) !== TEXT_BLOCK) continue;
    for (let line = wasm._wasm_stext_block_get_first_line(block); line; line = wasm._wasm_stext_line_get_next(line)) {
      let word: PdfWord | null = null;
      let [font, size] = [0, 0];
      for (let ch = wasm._wasm_stext_line_get_first_char(line); ch; ch = wasm._wasm_stext_char_get_next(ch)) {
        const c = wasm._wasm_stext_char_get_c(ch);
        if (isSpace(c)) {
          word = null;
          continue;
        }
        // A quad: upper left, upper right, lower left, lower right corners (x, y each).
        const q = wasm._wasm_stext_char_get_quad(ch) >> 2;
        const x0 = Math.min(f[q]!, f[q + 4]!) - ox;
        const x1 = Math.max(f[q + 2]!, f[q + 6]!) - ox;
        const y0 = Math.min(f[q + 1]!, f[q + 3]!) - oy;
        const y1 = Math.max(f[q + 5]!, f[q + 7]!) - oy;
        const text = String.fromCodePoint(c);
        const [chFont, chSize] = [wasm._wasm_stext_char_get_font(ch), wasm._wasm_stext_char_get_size(ch)];
        if (word && chFont === font && chSize === size && x0 - word.x1 <= 0.1 * (y1 - y0)) {
          word.text += text;
          word.x1 = Math.max(word.x1, x1);
          word.y0 = Math.min(word.y0, y0);
          word.y1 = Math.max(word.y1, y1);
        } else {
          word = { x0, y0, x1, y1, text };
          words.push(word);
          [font, size] = [chFont, chSize];
        }
      }
    }
  }
  return words;
}
