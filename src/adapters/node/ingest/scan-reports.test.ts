import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutPage } from '../../../../ingest/read/pdf-layout.ts';
import { boxReadings, cutBoxes } from './digit-boxes.ts';
import { pdfTools } from './pdf-tools.ts';
import { eraseRules } from './rules-image.ts';
import { REAL_SCAN_DIR, SCAN_CASES, scanFile, scoreScan } from './test-support/scan-reports.ts';
import { pagesFromTsv } from './word-tsv.ts';

const tools = pdfTools();
const caseOf = (source: string) => SCAN_CASES.find((c) => c.source === source)!;

describe.skipIf(!tools.ocr)(
  'scans made from real reports (skipped: tesseract chi_sim or pdftoppm not installed)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-test-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** 汉阳's scan (turned 0.3°): page 1 at 300 dpi with its rules erased, and its words read by the mixed model. */
    function hanyangPage() {
      const img = join(dir, 'p');
      const pdf = join(REAL_SCAN_DIR, scanFile(caseOf('hanyang_bgs_2022_page.txt')));
      execFileSync('pdftoppm', ['-r', '300', '-gray', '-f', '1', '-l', '1', '-singlefile', pdf, img]);
      const { image, rules } = eraseRules(readFileSync(`${img}.pgm`), 120);
      writeFileSync(`${img}.pgm`, image);
      const tsv = execFileSync('tesseract', [`${img}.pgm`, '-', '-l', 'chi_sim+eng', 'tsv'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      }).toString();
      return { image, page: { ...pagesFromTsv(tsv, { lineBoxes: true })[0]!, rules } };
    }

    it('erases a slanted page’s rules whole, so the "12" beside one reads as 12, and keeps them as row bounds', () => {
      const { page } = hanyangPage();
      const text = layoutPage(page, true);
      expect(text).toMatch(/规范性文件\s*5\t12\t8/);
      // 规章's row and 行政规范性文件's are cells apart: a rule lies between their lines.
      const [reg, norm] = ['规章', '规范'].map((t) => page.words.find((w) => w.text.includes(t))!);
      expect(page.rules.some((r) => r.y0 > reg!.y1 - 5 && r.y1 < norm!.y0 + 5 && r.x0 <= reg!.x0)).toBe(true);
    }, 120_000);

    it('reads a number cut out alone with the digit its page reading left out of the box', () => {
      const { image, page } = hanyangPage();
      const twelve = page.words.find((w) => w.text === '12')!;
      const right = { ...twelve, x0: (twelve.x0 + twelve.x1) / 2, text: '2' };
      const list = cutBoxes(image, [twelve, right]).map((b, i) => {
        writeFileSync(join(dir, `b${i}.pgm`), b);
        return join(dir, `b${i}.pgm`);
      });
      writeFileSync(join(dir, 'list.txt'), list.join('\n'));
      const tsv = execFileSync('tesseract', [
        join(dir, 'list.txt'),
        '-',
        '-l',
        'eng',
        '--psm',
        '7',
        '-c',
        'tessedit_char_whitelist=0123456789.,+-',
        'tsv',
      ]).toString();
      // The box of only its "2" still reads 12 alone: a page reading of "2" there is not confirmed.
      expect(boxReadings(pagesFromTsv(tsv))).toEqual(['12', '12']);
    }, 120_000);

    for (const source of ['hanyang_bgs_2022_page.txt', 'kazuo_wjj_2025_page.txt'])
      it(`OCRs the scan of ${source}: every cell read, no number wrong, each marked OCR`, async () => {
        const s = await scoreScan(caseOf(source));
        expect(s.refused).toBeNull();
        expect(s.wrong).toEqual([]);
        expect(s.unmarked).toBe(0);
        // Every cell is read: 汉阳's 表三 too, whose lone digits in narrow cells the page reading
        // drops or runs together ("0 0" as "oo"), read again cell by cell (grid-cells.ts).
        expect(s.exact).toBe(s.cells);
      }, 300_000);
  },
);
