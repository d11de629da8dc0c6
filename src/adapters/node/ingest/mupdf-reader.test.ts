import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../../ingest/errors.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import { layoutPages } from '../../../../ingest/read/pdf-layout.ts';
import { goldCells, loadGold, REAL_DIR } from '../../../../ingest/test-support/gold.ts';
import { mupdfPages } from './mupdf-reader.ts';
import { nodePdfReaders, pdfTools, popplerPages } from './pdf-tools.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { hasChromium, printPdfs } from './test-support/chromium-pdf.ts';

const HUAIAN = 'huaian_2024_szfgs2024.pdf';
const values = (cells: { key: string; value: number | null }[]) =>
  Object.fromEntries(cells.map((c) => [c.key, c.value]));

describe('MuPDF reader', () => {
  const bytes = readFileSync(join(REAL_DIR, HUAIAN));

  it('reads the 淮安 PDF to its gold cells, every one', async () => {
    const report = await parseReport('h.pdf', bytes, { text: mupdfPages });
    const want = goldCells(loadGold(HUAIAN));
    const got = values(report.cells);
    expect(Object.keys(want).length).toBeGreaterThan(150);
    for (const k of Object.keys(want)) expect(`${k}: ${got[k]}`).toBe(`${k}: ${want[k]}`);
  });

  it.skipIf(!pdfTools().pdftotext)('lays out the 淮安 PDF as pdftotext’s words do, line for line', async () => {
    expect(layoutPages(await mupdfPages(bytes))).toBe(layoutPages(await popplerPages(bytes)));
  });

  it('fails a file it cannot open with a plain error, so that another reader has a go', async () => {
    const broken = Buffer.from('%PDF-1.4\nnot really a pdf\n');
    const e = await mupdfPages(broken).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(IngestError);
    await expect(parseReport('x.pdf', broken, nodePdfReaders())).rejects.toThrow(IngestError);
  });

  it('refuses a PDF over the page limit with the limit named', async () => {
    // A page tree of 501 blank pages.
    const pages = Array.from({ length: 501 }, (_, i) => i + 3);
    const pdf = Buffer.from(
      [
        '%PDF-1.4',
        '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
        `2 0 obj<</Type/Pages/Count 501/Kids[${pages.map((n) => `${n} 0 R`).join(' ')}]>>endobj`,
        ...pages.map((n) => `${n} 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj`),
        'trailer<</Root 1 0 R>>',
        '%%EOF',
      ].join('\n'),
    );
    await expect(mupdfPages(pdf)).rejects.toThrow(/PDF has 501 pages \(limit 500\)/);
  });

  // Chromium prints CJK text in Type 3 fonts here: MuPDF leaves them to pdftotext (or pdf.js).
  it.skipIf(!hasChromium() || !pdfTools().pdftotext)(
    'leaves a file with Type 3 fonts to pdftotext, which reads it as before',
    async () => {
      const gen = generateCorpus({ seed: 3, orgs: 1, years: [2023], layouts: ['html'] });
      const report = (await gen.next()).value!;
      const [pdf] = await printPdfs([Buffer.from(report.bytes).toString('utf8')]);
      await expect(mupdfPages(pdf!)).rejects.toThrow(/Type 3/);
      const [node, poppler] = await Promise.all([
        parseReport('c.pdf', pdf!, nodePdfReaders()),
        parseReport('c.pdf', pdf!, { text: popplerPages }),
      ]);
      expect(values(node.cells)).toEqual(values(poppler.cells));
      const wrong = node.cells.filter((c) => c.value !== null && c.value !== report.truth.cells[c.key]);
      expect(wrong).toEqual([]);
    },
    120_000,
  );
});
