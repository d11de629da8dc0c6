import { describe, expect, it } from 'vitest';
import { realLayouts, scoreLayout } from '../test-support/real-layouts.ts';

/**
 * Real reports in the layouts real files come in (ingest/fixtures/real-layouts/SOURCES.tsv),
 * scored against gold read by hand from the reports. A number is right or NULL; the only wrong
 * numbers allowed are misreads in the source text itself (OCR), which the report's own sum rules
 * flag FAIL.
 */
describe('real files in every layout family', () => {
  const layouts = realLayouts();
  /** Share of canonical cells read exactly, by family (the OCR text has whole rows misread or lost). */
  const MIN_EXACT: Record<string, number> = {
    'pdftotext-layout': 1,
    'pdftotext-raw': 1,
    markdown: 1,
    ocr: 0.85,
    crawler: 0.9,
  };
  for (const l of layouts) {
    it(`${l.family}: ${l.file}`, () => {
      const s = scoreLayout(l);
      const unflagged = s.wrong.filter((w) => !s.flagged.some((k) => w.startsWith(`${k}:`)));
      expect(unflagged).toEqual([]);
      if (l.family !== 'ocr') expect(s.wrong).toEqual([]);
      expect(s.exact / s.cells).toBeGreaterThanOrEqual(MIN_EXACT[l.family]!);
    });
  }

  it('the hold-out, read as a whole: at least 95% of the cells exact', () => {
    const scores = layouts.filter((l) => l.split === 'holdout').map(scoreLayout);
    const exact = scores.reduce((n, s) => n + s.exact, 0);
    const cells = scores.reduce((n, s) => n + s.cells, 0);
    expect(exact / cells).toBeGreaterThanOrEqual(0.95);
  });
});
