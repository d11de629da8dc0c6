/**
 * npm run bench:ingest -- [--n N] [--rounds R] [--seed S] [--dir D] [--pdf-only]
 * Generates N report files per layout (varied orgs and years), then times `ingestFiles` (read,
 * parse, index, store) into a fresh SQLite file, R times per format, in one process. Prints the
 * median and the range of reports/s, and database bytes per report. An untimed run of 250
 * reports first warms up the JIT. (This machine's speed drifts by ±30% between runs: hence rounds.)
 * The PDF rows parse the real 淮安 report and generated reports printed by Chromium (where it is
 * installed), one file at a time after an untimed warm-up, with each reader: poppler from a warm
 * helper (what ingest uses on Node), pdftotext (its fallback) and pdf.js (the Workers path), with the
 * median CPU time per report of this process and its subprocesses, which a loaded machine's
 * wall-clock figures hide, and the cells read against the generated reports' truth. `taskset -c 0
 * npm run bench:ingest -- --pdf-only` gives the one-core figures (subprocesses inherit the pinning).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db.ts';
import { generateCorpus, type GeneratedReport } from '../../../../eval/generator/corpus.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles } from '../ingest/ingest-files.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import type { PdfReaders } from '../../../../ingest/read/index.ts';
import { nodePdfReaders, pdfTools, pdftotextPages } from '../ingest/pdf-tools.ts';
import { pdfwordsCpuSeconds } from '../ingest/pdfwords.ts';
import { hasChromium, printPdfs } from '../ingest/test-support/chromium-pdf.ts';
import { shellCpuSeconds } from '../ingest/pdftotext-shell.ts';
import type { Layout } from '../../../../ingest/test-support/render.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const n = arg('--n', 500);
const seed = arg('--seed', 1);
const rounds = arg('--rounds', 3);
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const LAYOUTS: [string, Layout][] = [
  ['txt (tab-separated)', 'tabs'],
  ['txt (one cell per line)', 'lines'],
  ['txt (GB18030)', 'gb18030'],
  ['html', 'html'],
  ['docx', 'docx'],
];

async function collect(layout: Layout, limit = n): Promise<GeneratedReport[]> {
  const out: GeneratedReport[] = [];
  for await (const g of generateCorpus({ seed, orgs: Math.ceil(n / YEARS.length), years: YEARS, layouts: [layout] })) {
    out.push(g);
    if (out.length === limit) break;
  }
  return out;
}

// --dir /dev/shm measures without the disk (its writes make this machine's figures vary widely).
const dir = mkdtempSync(
  join(process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1]! : tmpdir(), 'bench-ingest-'),
);
async function writeFiles(layout: Layout, count: number): Promise<string[]> {
  const sub = join(dir, `${layout}-${count}`);
  mkdirSync(sub);
  return (await collect(layout)).slice(0, count).map((g) => {
    const path = join(sub, g.name);
    writeFileSync(path, g.bytes);
    return path;
  });
}

console.log(
  `bench:ingest — ${n} generated reports per format, ${rounds} rounds each, seed ${seed}, one process (one core)`,
);
console.log('format                      reports/s (median)   range      ms/report   DB bytes/report');
if (!process.argv.includes('--pdf-only')) {
  // Warm-up: more than one commit batch, so the bulk-load path is compiled before it is timed.
  const warm = openDatabase(join(dir, 'warm.db'));
  const indexing = await indexingFromEnv({});
  await ingestFiles(warm, await writeFiles('tabs', 250), indexing);
  warm.close();
  for (const [label, layout] of LAYOUTS) {
    const files = await writeFiles(layout, n);
    const rates: number[] = [];
    let bytes = 0;
    let errors = 0;
    for (let round = 0; round < rounds; round++) {
      const path = join(dir, `${layout}-${round}.db`);
      const db = openDatabase(path);
      const t0 = performance.now();
      const results = await ingestFiles(db, files, indexing);
      rates.push(files.length / ((performance.now() - t0) / 1000));
      errors += results.filter((r) => r.outcome === 'error').length;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      bytes = statSync(path).size;
      rmSync(path);
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)]!;
    const range = `${rates[0]!.toFixed(0)}–${rates.at(-1)!.toFixed(0)}`;
    console.log(
      `${label.padEnd(26)} ${median.toFixed(0).padStart(18)} ${range.padStart(9)} ${(1000 / median).toFixed(2).padStart(14)} ${(bytes / files.length).toFixed(0).padStart(17)}${errors ? `  (${errors} errors!)` : ''}`,
    );
  }
}

/** PDFs printed by Chromium besides the real one: the median is over them all. */
const PDF_PRINTED = 34;
/** Parses of each PDF, timed together (the pdftotext shells' CPU is counted in 10 ms ticks). */
const PDF_RUNS = 5;
/** Untimed parses first: with 3, compiling the parse path took 5-10 ms of each timed report's CPU. */
const PDF_WARM_UP = 20;

/**
 * CPU seconds of this process (µs resolution), of the pdftotext runs of its shells and of its
 * poppler helpers (Linux /proc, 10 ms ticks).
 */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6 + shellCpuSeconds() + pdfwordsCpuSeconds();
};

// The PDFs: generated reports printed by Chromium and, last (the first file timed pays for the
// warm-up's garbage), the real 淮安 report (WPS, 6 pages).
const huaian = readFileSync(
  join(import.meta.dirname, '..', '..', '..', '..', 'corpus', 'real', 'huaian_2024_szfgs2024.pdf'),
);
const pdfs: { name: string; bytes: Uint8Array; cells?: Record<string, number | null> }[] = [];
if (hasChromium()) {
  const html = await collect('html', PDF_PRINTED);
  const printed = await printPdfs(html.map((g) => Buffer.from(g.bytes).toString('utf8')));
  for (const [i, bytes] of printed.entries()) pdfs.push({ name: `${i}.pdf`, bytes, cells: html[i]!.truth.cells });
}
pdfs.push({ name: 'huaian.pdf', bytes: huaian });
const readers: [string, PdfReaders | undefined][] = [
  ...(pdfTools().pdftotext
    ? [
        ['poppler', nodePdfReaders()] as [string, PdfReaders],
        ['pdftotext', { text: pdftotextPages }] as [string, PdfReaders],
      ]
    : []),
  ['pdf.js', undefined],
];
console.log(
  `pdf: 淮安 2024 (6 pages, WPS) and ${pdfs.length - 1} generated reports printed by Chromium, parse only, each file ${PDF_RUNS}× per reader, readers taking turns`,
);
// Each reader (pdf.js first: its garbage is collected during the next reader's turn) parses
// every file once, and the real one 20 times more. Then the poppler readers take turns file by
// file, each first as often as the other, so that a loaded machine's drift falls on both alike;
// pdf.js runs last, on its own.
for (const [, r] of [...readers].reverse()) {
  for (const f of pdfs) await parseReport(f.name, f.bytes, r);
  for (let i = 0; i < PDF_WARM_UP; i++) await parseReport('huaian.pdf', huaian, r);
}
const tally = readers.map(() => ({ cpuMs: [] as number[], ms: 0, exact: 0, wrong: 0, all: 0 }));
const turns = [...pdfs.entries()].flatMap(([n, f]) => {
  const fast = readers.flatMap(([label], j) => (label === 'pdf.js' ? [] : [j]));
  return (n % 2 ? fast.reverse() : fast).map((j) => ({ f, j }));
});
turns.push(...pdfs.map((f) => ({ f, j: readers.length - 1 })));
for (const { f, j } of turns) {
  const t = tally[j]!;
  const [t0, c0] = [performance.now(), cpuSeconds()];
  let report: Awaited<ReturnType<typeof parseReport>> | undefined;
  for (let i = 0; i < PDF_RUNS; i++) report = await parseReport(f.name, f.bytes, readers[j]![1]);
  t.cpuMs.push(((cpuSeconds() - c0) * 1000) / PDF_RUNS);
  t.ms += performance.now() - t0;
  const got = new Map(report!.cells.map((c) => [c.key, c.value]));
  for (const [k, v] of Object.entries(f.cells ?? {})) {
    t.all++;
    if (got.get(k) === v) t.exact++;
    else if (got.get(k) != null) t.wrong++;
  }
}
console.log(
  'reader    reports/s   CPU ms/report (with subprocesses): median  淮安   cells exact / wrong against truth',
);
for (const [j, [label]] of readers.entries()) {
  const t = tally[j]!;
  const median = [...t.cpuMs].sort((a, b) => a - b)[Math.floor(t.cpuMs.length / 2)]!;
  console.log(
    `${label.padEnd(8)} ${((pdfs.length * PDF_RUNS) / (t.ms / 1000)).toFixed(1).padStart(11)} ${median.toFixed(1).padStart(42)} ${t.cpuMs.at(-1)!.toFixed(1).padStart(6)} ${`${t.exact}/${t.all} / ${t.wrong}`.padStart(37)}`,
  );
}
rmSync(dir, { recursive: true, force: true });
