import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { T3_COLS, T3_ROWS } from '../../../domain/catalogue.ts';
import { deskew } from './deskew.ts';
import { cellsToRead, cellWords, cutCell, ruledCells } from './grid-cells.ts';
import { OCR_LIMITS, pdfTools } from './pdf-tools.ts';
import { eraseRules, readPgm } from './rules-image.ts';
import { REAL_SCAN_DIR, SCAN_CASES, scanFile } from './test-support/scan-reports.ts';

describe.skipIf(!pdfTools().ocr)('table cells of a scanned page (skipped: pdftoppm not installed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grid-cells-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Page 2 of 路桥's scan (its 表三) as OCR prepares it: level, rules erased. */
  function lzqTable() {
    const c = SCAN_CASES.find((x) => x.source === 'lzq_jd_2019_page.txt')!;
    const out = join(dir, 'p');
    const args = ['-r', String(OCR_LIMITS.dpi), '-gray', '-f', '2', '-l', '2', '-singlefile'];
    execFileSync('pdftoppm', [...args, join(REAL_SCAN_DIR, scanFile(c)), out]);
    const { image, ruled } = eraseRules(deskew(readFileSync(`${out}.pgm`)).image, Math.round(OCR_LIMITS.dpi * 0.4));
    const { w, h } = readPgm(image);
    return { image, cells: ruledCells(ruled, w, h) };
  }

  it('finds every cell of 表三 from its rules: its applicant columns, each with a cell on every row', () => {
    const { image, cells } = lzqTable();
    // Cells sharing a left edge (within a rule's width) form a column.
    const columns = new Map<number, typeof cells>();
    for (const c of cells) {
      const key = [...columns.keys()].find((x) => Math.abs(x - c.x0) <= 6) ?? c.x0;
      columns.set(key, [...(columns.get(key) ?? []), c]);
    }
    // 路桥's report is in the 2019 template: a row of cells for each of its 表三 rows.
    const rows = T3_ROWS['2019'].length;
    const valueColumns = [...columns.values()].filter((col) => col.length >= rows);
    expect(valueColumns).toHaveLength(T3_COLS.length);
    // The columns' cells meet row by row: the last row's-worth of each share their top and bottom.
    const tops = valueColumns.map((col) =>
      col
        .map((c) => c.y0)
        .sort((a, b) => a - b)
        .slice(-rows),
    );
    for (const t of tops) for (const [i, y] of t.entries()) expect(Math.abs(y - tops[0]![i]!)).toBeLessThanOrEqual(6);
    // A cut cell is a PGM of its inside, rule remnants left off.
    const { w, h } = readPgm(cutCell(image, valueColumns[0]![0]!));
    expect(w).toBeLessThan(valueColumns[0]![0]!.x1 - valueColumns[0]![0]!.x0 + 16);
    expect(h).toBeGreaterThan(0);
  }, 60_000);

  it('reads the cells of a row whose page reading is one junk word over five cells, and drops that word', () => {
    const { image, cells } = lzqTable();
    // 表三's first value row: its seven cells, left to right (each holds a 0), and its label's cell.
    const top = Math.min(...cells.filter((c) => c.x1 - c.x0 < 300).map((c) => c.y0));
    const byTop = (y: number) => cells.filter((c) => Math.abs(c.y0 - y) <= 6).sort((a, b) => a.x0 - b.x0);
    const rowTop = [...new Set(cells.map((c) => c.y0))]
      .sort((a, b) => a - b)
      .find((y) => y > top && byTop(y).length >= 8)!;
    const row = byTop(rowTop);
    const [label, values] = [row.at(-8)!, row.slice(-7)];
    const mid = (c: (typeof cells)[number]) => ({ y0: c.y0 + 10, y1: c.y1 - 10 });
    // As tesseract read it on the stress scan of this page: 和 boxed across five cells at conf 0.
    const junk = { x0: values[0]!.x0 + 9, x1: values[4]!.x1 - 9, ...mid(values[0]!), text: '和' };
    const name = { x0: label.x0 + 10, x1: label.x1 - 10, ...mid(label), text: '本年新收' };
    const { read, keep } = cellsToRead(image, cells, [junk, name]);
    expect(read.map((r) => r.cell)).toEqual(expect.arrayContaining(values));
    expect(read.map((r) => r.cell)).not.toContainEqual(label);
    expect(keep).toEqual([name]);
    // A number of the page's that fits its cell is the cell's reading, unless its own reading alone
    // contradicted it (unsure): then the cell is read.
    const zero = { x0: values[5]!.x0 + 20, x1: values[5]!.x0 + 42, ...mid(values[5]!), text: '0' };
    expect(cellsToRead(image, cells, [zero]).read.map((r) => r.cell)).not.toContainEqual(values[5]);
    const unsure = cellsToRead(image, cells, [{ ...zero, unsure: true }]);
    expect(unsure.read.find((r) => r.cell === values[5])?.own).toEqual([{ ...zero, unsure: true }]);
  }, 60_000);
});

describe('cellWords', () => {
  // Readings of 汉阳's 表三 cells (hanyang_bgs_2022 scan, dev): the digits model's, and where it read
  // a number, the Chinese and English model's.
  const ink = { x0: 10, y0: 20, x1: 30, y1: 60 };
  const read = (first: string, second?: string) =>
    cellWords([{ ink }], [first], new Map(second === undefined ? [] : [[0, second]]));

  it('takes a number both models read alike, and a "/", at the ink', () => {
    expect(read('8', '8')).toEqual([{ ...ink, text: '8' }]);
    expect(read('/')).toEqual([{ ...ink, text: '/' }]);
  });

  it('holds the row’s place with an unsure number where the models differ, and reads no label as a value', () => {
    expect(read('0', 'o')).toEqual([{ ...ink, text: '0', unsure: true }]);
    expect(read('0', '')).toEqual([{ ...ink, text: '0', unsure: true }]);
    expect(read('11', '其他')).toEqual([null]);
    expect(read('')).toEqual([null]);
  });
});
