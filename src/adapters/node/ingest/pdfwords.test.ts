import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { IngestError } from '../../../../ingest/errors.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import { LIMITS } from '../../../../ingest/read/index.ts';
import { layoutPages } from '../../../../ingest/read/pdf-layout.ts';
import { goldCells, loadGold, REAL_DIR } from '../../../../ingest/test-support/gold.ts';
import { nodePdfReaders, pdfTools, pdftotextPages, popplerPages } from './pdf-tools.ts';
import { buildPdfwords, pdfwordsTsv, UnreadablePdf } from './pdfwords.ts';
import { hasChromium, printPdfs } from './test-support/chromium-pdf.ts';
import { pagesFromTsv } from './word-tsv.ts';

const HUAIAN = 'huaian_2024_szfgs2024.pdf';
const bytes = readFileSync(join(REAL_DIR, HUAIAN));
const limits = { lastPage: LIMITS.pdfPages + 1, timeoutMs: 30_000, maxBytes: 1 << 24 };
const built = (await buildPdfwords()) !== null && pdfTools().pdftotext;
const values = (cells: { key: string; value: number | null }[]) =>
  Object.fromEntries(cells.map((c) => [c.key, c.value]));

describe.skipIf(!built)('warm poppler helper (skipped: no pdftotext, or no c++ and libpoppler-cpp-dev)', () => {
  it('reads the 淮安 PDF to its gold cells, every one', async () => {
    const report = await parseReport('h.pdf', bytes, nodePdfReaders());
    const want = goldCells(loadGold(HUAIAN));
    const got = values(report.cells);
    expect(Object.keys(want).length).toBeGreaterThan(150);
    for (const k of Object.keys(want)) expect(`${k}: ${got[k]}`).toBe(`${k}: ${want[k]}`);
  });

  it('gives the words pdftotext gives, page for page, on the 淮安 PDF and on Chromium’s', async () => {
    const pdfs: Uint8Array[] = [bytes];
    if (hasChromium()) {
      const report = (await generateCorpus({ seed: 3, orgs: 1, years: [2023], layouts: ['html'] }).next()).value!;
      // And a page of words outside the BMP (an extension-B character, an emoji, a math letter),
      // whose UTF-16 pairs the helper writes as UTF-8 itself.
      const astral = '<html><head><meta charset="utf-8"></head><body><p>𠀁 😀 ABC 政府信息公开 𝐀</p></body></html>';
      const [printed, page] = await printPdfs([Buffer.from(report.bytes).toString('utf8'), astral]);
      pdfs.push(printed!);
      const words = pagesFromTsv((await pdfwordsTsv(page!, limits))!);
      expect(words[0]!.words.map((w) => w.text)).toContain('😀');
      expect(words).toEqual(await pdftotextPages(page!));
    }
    for (const pdf of pdfs) {
      const warm = pagesFromTsv((await pdfwordsTsv(pdf, limits))!);
      expect(warm.length).toBeGreaterThan(1);
      expect(warm).toEqual(await pdftotextPages(pdf));
      expect(layoutPages(warm)).toBe(layoutPages(await pdftotextPages(pdf)));
    }
  }, 120_000);

  it('reads files side by side, each in a helper of its own', async () => {
    const want = layoutPages(await pdftotextPages(bytes));
    const got = await Promise.all(
      [1, 2, 3].map(async () => layoutPages(pagesFromTsv((await pdfwordsTsv(bytes, limits))!))),
    );
    expect(got).toEqual([want, want, want]);
  });

  it('names a file poppler cannot open, and reads the next file', async () => {
    const junk = Buffer.from('%PDF-1.4\nnot really a pdf\n');
    await expect(pdfwordsTsv(junk, limits)).rejects.toThrow(UnreadablePdf);
    await expect(parseReport('x.pdf', junk, nodePdfReaders())).rejects.toThrow(IngestError);
    expect(pagesFromTsv((await pdfwordsTsv(bytes, limits))!).length).toBe(6);
  });

  it('stops a file over its output or time limit with the limit named, and reads the next file', async () => {
    await expect(pdfwordsTsv(bytes, { ...limits, maxBytes: 1000 })).rejects.toThrow(/more than 1000 bytes \(limit\)/);
    await expect(pdfwordsTsv(bytes, { ...limits, timeoutMs: 1 })).rejects.toThrow(/longer than 0.001 s \(limit\)/);
    expect(pagesFromTsv((await pdfwordsTsv(bytes, limits))!).length).toBe(6);
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'reads a file by pdftotext when its helper dies, and starts a new helper for the next',
    async () => {
      const want = layoutPages(await pdftotextPages(bytes));
      expect(layoutPages(await popplerPages(bytes))).toBe(want);
      const helpers = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((d) => {
          try {
            const [comm, rest] = readFileSync(`/proc/${d}/stat`, 'latin1').split(') ');
            return comm!.endsWith('(pdfwords') && Number(rest!.split(' ')[1]) === process.pid;
          } catch {
            return false;
          }
        });
      expect(helpers.length).toBeGreaterThan(0);
      for (const pid of helpers) process.kill(Number(pid), 'SIGKILL');
      expect(layoutPages(await popplerPages(bytes))).toBe(want);
      expect(layoutPages(await popplerPages(bytes))).toBe(want);
    },
  );

  it('reads no further than the last page asked for', async () => {
    expect(pagesFromTsv((await pdfwordsTsv(bytes, { ...limits, lastPage: 2 }))!).length).toBe(2);
  });
});
