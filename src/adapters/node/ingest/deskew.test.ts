import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deskew, skewDegrees, turnPage } from './deskew.ts';
import { OCR_LIMITS, pdfTools } from './pdf-tools.ts';
import { readPgm } from './rules-image.ts';
import { REAL_SCAN_DIR, SCAN_CASES, scanFile } from './test-support/scan-reports.ts';

describe.skipIf(!pdfTools().ocr)('deskew (skipped: pdftoppm not installed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deskew-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Page 1 of a dev scan rendered as OCR renders it. */
  const page = (source: string) => {
    const c = SCAN_CASES.find((x) => x.source === source)!;
    const out = join(dir, c.source);
    const args = ['-r', String(OCR_LIMITS.dpi), '-gray', '-f', '1', '-l', '1', '-singlefile'];
    execFileSync('pdftoppm', [...args, join(REAL_SCAN_DIR, scanFile(c)), out]);
    return { slant: c.slant, pgm: readFileSync(`${out}.pgm`) };
  };

  it('finds the slant each scan was turned by, and none on a straight one', () => {
    for (const source of ['beijingjie_2020_page.txt', 'hanyang_bgs_2022_page.txt', 'lzq_jd_2019_page.txt']) {
      const { slant, pgm } = page(source);
      expect(Math.abs(skewDegrees(pgm) - slant)).toBeLessThanOrEqual(0.02);
    }
  }, 60_000);

  it('turns a page level whichever way it leans, at its size, and leaves a level page untouched', () => {
    const { pgm } = page('lzq_jd_2019_page.txt');
    expect(deskew(pgm).image).toBe(pgm);
    for (const deg of [1.5, -2.5]) {
      const askew = turnPage(pgm, -deg);
      expect(Math.abs(skewDegrees(askew) - deg)).toBeLessThanOrEqual(0.05);
      const { image, degrees } = deskew(askew);
      expect(degrees).toBeCloseTo(deg, 1);
      expect(readPgm(image)).toEqual(readPgm(pgm));
      expect(Math.abs(skewDegrees(image))).toBeLessThanOrEqual(0.02);
    }
  }, 60_000);
});
