import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_DIR } from '../../../../ingest/test-support/gold.ts';
import { OCR_WARNING, parseReport } from '../../../../ingest/pipeline.ts';
import type { PdfWord } from '../../../../ingest/read/pdf-layout.ts';
import { ParsePool } from './parse-pool.ts';
import { nodePdfReaders, pdfTools, withNumbers } from './pdf-tools.ts';
import { imagePdf, renderJpegs } from './test-support/scan-pdf.ts';

const HUAIAN = join(REAL_DIR, 'huaian_2024_szfgs2024.pdf');
const tools = pdfTools();
const values = (cells: { key: string; value: number | null }[]) =>
  Object.fromEntries(cells.map((c) => [c.key, c.value]));

describe.skipIf(!tools.pdftotext)('poppler reader (skipped: pdftotext is not installed)', () => {
  it('reads the 淮安 PDF to the same report as pdf.js, cell for cell', async () => {
    const bytes = readFileSync(HUAIAN);
    const [poppler, pdfjs] = await Promise.all([
      parseReport('h.pdf', bytes, nodePdfReaders()),
      parseReport('h.pdf', bytes),
    ]);
    expect(poppler.cells.filter((c) => c.value !== null).length).toBeGreaterThan(150);
    expect(values(poppler.cells)).toEqual(values(pdfjs.cells));
    for (const k of ['org', 'region', 'year', 'template'] as const) expect(poppler[k]).toBe(pdfjs[k]);
  });

  it('refuses a file that is not a PDF inside with pdftotext’s reason', async () => {
    const bytes = Buffer.from('%PDF-1.4\nnot really a pdf\n');
    await expect(parseReport('x.pdf', bytes, nodePdfReaders())).rejects.toThrow(/PDF/);
  });
});

describe('withNumbers: the Chinese model’s text with the mixed model’s numbers', () => {
  const w = (text: string, x0: number, x1: number): PdfWord => ({ x0, x1, y0: 100, y1: 120, text });
  it('takes the mixed reading of a number in place of the Chinese model’s', () => {
    const chinese = [w('行政处罚', 10, 90), w('3983738', 200, 270), w('汪', 300, 312)];
    const mixed = [w('行政处罚', 10, 90), w('3985758', 200, 270), w('7', 300, 312)];
    const got = withNumbers(chinese, mixed).map((x) => x.text);
    expect(got.sort()).toEqual(['3985758', '7', '行政处罚'].sort());
  });

  it('keeps Chinese text that a model misread as a number, or boxed with one', () => {
    expect(withNumbers([w('属于国家秘密', 10, 130)], [w('1', 60, 72)]).map((x) => x.text)).toEqual(['属于国家秘密']);
    // A "2020" box running on over the characters after it (a real misreading): they stay.
    const year = withNumbers([w('2020', 10, 50), w('年', 52, 62), w('在', 64, 74)], [w('2020', 10, 130)]);
    expect(year.map((x) => x.text)).toEqual(['2020', '年', '在']);
  });

  it('keeps a number whose box holds a shorter number of the other model (a real 2022年1月 line)', () => {
    const chinese = [w('自', 1027, 1041), w('2022', 1041, 1242), w('年', 1149, 1193), w('1', 1193, 1225)];
    const got = withNumbers(chinese, [w('1', 1193, 1225)]).map((x) => x.text);
    expect(got.sort()).toEqual(['1', '2022', '年', '自'].sort());
  });
});

describe.skipIf(!tools.ocr)(
  'OCR of a scanned report (skipped: tesseract chi_sim+eng or pdftoppm not installed)',
  () => {
    it('reads a scan rendered from the real 淮安 PDF: its org and year, and table cells right or NULL', async () => {
      // The title page and the pages of 表三 and 表四, as JPEGs in an image-only PDF.
      const scan = imagePdf(renderJpegs(HUAIAN, [1, 4, 5]));
      const started: number[] = [];
      const t0 = performance.now();
      const ocr = await parseReport(
        'scan.pdf',
        scan,
        nodePdfReaders(() => started.push(1)),
      );
      const perPage = (performance.now() - t0) / 3;
      const text = await parseReport('h.pdf', readFileSync(HUAIAN), nodePdfReaders());
      expect(started).toEqual([1]);
      expect(ocr.ocr).toBe(true);
      expect(ocr.warnings[0]).toBe(OCR_WARNING);
      expect({ org: ocr.org, year: ocr.year }).toEqual({ org: text.org, year: text.year });
      const want = values(text.cells);
      const wrong = ocr.cells.filter((c) => c.value !== null && c.value !== want[c.key]);
      expect(wrong.map((c) => `${c.key}: OCR ${c.value}, text layer ${want[c.key]}`)).toEqual([]);
      const read = ocr.cells.filter((c) => c.value !== null);
      expect(read.every((c) => c.status === 'ocr')).toBe(true);
      // 表三's 196 cells and 表四's 15 are on these pages: most must be read, not only left NULL.
      expect(read.filter((c) => c.table !== 't2').length).toBeGreaterThan(60);
      console.log(`OCR: ${read.length} cells read, ${(perPage / 1000).toFixed(1)} s a page`);
    }, 900_000);

    it('gets the OCR time limit in the parse sandbox once OCR begins, not the 2 s given here to a text file', async () => {
      const limits = { timeMs: 2_000, heapMb: 1024, rssGrowthMb: 4096, ocrTimeMs: 600_000 };
      const pool = new ParsePool({ size: 1, limits });
      try {
        const t0 = performance.now();
        const reply = await pool.parse('scan.pdf', imagePdf(renderJpegs(HUAIAN, [1])));
        expect(reply.ok && reply.report.ocr && reply.report.year).toBe(2024);
        // OCR of a 300 dpi page (two page readings and its numbers alone) takes longer than the text-file limit here.
        expect(performance.now() - t0).toBeGreaterThan(2_000);
      } finally {
        await pool.close();
      }
    }, 900_000);
  },
);

describe('a scan without OCR', () => {
  it.skipIf(!tools.pdftotext)('is refused as needing OCR, by pdf.js and by poppler alike', async () => {
    const scan = imagePdf(renderJpegs(HUAIAN, [1], 100));
    await expect(parseReport('scan.pdf', scan)).rejects.toThrow(/needs OCR/);
    await expect(parseReport('scan.pdf', scan, { text: nodePdfReaders().text! })).rejects.toThrow(/needs OCR/);
  });
});
