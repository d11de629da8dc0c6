import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport, parseText } from './pipeline.ts';
import { goldCells, loadGold, SAMPLES_DIR } from './test-support/gold.ts';
import { renderReport, t2Grid, t3Grid, t4Grid, type Layout, type ReportParts } from './test-support/render.ts';

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
