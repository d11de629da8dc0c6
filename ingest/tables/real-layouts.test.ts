import { describe, expect, it } from 'vitest';
import { realLayouts, scoreLayout } from '../test-support/real-layouts.ts';

/**
 * Real reports in the layouts real files come in (ingest/fixtures/real-layouts/SOURCES.tsv),
 * scored against gold read by hand from the reports. A number is right or NULL, in OCR text too:
 * a misread number breaks a sum rule and is set NULL, and an OCR'd number no rule confirms is
 * NULL (see confidence.ts); every NULL where the report printed a number is named by a FAIL.
 */
describe('real files in every layout family', () => {
  const layouts = realLayouts();
  /** Share of canonical cells read exactly, by family (the OCR text has whole rows misread or lost). */
  const MIN_EXACT: Record<string, number> = {
    'pdftotext-layout': 1,
    'pdftotext-raw': 1,
    markdown: 1,
    ocr: 0.8,
    crawler: 0.9,
  };
  /** OCR of rendered reports at other resolutions and page segmentations, measured only as a whole. */
  const ocrHoldout = (file: string) => file.startsWith('ocr-holdout/');
  for (const l of layouts) {
    it(`${l.family}: ${l.file}`, () => {
      const s = scoreLayout(l);
      expect(s.wrong).toEqual([]);
      expect(s.unflaggedNull).toEqual([]);
      if (!ocrHoldout(l.file)) expect(s.exact / s.cells).toBeGreaterThanOrEqual(MIN_EXACT[l.family]!);
    });
  }

  it('the hold-out text layouts, read as a whole: at least 95% of the cells exact', () => {
    const scores = layouts.filter((l) => l.split === 'holdout' && l.family !== 'ocr').map(scoreLayout);
    const exact = scores.reduce((n, s) => n + s.exact, 0);
    const cells = scores.reduce((n, s) => n + s.cells, 0);
    expect(exact / cells).toBeGreaterThanOrEqual(0.95);
  });

  it('the OCR hold-out, read as a whole: no wrong number, and at least 30% of the cells exact', () => {
    const scores = layouts.filter((l) => ocrHoldout(l.file)).map(scoreLayout);
    expect(scores.length).toBeGreaterThanOrEqual(10);
    expect(scores.flatMap((s) => s.wrong)).toEqual([]);
    const exact = scores.reduce((n, s) => n + s.exact, 0);
    const cells = scores.reduce((n, s) => n + s.cells, 0);
    expect(exact / cells).toBeGreaterThanOrEqual(0.3);
  });
});
