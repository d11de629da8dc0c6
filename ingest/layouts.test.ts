import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T3_ROWS } from '../src/domain/catalogue.ts';
import { parseReport, parseText } from './pipeline.ts';
import { goldCells, loadGold, SAMPLES_DIR } from './test-support/gold.ts';
import { ocrNoise } from './test-support/ocr-noise.ts';
import {
  type Grid,
  type Layout,
  type ReportParts,
  renderReport,
  t2Grid,
  t3Grid,
  t4Grid,
} from './test-support/render.ts';
import { validTables } from './test-support/valid-tables.ts';

const SAMPLES = [
  '000_02e80cf19b94c8cc.txt',
  '001_36591a17fc2832bc.txt',
  '002_b99ae1cfb7712085.txt',
  '003_795117ff85927c6d.txt',
  '004_e51fc33f15234b62.txt',
];
const LAYOUTS: Layout[] = ['tabs', 'lines', 'html', 'docx', 'gb18030'];

/** The sample's own prose around its tables, so only the table layout changes. */
function partsOf(file: string): ReportParts {
  const r = parseText(file, 'txt', readFileSync(join(SAMPLES_DIR, file), 'utf8'));
  const sec = (n: string) => r.sections.find((s) => s.depth === 1 && s.num === n)!;
  return {
    head: r.text.slice(0, sec('二').start),
    t2Heading: sec('二').title,
    t3Heading: sec('三').title,
    t4Heading: sec('四').title,
    tail: r.text.slice(sec('五').start),
  };
}

describe('each sample re-rendered into every layout parses back to the same cells', () => {
  for (const file of SAMPLES) {
    const gold = loadGold(file);
    const want = goldCells(gold);
    const grids = [t2Grid(gold.template, want), t3Grid(gold.template, want), t4Grid(want)] as const;
    for (const layout of LAYOUTS) {
      it(`${file} as ${layout}`, async () => {
        const { name, bytes } = await renderReport(partsOf(file), [...grids], layout);
        const parsed = await parseReport(name, bytes);
        const got = Object.fromEntries(parsed.cells.map((c) => [c.key, c.value]));
        expect(got).toEqual(want);
        expect({ org: parsed.org, year: parsed.year, template: parsed.template }).toEqual({
          org: gold.org,
          year: gold.year,
          template: gold.template,
        });
        expect(parsed.validation.filter((v) => v.status === 'FAIL')).toEqual([]);
      });
    }
  }

  it('blank cells ("/" or empty) are read as NULL, never 0, in every layout', async () => {
    const gold = loadGold('003_795117ff85927c6d.txt');
    const want = goldCells(gold);
    for (const k of ['t3.new.research', 't3.carried_over.total', 't4.review.pending', 't2.fee.amount']) want[k] = null;
    for (const layout of LAYOUTS) {
      const { name, bytes } = await renderReport(
        partsOf(gold.file),
        [t2Grid(gold.template, want), t3Grid(gold.template, want), t4Grid(want)],
        layout,
      );
      const parsed = await parseReport(name, bytes);
      const got = Object.fromEntries(parsed.cells.map((c) => [c.key, c.value]));
      expect({ layout, got }).toEqual({ layout, got: want });
      const r1 = parsed.validation.find((v) => v.rule === 'T3.R1')!;
      expect([r1.status, r1.message]).toEqual(['PASS', expect.stringContaining('（2处因空白未校验）')]);
    }
  });
});

/**
 * Random tables that obey the sum rules, rendered into the layouts real files come in (a PDF's
 * runs of spaces with split labels and a page break, markdown with split or glued headers, OCR
 * with 数据1… headers and lost characters), read back: each cell the same number, or NULL with a
 * FAIL "unparsed" naming it — never a different number.
 */
describe('random valid tables in every layout family read back the same or NULL', () => {
  const FAMILIES: Layout[] = ['tabs', 'html', 'markdown', 'spaces', 'ocr'];
  const SEEDS = 6;
  for (const file of ['000_02e80cf19b94c8cc.txt', '001_36591a17fc2832bc.txt']) {
    const gold = loadGold(file);
    for (const layout of FAMILIES) {
      it(`${gold.template} template as ${layout}`, async () => {
        let exact = 0;
        let total = 0;
        for (let seed = 1; seed <= SEEDS; seed++) {
          const want = validTables(gold.template, seed * 7919 + file.length);
          const grids: [Grid, Grid, Grid] = [t2Grid(gold.template, want), t3Grid(gold.template, want), t4Grid(want)];
          const { name, bytes } = await renderReport(partsOf(file), grids, layout, seed);
          const parsed = await parseReport(name, bytes);
          const got = new Map(parsed.cells.map((c) => [c.key, c.value]));
          const flagged = new Set(
            parsed.validation.filter((v) => v.rule === 'unparsed' && v.status === 'FAIL').flatMap((v) => v.cells),
          );
          const wrong = Object.keys(want).filter(
            (k) => got.get(k) !== want[k] && !(got.get(k) === null && flagged.has(k)),
          );
          expect({ seed, wrong: wrong.map((k) => `${k}: got ${got.get(k)}, want ${want[k]}`) }).toEqual({
            seed,
            wrong: [],
          });
          exact += Object.keys(want).filter((k) => got.get(k) === want[k]).length;
          total += Object.keys(want).length;
        }
        // Not a guess-free parser that reads nothing: most cells come back in every family.
        expect(exact / total).toBeGreaterThan(layout === 'ocr' ? 0.8 : 0.95);
      });
    }
  }
});

/**
 * The same random tables as OCR text with tesseract's misreads in it (see ocr-noise.ts): a rule
 * read as 1 glued to a number or on its own, a digit dropped. Read back, each cell is the same
 * number, or NULL with a FAIL naming it — never a different number.
 */
describe('random valid tables as OCR text with misreads read back the same or NULL', () => {
  const SEEDS = 8;
  for (const file of ['000_02e80cf19b94c8cc.txt', '001_36591a17fc2832bc.txt']) {
    const gold = loadGold(file);
    it(`${gold.template} template`, async () => {
      let exact = 0;
      let total = 0;
      let misread = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const want = validTables(gold.template, seed * 104_729 + file.length);
        const grids: [Grid, Grid, Grid] = [t2Grid(gold.template, want), t3Grid(gold.template, want), t4Grid(want)];
        const { bytes } = await renderReport(partsOf(file), grids, 'ocr', seed);
        const noisy = ocrNoise(new TextDecoder().decode(bytes), seed);
        misread += noisy.misreads.length;
        const parsed = parseText('report.txt', 'txt', noisy.text);
        const got = new Map(parsed.cells.map((c) => [c.key, c.value]));
        const flagged = new Set(parsed.validation.filter((v) => v.status === 'FAIL').flatMap((v) => v.cells));
        const wrong = Object.keys(want).filter(
          (k) => got.get(k) !== want[k] && !(got.get(k) === null && flagged.has(k)),
        );
        expect({
          seed,
          misreads: noisy.misreads,
          wrong: wrong.map((k) => `${k}: got ${got.get(k)}, want ${want[k]}`),
        }).toEqual({ seed, misreads: noisy.misreads, wrong: [] });
        exact += Object.keys(want).filter((k) => got.get(k) === want[k]).length;
        total += Object.keys(want).length;
      }
      // The misreads happened, and the tables were still mostly read.
      expect(misread).toBeGreaterThan(SEEDS * 2);
      expect(exact / total).toBeGreaterThan(0.5);
    });
  }
});

describe('real variants of the template', () => {
  const file = '000_02e80cf19b94c8cc.txt';
  const parse = async (want: Record<string, number | null>, t3Template: '2019' | '2021', layout: Layout) => {
    const grids: [Grid, Grid, Grid] = [t2Grid('2021', want), t3Grid(t3Template, want), t4Grid(want)];
    const { name, bytes } = await renderReport(partsOf(file), grids, layout, 3);
    return parseReport(name, bytes);
  };

  for (const layout of ['tabs', 'spaces', 'markdown'] as Layout[]) {
    it(`a 2021 report printing the single （六）其他处理 row stores it, leaves the 2021 sub-rows NULL (${layout})`, async () => {
      // No blank cells here, so that every sum rule can be checked.
      const want = Object.fromEntries(
        Object.entries({ ...validTables('2021', 11), ...validTables('2019', 11) }).map(([k, v]) => [k, v ?? 0]),
      );
      const parsed = await parse(want, '2019', layout);
      expect(parsed.template).toBe('2021');
      const got = new Map(parsed.cells.map((c) => [c.key, c]));
      expect(['natural', 'total'].map((c) => got.get(`t3.other_processing.${c}`)?.value)).toEqual([
        want['t3.other_processing.natural'],
        want['t3.other_processing.total'],
      ]);
      for (const row of ['other_no_correction', 'other_no_fee', 'other_other'])
        expect(got.get(`t3.${row}.total`)).toMatchObject({ value: null, status: 'missing' });
      const byRule = new Map(parsed.validation.map((v) => [v.rule, v]));
      expect(byRule.get('T3.R2')?.status).toBe('PASS');
      expect(parsed.validation.filter((v) => v.rule === 'unparsed')).toEqual([]);
    });
  }

  it('a printed 表四 total contradicting its parts is stored as printed and fails T4.R1', async () => {
    const want = validTables('2021', 5);
    Object.assign(want, {
      't4.review.upheld': 10,
      't4.review.corrected': 1,
      't4.review.other': 0,
      't4.review.pending': 0,
      't4.review.total': 0,
    });
    const parsed = await parse(want, '2021', 'spaces');
    expect(parsed.cells.find((c) => c.key === 't4.review.total')?.value).toBe(0);
    const r1 = parsed.validation.find((v) => v.rule === 'T4.R1')!;
    expect(r1.status).toBe('FAIL');
    expect(r1.cells).toContain('t4.review.total');
  });
});

describe('a row whose label was lost (OCR) is placed by position only when the sums confirm it', () => {
  const file = '000_02e80cf19b94c8cc.txt';
  const parseWithout = async (want: Record<string, number | null>, row: string) => {
    const grid = t3Grid('2021', want);
    const label = T3_ROWS['2021'].find((r) => r.key === row)!.label;
    for (const cells of grid) for (const c of cells) if (c.text === label) c.text = '';
    const grids: [Grid, Grid, Grid] = [t2Grid('2021', want), grid, t4Grid(want)];
    const { name, bytes } = await renderReport(partsOf(file), grids, 'tabs');
    const parsed = await parseReport(name, bytes);
    return { parsed, got: new Map(parsed.cells.map((c) => [c.key, c])) };
  };
  const want = Object.fromEntries(Object.entries(validTables('2021', 21)).map(([k, v]) => [k, v ?? 0]));

  it('between the rows around it, confirmed by T3.R2 in every column: read, marked recovered', async () => {
    const { got } = await parseWithout(want, 'unable_need_create');
    expect(got.get('t3.unable_need_create.total')).toMatchObject({
      value: want['t3.unable_need_create.total'],
      status: 'recovered',
    });
  });

  it('when the sums do not confirm it, NULL with the row named as not found', async () => {
    const off: Record<string, number | null> = { ...want };
    off['t3.unable_need_create.natural'] = want['t3.unable_need_create.natural']! + 1;
    off['t3.unable_need_create.total'] = off['t3.unable_need_create.total']! + 1;
    const { parsed, got } = await parseWithout(off, 'unable_need_create');
    expect(got.get('t3.unable_need_create.total')?.value).toBeNull();
    expect(parsed.validation.some((v) => v.rule === 'unparsed' && v.message.includes('没有现成信息需要另行制作'))).toBe(
      true,
    );
  });
});
