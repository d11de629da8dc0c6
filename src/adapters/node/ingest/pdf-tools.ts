/**
 * PDF readers backed by the machine's poppler (pdftotext's words from a warm helper, pdfwords.ts,
 * or from pdftotext itself; pdftoppm) and tesseract, run as subprocesses with time limits, in
 * place of pdf.js: poppler reads a text layer five times faster, and scanned pages can only be
 * read by OCR. Each tool is used only when installed; without them ingest falls back to pdf.js and
 * refuses scans as needing OCR.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestError } from '../../../../ingest/errors.ts';
import type { PdfPage, PdfWord } from '../../../../ingest/read/pdf-layout.ts';
import type { PdfReaders } from '../../../../ingest/read/index.ts';
import { LIMITS } from '../../../../ingest/read/index.ts';
import { pdfwordsTsv, UnreadablePdf } from './pdfwords.ts';
import { firstLine, pdftotextTsv } from './pdftotext-shell.ts';
import { deskew } from './deskew.ts';
import { boxReadings, cutBoxes } from './digit-boxes.ts';
import { eraseRules, readPgm } from './rules-image.ts';
import { cellsToRead, cellWords, cutCell, readsNumber, ruledCells } from './grid-cells.ts';
import { pagesFromTsv } from './word-tsv.ts';

export const OCR_LIMITS = {
  /** Pages of a scanned PDF that will be OCR'd (a real report has 5–30). */
  pages: 60,
  /** Rendering and reading one page. */
  pageMs: 90_000,
  /** All pages of one file. */
  totalMs: 15 * 60_000,
  /** Rendering resolution: small table digits need 300 dpi. */
  dpi: 300,
} as const;

/** Reading a text layer: pdftotext takes well under a second for a real report. */
const TEXT_MS = 30_000;
/** pdftotext's TSV output: about 60 bytes per word; far above LIMITS.textChars' worth. */
const TSV_BYTES = 128 * 1024 * 1024;

export interface ToolsFound {
  pdftotext: boolean;
  ocr: boolean;
}

let found: ToolsFound | undefined;

/** Which tools are installed (looked up once per process). */
export function pdfTools(): ToolsFound {
  const works = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).toString();
    } catch {
      return null;
    }
  };
  if (!found) {
    const langs = works('tesseract', ['--list-langs']) ?? '';
    found = {
      pdftotext: works('pdftotext', ['-v']) !== null,
      ocr: works('pdftoppm', ['-v']) !== null && /^chi_sim$/m.test(langs) && /^eng$/m.test(langs),
    };
  }
  return found;
}

/** The readers this machine supports; `onOcr` is told when a file's OCR begins (it takes minutes). */
export function nodePdfReaders(onOcr?: () => void): PdfReaders {
  const tools = pdfTools();
  return {
    ...(tools.pdftotext ? { text: popplerPages } : {}),
    ...(tools.ocr
      ? {
          ocr: (buf: Uint8Array, pages: number) => {
            onOcr?.();
            return ocrPages(buf, pages);
          },
        }
      : {}),
  };
}

/** Runs an OCR tool; over a limit or with the tool's first line of complaint, it fails with an IngestError. */
function run(cmd: string, args: string[], opts: { timeoutMs: number }) {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      {
        encoding: 'utf8',
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: TSV_BYTES,
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (e.killed) reject(new IngestError(`${cmd} took longer than ${opts.timeoutMs / 1000} s (limit)`));
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          reject(new IngestError(`${cmd} output more than ${TSV_BYTES} bytes (limit)`));
        else reject(new IngestError(`not a readable PDF (${cmd}: ${firstLine(stderr) || e.message})`));
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end();
  });
}

const TEXT_LIMITS = { lastPage: LIMITS.pdfPages + 1, timeoutMs: TEXT_MS, maxBytes: TSV_BYTES };

/**
 * The text layer's words as `pdftotext -tsv` gives them, one page past the page limit so it can be
 * refused: by the warm helper, or by pdftotext where the helper cannot be built or died on the file.
 */
export async function popplerPages(buf: Uint8Array): Promise<PdfPage[]> {
  const warm = await pdfwordsTsv(buf, TEXT_LIMITS).catch((e: unknown) => {
    if (e instanceof IngestError || e instanceof UnreadablePdf) throw e;
    return null;
  });
  return pagesFromTsv(warm ?? (await pdftotextTsv(buf, TEXT_LIMITS)));
}

/** The text layer's words by pdftotext itself (the benchmark's reference). */
export async function pdftotextPages(buf: Uint8Array): Promise<PdfPage[]> {
  return pagesFromTsv(await pdftotextTsv(buf, TEXT_LIMITS));
}

/**
 * Renders each page (pdftoppm), turns it level, erases its table rules, and reads its words by
 * tesseract: the page twice, then each table cell the page reading lost or garbled, alone.
 */
async function ocrPages(buf: Uint8Array, count: number): Promise<PdfPage[]> {
  if (count > OCR_LIMITS.pages) throw new IngestError(`scanned PDF has ${count} pages (OCR limit ${OCR_LIMITS.pages})`);
  const dir = mkdtempSync(join(tmpdir(), 'ocr-'));
  const deadline = Date.now() + OCR_LIMITS.totalMs;
  try {
    writeFileSync(join(dir, 'in.pdf'), buf);
    const pages: PdfPage[] = [];
    for (let p = 1; p <= count; p++) {
      const pageEnd = Math.min(deadline, Date.now() + OCR_LIMITS.pageMs);
      const left = () => {
        const ms = pageEnd - Date.now();
        if (ms <= 0)
          throw new IngestError(
            pageEnd === deadline
              ? `OCR took longer than ${OCR_LIMITS.totalMs / 1000} s (limit) by page ${p}`
              : `OCR of page ${p} took longer than ${OCR_LIMITS.pageMs / 1000} s (limit)`,
          );
        return ms;
      };
      const img = join(dir, `p${p}`);
      const r = String(OCR_LIMITS.dpi);
      await run('pdftoppm', ['-r', r, '-gray', '-f', `${p}`, '-l', `${p}`, '-singlefile', join(dir, 'in.pdf'), img], {
        timeoutMs: left(),
      });
      // Turned level first: a slanted rule is erased in pieces and a slanted table's lines merge.
      const level = deskew(readFileSync(`${img}.pgm`)).image;
      const { image, rules, ruled } = eraseRules(level, Math.round(OCR_LIMITS.dpi * 0.4));
      writeFileSync(`${img}.pgm`, image);
      const read = async (model: string[]) =>
        pagesFromTsv(await run('tesseract', [`${img}.pgm`, '-', ...model, 'tsv'], { timeoutMs: left() }), {
          lineBoxes: true,
        })[0];
      /** Images read alone, one line each, by `model`: what each reads as. */
      const readAlone = async (boxes: Uint8Array[], model: string[], tag: string) => {
        if (!boxes.length) return [];
        const list = boxes.map((box, i) => {
          writeFileSync(`${img}-${tag}${i}.pgm`, box);
          return `${img}-${tag}${i}.pgm`;
        });
        writeFileSync(`${img}-list.txt`, list.join('\n'));
        const tsv = await run('tesseract', [`${img}-list.txt`, '-', ...model, 'tsv'], { timeoutMs: left() });
        for (const f of list) rmSync(f, { force: true });
        return boxReadings(pagesFromTsv(tsv));
      };
      // Two page readings (see withNumbers), then each number alone: a misread digit is the one
      // error OCR must not make, and the page readings share theirs (a "12" read as "2" by both).
      const words = await read(['-l', 'chi_sim']);
      const mixed = await read(['-l', 'chi_sim+eng']);
      if (!words || !mixed) throw new IngestError(`OCR read nothing from page ${p}`);
      const merged = withNumbers(words.words, mixed.words);
      const nums = merged.filter((w) => NUMBER_WORD.test(w.text));
      const alone = await readAlone(cutBoxes(image, nums, merged), ALONE_MODEL, 'n');
      const disagree = new Set(nums.filter((w, i) => alone[i] !== w.text));
      const checked = merged.map((w) => (disagree.has(w) ? { ...w, unsure: true } : w));
      // Table cells the page reading lost, garbled or read unsure, each read alone by two models
      // (grid-cells.ts); where they read nothing, an unsure number the page had there stays.
      const { w, h } = readPgm(image);
      const cells = cellsToRead(image, ruledCells(ruled, w, h), checked);
      const cellBoxes = cells.read.map((c) => cutCell(image, c.cell));
      const first = await readAlone(cellBoxes, CELL_MODEL, 'c');
      const again = [...first.keys()].filter((i) => readsNumber(first[i]!));
      const second = await readAlone(
        again.map((i) => cellBoxes[i]!),
        ['-l', 'chi_sim+eng', '--psm', '7'],
        'c',
      );
      const found = cellWords(cells.read, first, new Map(again.map((i, k) => [i, second[k]!])));
      const held = cells.read.flatMap((c, i) => (found[i] ? [found[i]] : c.own.filter((x) => x.unsure)));
      pages.push({ ...words, words: [...cells.keep, ...held], rules });
      rmSync(`${img}.pgm`, { force: true });
    }
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NUMBER_WORD = /^[+-]?\d[\d.,]*$/;
/** Reading a number cut out alone: one line of digits. */
const ALONE_MODEL = ['-l', 'eng', '--psm', '7', '-c', 'tessedit_char_whitelist=0123456789.,+-'];
/** Reading a table cell alone: digits, or the "/" of a cell with none (which must not read as a 1). */
const CELL_MODEL = ['-l', 'eng', '--psm', '7', '-c', 'tessedit_char_whitelist=0123456789.,+-/'];
const HAS_CJK = /[\u4e00-\u9fff]/;
/** "2." numbering a row label, not a value. */
const LIST_MARK = /^\d{1,2}[.、]$/;

const overlap = (a: PdfWord, b: PdfWord) =>
  Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0)
    ? Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0))
    : 0;

/**
 * The words of a page from two readings: `words` (Chinese model) for the text and `mixed`
 * (Chinese and English, which reads table digits best) for the numbers. A mixed-model number
 * replaces the Chinese model's reading of the same place unless that is a longer piece of text.
 * The numbers are read once more, each alone (digit-boxes.ts), before any is trusted.
 */
export function withNumbers(words: PdfWord[], mixed: PdfWord[]): PdfWord[] {
  // A digit is about half as wide as its line is high: a box far wider holds more than the number
  // read in it (a "2020" box running on over 年，在区委), whose words it must not replace.
  const nums = mixed.filter((w) => NUMBER_WORD.test(w.text) && w.x1 - w.x0 <= (w.y1 - w.y0) * w.text.length);
  const out: PdfWord[] = [];
  const taken = new Set<PdfWord>();
  for (const w of words) {
    const n = nums.find((x) => overlap(x, w) > 0.3 * Math.min(x.x1 - x.x0, w.x1 - w.x0));
    // A number stands for the word only where it covers most of it ("2022" is not the "1" inside its box).
    const covers = n && overlap(n, w) >= 0.6 * (w.x1 - w.x0);
    if (!covers || (HAS_CJK.test(w.text) && w.text.length > 2) || LIST_MARK.test(w.text)) out.push(w);
    else taken.add(n);
  }
  for (const n of nums) if (taken.has(n)) out.push(n);
  return out;
}
