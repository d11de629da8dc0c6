import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DB } from '../src/adapters/node/db.ts';
import { indexingFromEnv } from '../src/adapters/node/indexing.ts';
import { ingestFiles, listReportFiles } from '../src/adapters/node/ingest/ingest-files.ts';
import { generateCorpus } from './generator/corpus.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SAMPLES = join(ROOT, 'corpus', 'samples');

/** The generated multi-year, multi-org corpus of the aggregate question set (fixed seed). */
/** The day the eval asks on: a bare 去年 is the calendar's last year, so the gold must not move with the clock. */
export const EVAL_TODAY = new Date('2026-06-30T12:00:00Z');
export const GENERATED = { seed: 20261122, orgs: 12, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025] };

/**
 * Ingests the bundled sample corpus, and any `extra` files or folders, into a new database in `dir`.
 * Every sample must ingest; an extra file that ingest refuses (real reports it cannot read) is left
 * out and named on stderr, since a hold-out measures what the system makes of such files.
 */
export async function sampleDb(dir: string, extra: string[] = []): Promise<DB> {
  const db = openDatabase(join(dir, 'samples.db'));
  const results = await ingestFiles(db, listReportFiles([SAMPLES, ...extra]), await indexingFromEnv({}));
  const bad = results.filter((r) => r.outcome === 'error');
  const samples = bad.filter((r) => r.path.startsWith(SAMPLES));
  if (samples.length)
    throw new Error(`sample corpus did not ingest: ${samples.map((r) => `${r.path}: ${r.error}`).join('; ')}`);
  for (const r of bad) console.error(`not ingested: ${r.path}: ${r.error}`);
  return db;
}

/** Writes the generated corpus as files in `dir`/files and ingests them into `dir`/generated.db. */
export async function generatedDb(dir: string): Promise<DB> {
  const files = join(dir, 'generated-files');
  mkdirSync(files, { recursive: true });
  const paths: string[] = [];
  for await (const g of generateCorpus({ ...GENERATED, layouts: ['tabs', 'html', 'lines'] })) {
    const p = join(files, g.name);
    writeFileSync(p, g.bytes);
    paths.push(p);
  }
  const db = openDatabase(join(dir, 'generated.db'));
  await ingestFiles(db, paths, await indexingFromEnv({}));
  return db;
}
