/**
 * npm run bench:ingest -- [--n N] [--rounds R] [--seed S] [--dir D] [--pdf-only]
 * Generates N report files per layout (varied orgs and years), then times `ingestFiles` (read,
 * parse, index, store) into a fresh SQLite file, R times per format, in one process. Prints the
 * median and the range of reports/s, and database bytes per report. An untimed run of 250
 * reports first warms up the JIT. (This machine's speed drifts by ±30% between runs: hence rounds.)
 * The PDF rows parse the real 淮安 report, one file at a time after an untimed warm-up, with each
 * reader this machine has: poppler's pdftotext (what ingest uses where it is installed) and pdf.js
 * (the fallback, and the Workers path), with the CPU time per report of this process and its
 * subprocesses, which a loaded machine's wall-clock figures hide. `taskset -c 0 npm run
 * bench:ingest -- --pdf-only` gives the one-core figures (subprocesses inherit the pinning).
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
import { nodePdfReaders, pdfTools } from '../ingest/pdf-tools.ts';
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

async function collect(layout: Layout): Promise<GeneratedReport[]> {
  const out: GeneratedReport[] = [];
  for await (const g of generateCorpus({ seed, orgs: Math.ceil(n / YEARS.length), years: YEARS, layouts: [layout] })) {
    out.push(g);
    if (out.length === n) break;
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

/**
 * CPU seconds of this process and its finished subprocesses, with the pdftotext runs of the
 * shells still alive (Linux /proc; 0 elsewhere).
 */
function cpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ');
    // utime stime cutime cstime are fields 14–17 of stat, in clock ticks (100 a second).
    return f.slice(11, 15).reduce((a, b) => a + Number(b), 0) / 100 + shellCpuSeconds();
  } catch {
    return 0;
  }
}

const pdf = readFileSync(
  join(import.meta.dirname, '..', '..', '..', '..', 'corpus', 'real', 'huaian_2024_szfgs2024.pdf'),
);
/** Untimed parses first: with 3, compiling the parse path took 5-10 ms of each timed report's CPU. */
const PDF_WARM_UP = 20;
const readers: [string, PdfReaders | undefined][] = [
  ...(pdfTools().pdftotext ? [['poppler', nodePdfReaders()] as [string, PdfReaders]] : []),
  ['pdf.js', undefined],
];
console.log('pdf (淮安 2024, 6 pages, parse only)   reports/s   ms/report   CPU ms/report (with subprocesses)');
for (const [label, r] of readers) {
  for (let i = 0; i < PDF_WARM_UP; i++) await parseReport('huaian.pdf', pdf, r);
  const runs = Math.min(n, 50);
  const [t0, c0] = [performance.now(), cpuSeconds()];
  for (let i = 0; i < runs; i++) await parseReport('huaian.pdf', pdf, r);
  const [ms, cpu] = [performance.now() - t0, cpuSeconds() - c0];
  console.log(
    `${`pdf, ${label}`.padEnd(36)} ${(runs / (ms / 1000)).toFixed(1).padStart(11)} ${(ms / runs).toFixed(1).padStart(11)} ${((cpu * 1000) / runs).toFixed(1).padStart(11)}`,
  );
}
rmSync(dir, { recursive: true, force: true });
