/**
 * A hold-out for the PDF readers: the five samples' tables rendered as HTML and printed to PDF by
 * headless Chromium — a producer (Skia, Kangxi-radical glyph maps, centred cells) unlike the WPS
 * PDF the layout was built on. Every cell must be right or NULL; the share read is a floor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, parseText } from '../../../../ingest/pipeline.ts';
import { goldCells, loadGold, SAMPLES_DIR } from '../../../../ingest/test-support/gold.ts';
import { SAMPLE_FILES } from '../../../../ingest/test-support/samples.ts';
import type { PdfReaders } from '../../../../ingest/read/index.ts';
import { type Grid, renderReport, t2Grid, t3Grid, t4Grid } from '../../../../ingest/test-support/render.ts';
import { nodePdfReaders, pdfTools, pdftotextPages } from './pdf-tools.ts';

const chromium = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

describe.skipIf(!chromium)('Chromium-printed PDFs of the samples (skipped: no chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-holdout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const readers: { label: string; reader?: PdfReaders; floor: number }[] = [
    { label: 'pdf.js', floor: 0.7 },
    ...(pdfTools().pdftotext
      ? [
          { label: 'poppler', reader: nodePdfReaders(), floor: 0.75 },
          { label: 'pdftotext', reader: { text: pdftotextPages }, floor: 0.75 },
        ]
      : []),
  ];

  it('read every cell right or NULL, by each reader', async () => {
    const tally = new Map<string, { exact: number; all: number; wrong: string[] }>();
    for (const file of SAMPLE_FILES) {
      const gold = loadGold(file);
      const want = goldCells(gold);
      const r = parseText(file, 'txt', readFileSync(join(SAMPLES_DIR, file), 'utf8'));
      const at = (n: string) => r.sections.find((s) => s.depth === 1 && s.num === n)!;
      const parts = {
        head: r.text.slice(0, at('二').start),
        t2Heading: at('二').title,
        t3Heading: at('三').title,
        t4Heading: at('四').title,
        tail: r.text.slice(at('五').start),
      };
      const grids: [Grid, Grid, Grid] = [t2Grid(gold.template, want), t3Grid(gold.template, want), t4Grid(want)];
      const { bytes } = await renderReport(parts, grids, 'html');
      const style =
        '<meta charset="utf-8"><style>table{border-collapse:collapse}td{border:1px solid;padding:4px}</style>';
      writeFileSync(join(dir, 'r.html'), Buffer.concat([Buffer.from(style), bytes]));
      const pdf = join(dir, 'r.pdf');
      execFileSync(
        chromium!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-pdf-header-footer',
          `--print-to-pdf=${pdf}`,
          join(dir, 'r.html'),
        ],
        { stdio: 'ignore', timeout: 120_000 },
      );
      for (const { label, reader } of readers) {
        const got = Object.fromEntries(
          (await parseReport('r.pdf', readFileSync(pdf), reader)).cells.map((c) => [c.key, c.value]),
        );
        const t = tally.get(label) ?? { exact: 0, all: 0, wrong: [] };
        for (const [k, v] of Object.entries(want)) {
          t.all++;
          if (got[k] === v) t.exact++;
          else if (got[k] !== null) t.wrong.push(`${file} ${k}: ${got[k]}, want ${v}`);
        }
        tally.set(label, t);
      }
    }
    for (const { label, floor } of readers) {
      const t = tally.get(label)!;
      console.log(`Chromium PDFs, ${label}: ${t.exact}/${t.all} cells exact, ${t.wrong.length} wrong`);
      expect(t.wrong).toEqual([]);
      expect(t.exact / t.all).toBeGreaterThan(floor);
    }
  }, 600_000);
});
