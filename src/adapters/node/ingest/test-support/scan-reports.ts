/**
 * Scanned reports made from real ones (ingest/fixtures/real-scan, sources in its SOURCES.tsv): a
 * real-other page's prose before 表二 and the tables its gold holds, printed by Chromium, each page
 * rendered to a JPEG (some at a slant, with speckle) and packed as an image-only PDF.
 *   npx tsx src/adapters/node/ingest/test-support/scan-reports.ts make    (writes the PDFs)
 *   npx tsx src/adapters/node/ingest/test-support/scan-reports.ts [split]  (OCRs and scores them)
 *   npx tsx src/adapters/node/ingest/test-support/scan-reports.ts stress [dir]  (the same, scanned worse)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateVersion } from '../../../../domain/catalogue.ts';
import { IngestError } from '../../../../../ingest/errors.ts';
import { parseReport } from '../../../../../ingest/pipeline.ts';
import { REAL_OTHER_DIR, realOtherCases } from '../../../../../ingest/test-support/real-other.ts';
import { gridToHtml, t2Grid, t3Grid, t4Grid } from '../../../../../ingest/test-support/render.ts';
import { nodePdfReaders } from '../pdf-tools.ts';
import { printPdfs } from './chromium-pdf.ts';
import { imagePdf, renderJpegs } from './scan-pdf.ts';

export const REAL_SCAN_DIR = join(REAL_OTHER_DIR, '..', 'real-scan');

export interface ScanCase {
  /** The real-other page the scan is made from (its gold is the scan's). */
  source: string;
  split: 'dev' | 'holdout';
  dpi: number;
  /** Degrees the page is turned, as a sheet fed askew. */
  slant: number;
  /** Speckle (ImageMagick Gaussian noise attenuation), 0 for none. */
  noise: number;
}

/** dev: the five pages of real-other's s13, scanned; holdout: pages measured only, never tuned to. */
export const SCAN_CASES: ScanCase[] = [
  { source: 'lzq_jd_2019_page.txt', split: 'dev', dpi: 200, slant: 0, noise: 0 },
  { source: 'beijingjie_2020_page.txt', split: 'dev', dpi: 200, slant: 0.4, noise: 0 },
  { source: 'zhongshan_jd_2021_page.txt', split: 'dev', dpi: 150, slant: 0, noise: 0.2 },
  { source: 'hanyang_bgs_2022_page.txt', split: 'dev', dpi: 300, slant: -0.3, noise: 0 },
  { source: 'nanhu_ju_2019_page.txt', split: 'dev', dpi: 200, slant: 0, noise: 0 },
  { source: 'sjz_jyj_2021_page.txt', split: 'holdout', dpi: 200, slant: 0, noise: 0 },
  { source: 'longgang_2024_page.txt', split: 'holdout', dpi: 200, slant: 0.5, noise: 0 },
  { source: 'kazuo_wjj_2025_page.txt', split: 'holdout', dpi: 150, slant: 0, noise: 0.2 },
  { source: 'zhongjiang_bm_2022_page.txt', split: 'holdout', dpi: 300, slant: 0, noise: 0 },
  { source: 'changxingdao_ju_2022_page.txt', split: 'holdout', dpi: 200, slant: -0.4, noise: 0 },
  { source: 'hongqiao_zwfw_2022_page.txt', split: 'holdout', dpi: 200, slant: 0, noise: 0.3 },
  { source: 'abaga_zrzyj_2023_page.txt', split: 'holdout', dpi: 150, slant: 0, noise: 0 },
  { source: 'dalu_2019_page.txt', split: 'holdout', dpi: 300, slant: 0.3, noise: 0 },
];

export const scanFile = (c: ScanCase) => c.source.replace(/_page\.txt$/, '_scan.pdf');

/** The prose before 表二 (its heading 二、主动公开…): its lines while they stay within this many characters. */
const PROSE_CHARS = 1500;

function reportHtml(text: string, template: TemplateVersion, cells: Record<string, number | null>): string {
  const at = text.search(/二\s*[、.．]\s*主动公开/);
  const has = (t: string) => Object.keys(cells).some((k) => k.startsWith(`${t}.`));
  let chars = 0;
  const paras = (at < 0 ? text : text.slice(0, at))
    .split('\n')
    .filter((l) => l.trim() && (chars += l.length) <= PROSE_CHARS)
    .map((l) => `<p>${l.replace(/[<>&|]/g, ' ')}</p>`);
  return [
    '<html><head><meta charset="utf-8"></head><body>',
    ...paras,
    '<p>二、主动公开政府信息情况</p>',
    gridToHtml(t2Grid(template, cells)),
    ...(has('t3') ? ['<p>三、收到和处理政府信息公开申请情况</p>', gridToHtml(t3Grid(template, cells))] : []),
    ...(has('t4') ? ['<p>四、政府信息公开行政复议、行政诉讼情况</p>', gridToHtml(t4Grid(cells))] : []),
    '</body></html>',
  ].join('\n');
}

async function make(cases = SCAN_CASES, out = REAL_SCAN_DIR): Promise<void> {
  mkdirSync(out, { recursive: true });
  const gold = new Map(realOtherCases().map((c) => [c.file, c]));
  const pdfs = await printPdfs(
    cases.map((c) => {
      const g = gold.get(c.source)!;
      const text = readFileSync(join(REAL_OTHER_DIR, c.source), 'utf8');
      return reportHtml(text, g.want.template as TemplateVersion, g.cells);
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'scan-make-'));
  try {
    for (const [i, c] of cases.entries()) {
      const pdf = join(dir, 'printed.pdf');
      writeFileSync(pdf, pdfs[i]!);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
      const jpegs = renderJpegs(
        pdf,
        Array.from({ length: pages }, (_, p) => p + 1),
        c.dpi,
      ).map((j) => (c.slant || c.noise ? { ...j, jpeg: degrade(j, c, dir) } : j));
      writeFileSync(join(out, scanFile(c)), imagePdf(jpegs, c.dpi));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page turned and speckled as a scanner leaves it, cropped back to its size (ImageMagick). */
function degrade(page: { jpeg: Buffer; w: number; h: number }, c: ScanCase, dir: string): Buffer {
  const [src, out] = [join(dir, 'in.jpg'), join(dir, 'out.jpg')];
  writeFileSync(src, page.jpeg);
  // The full path: a stand-in `convert` may come first on PATH.
  execFileSync('/usr/bin/convert', [
    src,
    '-background',
    'white',
    '-rotate',
    String(c.slant),
    '-gravity',
    'center',
    '-extent',
    `${page.w}x${page.h}`,
    ...(c.noise ? ['-attenuate', String(c.noise), '+noise', 'Gaussian'] : []),
    '-quality',
    '85',
    '-type',
    'TrueColor',
    out,
  ]);
  return readFileSync(out);
}

export interface ScanScore {
  refused: string | null;
  /** Gold cells, exact ones, NULL ones where the page shows a number, and numbers read wrong. */
  cells: number;
  exact: number;
  missed: number;
  wrong: string[];
  /** Cells read that are not marked as read by OCR. */
  unmarked: number;
}

/** OCRs one scan and scores its cells against its source page's gold. */
export async function scoreScan(c: ScanCase, dir = REAL_SCAN_DIR): Promise<ScanScore> {
  const want = realOtherCases().find((x) => x.file === c.source)!.cells;
  const keys = Object.keys(want);
  let r: Awaited<ReturnType<typeof parseReport>>;
  try {
    r = await parseReport(scanFile(c), readFileSync(join(dir, scanFile(c))), nodePdfReaders());
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { refused: e.message, cells: keys.length, exact: 0, missed: 0, wrong: [], unmarked: 0 };
  }
  const got = new Map(r.cells.map((x) => [x.key, x.value]));
  return {
    refused: null,
    cells: keys.length,
    exact: keys.filter((k) => (got.get(k) ?? null) === want[k]).length,
    missed: keys.filter((k) => want[k] !== null && (got.get(k) ?? null) === null).length,
    wrong: [...got]
      .filter(([k, v]) => v !== null && (!(k in want) || want[k] !== v))
      .map(([k, v]) => `${k}: got ${v}, want ${want[k] ?? 'none'}`),
    unmarked: r.cells.filter((x) => x.value !== null && x.status !== 'ocr').length,
  };
}

async function measure(cases: ScanCase[], dir = REAL_SCAN_DIR, name = 'all'): Promise<void> {
  const totals = { cells: 0, exact: 0, missed: 0, wrong: 0, refused: 0 };
  for (const c of cases) {
    const t0 = performance.now();
    const s = await scoreScan(c, dir);
    totals.cells += s.cells;
    totals.exact += s.exact;
    totals.missed += s.missed;
    totals.wrong += s.wrong.length;
    totals.refused += s.refused ? 1 : 0;
    const secs = ((performance.now() - t0) / 1000).toFixed(0);
    console.log(
      `${c.split.padEnd(7)} ${scanFile(c)}: ${s.refused ? `REFUSED (${s.refused})` : `${s.exact}/${s.cells} exact, ${s.missed} NULL`} (${secs} s)` +
        `${s.wrong.length ? ` | WRONG ${s.wrong.join('; ')}` : ''}`,
    );
  }
  console.log(
    `${name}: refused ${totals.refused}; cells ${totals.cells}: exact ${totals.exact}, NULL for a number ${totals.missed}; wrong ${totals.wrong}`,
  );
}

/**
 * The same pages scanned worse (150 dpi, turned 1°, speckled): a stress check of "no number wrong".
 * Made in a temporary folder, or in `keep` once and read from there after, so that two versions
 * of the code are measured on the same scans.
 */
async function stress(keep?: string): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'scan-stress-'));
  try {
    const worse = SCAN_CASES.map((c, i) => ({ ...c, dpi: 150, slant: i % 2 ? 1 : -1, noise: 0.5 }));
    if (!keep || !existsSync(join(keep, scanFile(worse.at(-1)!)))) await make(worse, dir);
    await measure(worse, dir, 'stress');
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  if (arg === 'make') await make();
  else if (arg === 'stress') await stress(process.argv[3]);
  else
    await measure(
      SCAN_CASES.filter((c) => !arg || c.split === arg),
      REAL_SCAN_DIR,
      arg,
    );
}
