import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { deferIndexes, rebuildDeferredIndexes, statement, type DB } from '../db.ts';
import { writeReport, type WriteOutcome } from '../report-writer.ts';
import type { Indexing } from '../indexing.ts';
import { bindEmbedder } from '../vector-index.ts';
import { indexReport, type IndexedChunk } from '../../../retrieval/index-report.ts';
import type { ParsedReport } from '../../../domain/types.ts';
import { IngestError } from '../../../../ingest/errors.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import { formatOf, MAX_FILE_BYTES } from '../../../../ingest/read/index.ts';

export interface FileResult {
  path: string;
  outcome: WriteOutcome | 'error';
  /** The one-line reason for an error. */
  error?: string;
  warnings: string[];
  cells: number;
  failed: number;
}

/** Expands files and folders (recursively) into the report files ingest can read, sorted. */
export function listReportFiles(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) visit(join(p, name));
    else if (formatOf(p) || paths.includes(p)) out.push(p);
  };
  for (const p of paths) visit(p);
  return out;
}

/** Reports stored per commit: one commit per report costs more than parsing it. */
const BATCH = 200;
/**
 * Files parsed and indexed before any of them is written. Alternating stage by stage, jieba's
 * dictionary and SQLite's pages push each other out of the CPU caches: in groups, each stage runs
 * with its own working set warm.
 */
const GROUP = 25;
/** …and at most this much input at once, whatever the files' sizes. */
const GROUP_BYTES = 16 * 1024 * 1024;

/** A file parsed and indexed, ready to be written; or why it cannot be. */
type Prepared = { path: string; shown: string; report: ParsedReport; chunks: IndexedChunk[] } | FileResult;

/**
 * Ingests files; a bad file is reported and skipped, leaving the database as it was. Unexpected
 * exceptions from a parser are caught too: one file never stops the others. Each report is
 * written atomically (a savepoint); commits are batched. An aborted `signal` (Ctrl-C) stops the
 * load after the group in hand, keeping what was written.
 */
export async function ingestFiles(db: DB, files: string[], indexing: Indexing, onFile?: (r: FileResult, i: number) => void, signal?: AbortSignal): Promise<FileResult[]> {
  bindEmbedder(db, indexing.embedder.info);
  const results: FileResult[] = [];
  // A bulk load checkpoints the WAL once at the end rather than every thousand pages, and builds
  // the aggregate index once at the end when it at least doubles the database: dropped in the
  // batch of its first new report, so a load of unchanged files keeps it.
  const bulk = files.length > BATCH;
  const mayDefer = bulk && files.length >= (statement(db, 'SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
  let deferred = false;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (bulk) db.pragma('wal_autocheckpoint = 0');
  let failure: unknown = null;
  try {
    for (let from = 0; from < files.length && !signal?.aborted; ) {
      const group: Prepared[] = [];
      // Whole files: the last one may take the group past GROUP_BYTES by up to MAX_FILE_BYTES.
      for (let bytes = 0; from + group.length < files.length && group.length < GROUP && bytes < GROUP_BYTES; ) {
        const { prepared, size } = await prepareFile(files[from + group.length]!, indexing);
        group.push(prepared);
        bytes += size;
      }
      for (const [k, prepared] of group.entries()) {
        const i = from + k;
        if (i % BATCH === 0) {
          if (db.inTransaction) db.exec('COMMIT');
          db.exec('BEGIN');
        }
        if (mayDefer && !deferred && 'report' in prepared && !statement(db, 'SELECT 1 FROM reports WHERE content_hash = ?').get(prepared.report.contentHash)) {
          deferIndexes(db);
          deferred = true;
        }
        const result = 'report' in prepared ? write(db, prepared) : prepared;
        results.push(result);
        onFile?.(result, i);
      }
      from += group.length;
    }
    if (db.inTransaction) db.exec('COMMIT');
  } catch (e) {
    failure = e;
  }
  if (db.inTransaction) db.exec('ROLLBACK');
  if (bulk) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  try {
    // Only the load that dropped the index rebuilds it: another process's load keeps its own.
    if (deferred) rebuildDeferredIndexes(db);
    if (bulk) db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    failure ??= e;
  }
  if (failure) throw failure;
  return results;
}

async function prepareFile(file: string, indexing: Indexing): Promise<{ prepared: Prepared; size: number }> {
  const path = resolve(file);
  let size = 0;
  try {
    size = statSync(path).size;
    if (size > MAX_FILE_BYTES) throw new IngestError(`file too large (limit ${MAX_FILE_BYTES / 1048576} MB)`);
    return { prepared: await prepare(path, file, readFileSync(path), indexing), size };
  } catch (e) {
    return { prepared: failed(file, e), size };
  }
}

async function prepare(path: string, shown: string, bytes: Uint8Array, { segmenter, embedder }: Indexing): Promise<Prepared> {
  try {
    const report = await parseReport(basename(path), bytes);
    segmenter.addWords([report.org, report.region].filter((w): w is string => Boolean(w)));
    return { path, shown, report, chunks: await indexReport(report.text, report.sections, report.cells, segmenter, embedder) };
  } catch (e) {
    return failed(shown, e);
  }
}

function write(db: DB, { path, shown, report, chunks }: Exclude<Prepared, FileResult>): FileResult {
  try {
    const outcome = writeReport(db, path, report, chunks);
    return { path: shown, outcome, warnings: report.warnings, cells: report.cells.length, failed: report.validation.filter((v) => v.status === 'FAIL').length };
  } catch (e) {
    return failed(shown, e);
  }
}

/** Ingests one file's bytes (an upload, or a file read from disk) under `path`. */
export async function ingestBytes(db: DB, path: string, shown: string, bytes: Uint8Array, indexing: Indexing): Promise<FileResult> {
  const prepared = await prepare(path, shown, bytes, indexing);
  return 'report' in prepared ? write(db, prepared) : prepared;
}

function failed(path: string, e: unknown): FileResult {
  const reason = e instanceof IngestError ? e.message : `unexpected error: ${(e as Error).message}`;
  return { path, outcome: 'error', error: reason, warnings: [], cells: 0, failed: 0 };
}
