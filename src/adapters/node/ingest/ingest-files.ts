import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { beginWrite, deferIndexes, rebuildDeferredIndexes, statement, type DB } from '../db.ts';
import { writeReport, type WriteOutcome } from '../report-writer.ts';
import type { Indexing } from '../indexing.ts';
import { bindEmbedder } from '../vector-index.ts';
import { indexReport, type IndexedChunk } from '../../../retrieval/index-report.ts';
import type { ParsedReport } from '../../../domain/types.ts';
import { formatOf, LIMITS } from '../../../../ingest/read/index.ts';
import { ParsePool } from './parse-pool.ts';

export interface FileResult {
  path: string;
  outcome: WriteOutcome | 'error';
  /** The one-line reason for an error. */
  error?: string;
  /** For 'replaced': the reports this one took the place of (org, year and where each came from). */
  replaced?: string;
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

/** A load of more files than this is a bulk load (see `ingestFiles`). */
const BULK = 200;
/**
 * A bulk load checkpoints the WAL each time it holds this many pages (64 MB), not every thousand:
 * fewer, larger checkpoints write a hot page once, and the WAL stays small instead of growing to
 * the size of the database (3.2 GB at 31,000 reports when it was checkpointed only at the end).
 */
const BULK_CHECKPOINT_PAGES = 16_384;
/**
 * Reports written per transaction at most. The write lock is held only while a group is written
 * (never while files are parsed), so other writers wait a fraction of a second; and what a
 * killed process loses is at most the group it was writing, never a report half-written.
 */
const GROUP = 25;
/** A group is written once this long has passed since its first report was parsed, however small. */
const GROUP_MS = 250;
/** Files read ahead for the parser, and at most this much input, whatever the files' sizes. */
const AHEAD = 25;
const AHEAD_BYTES = 32 * 1024 * 1024;

/** A file parsed and indexed, ready to be written; or why it cannot be. */
type Prepared = { path: string; shown: string; report: ParsedReport; chunks: IndexedChunk[] } | FileResult;

/** One sandbox per process, shared by loads and uploads (see ParsePool). */
let sandbox: ParsePool | null = null;

function parsers(): ParsePool {
  return (sandbox ??= new ParsePool());
}

/** Stops the parse workers (at shutdown; idle workers never keep the process alive anyway). */
export async function closeParsers(): Promise<void> {
  await sandbox?.close();
  sandbox = null;
}

/**
 * Ingests files; a bad file is reported and skipped, leaving the database as it was. Files are
 * read and parsed in the sandbox of parse-pool.ts, so no file can stop the others or the
 * process. Reports are written in groups, each in one transaction (each report in its own
 * savepoint); `onFile` hears of a file only once its group is committed. An aborted `signal`
 * (Ctrl-C) stops the load after the files already parsed, which are written.
 */
export async function ingestFiles(
  db: DB,
  files: string[],
  indexing: Indexing,
  onFile?: (r: FileResult, i: number) => void,
  signal?: AbortSignal,
): Promise<FileResult[]> {
  bindEmbedder(db, indexing.embedder.info);
  const pool = parsers();
  const results: FileResult[] = [];
  // A bulk load builds the aggregate index once at the end when it at least doubles the
  // database: dropped in the group of its first new report, so a load of unchanged files keeps it.
  const bulk = files.length > BULK;
  const mayDefer =
    bulk && files.length >= (statement(db, 'SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
  let deferred = false;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (bulk) db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
  // Files in the sandbox, in order, each with whether it is done yet.
  const ahead: { size: number; done: boolean; prepared?: Promise<Prepared> }[] = [];
  let next = 0;
  const readAhead = () => {
    let bytes = ahead.reduce((n, a) => n + a.size, 0);
    while (next < files.length && ahead.length < AHEAD && bytes < AHEAD_BYTES && !signal?.aborted) {
      const item: (typeof ahead)[number] = { size: 0, done: false };
      item.prepared = prepareFile(files[next++]!, indexing, pool, (size) => (item.size = size)).then((p) => {
        item.done = true;
        return p;
      });
      ahead.push(item);
      bytes += item.size;
    }
  };
  let failure: unknown = null;
  try {
    readAhead();
    while (ahead.length > 0) {
      // A group: the next file, then those parsed by the time it is full or GROUP_MS has passed.
      const group: Prepared[] = [await ahead.shift()!.prepared!];
      const until = Date.now() + GROUP_MS;
      readAhead();
      while (group.length < GROUP && ahead.length > 0 && !signal?.aborted) {
        if (!ahead[0]!.done) {
          const wait = until - Date.now();
          if (wait <= 0) break;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([ahead[0]!.prepared!, new Promise((r) => (timer = setTimeout(r, wait)))]);
          clearTimeout(timer);
          if (!ahead[0]!.done) break;
        }
        group.push(await ahead.shift()!.prepared!);
        readAhead();
      }
      const written = await writeGroup(db, group, () => {
        if (
          mayDefer &&
          !deferred &&
          group.some(
            (p) =>
              'report' in p && !statement(db, 'SELECT 1 FROM reports WHERE content_hash = ?').get(p.report.contentHash),
          )
        ) {
          deferIndexes(db);
          deferred = true;
        }
      });
      for (const r of written) {
        results.push(r);
        onFile?.(r, results.length - 1);
      }
      // Parsed files not yet written are dropped: the load stops at a commit.
      if (signal?.aborted) break;
      // Lets signals, uploads and questions in between groups.
      await new Promise((r) => setImmediate(r));
    }
  } catch (e) {
    failure = e;
  }
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

/** The write in progress on each connection: a connection has one transaction at a time. */
const writing = new WeakMap<DB, Promise<unknown>>();

/**
 * Writes prepared reports in one transaction (`before` runs first, inside it), after any other
 * write on this connection (concurrent uploads share the server's). Between reports the event
 * loop is let go: tsx SIGKILLs a child whose loop does not hear a signal within ~60 ms.
 */
async function writeGroup(db: DB, group: Prepared[], before?: () => void): Promise<FileResult[]> {
  if (!group.some((p) => 'report' in p)) return group as FileResult[];
  const run = async () => {
    await beginWrite(db);
    try {
      before?.();
      const out: FileResult[] = [];
      for (const p of group) {
        out.push('report' in p ? write(db, p) : p);
        if (group.length > 1) await new Promise((r) => setImmediate(r));
      }
      db.exec('COMMIT');
      return out;
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  };
  const result = (writing.get(db) ?? Promise.resolve()).then(run, run);
  writing.set(
    db,
    result.catch(() => undefined),
  );
  return result;
}

async function prepareFile(
  file: string,
  indexing: Indexing,
  pool: ParsePool,
  sized: (n: number) => void,
): Promise<Prepared> {
  const path = resolve(file);
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    sized(size);
    if (size > LIMITS.fileBytes)
      return failed(file, `file too large (${(size / 1048576).toFixed(1)} MB; limit ${LIMITS.fileBytes / 1048576} MB)`);
    bytes = readFileSync(path);
  } catch (e) {
    return failed(file, (e as Error).message);
  }
  return prepare(path, file, bytes, indexing, pool);
}

async function prepare(
  path: string,
  shown: string,
  bytes: Uint8Array,
  indexing: Indexing,
  pool: ParsePool,
): Promise<Prepared> {
  const parsed = await pool.parse(basename(shown), bytes);
  if (!parsed.ok) return failed(shown, parsed.error);
  const { report } = parsed;
  // A report that names no org is kept with org null (see UNNAMED_ORG) and its warning.
  try {
    indexing.segmenter.addWords([report.org, report.region].filter((w): w is string => Boolean(w)));
    return {
      path,
      shown,
      report,
      chunks: await indexReport(report.text, report.sections, report.cells, indexing.segmenter, indexing.embedder),
    };
  } catch (e) {
    return failed(shown, `indexing failed: ${(e as Error).message}`);
  }
}

function write(db: DB, { path, shown, report, chunks }: Exclude<Prepared, FileResult>): FileResult {
  try {
    const { outcome, replaced } = writeReport(db, path, report, chunks);
    return {
      path: shown,
      outcome,
      ...(replaced ? { replaced } : {}),
      warnings: report.warnings,
      cells: report.cells.length,
      failed: report.validation.filter((v) => v.status === 'FAIL').length,
    };
  } catch (e) {
    return failed(shown, `unexpected error: ${(e as Error).message}`);
  }
}

/** Ingests one file's bytes (an upload, or a file read from disk) under `path`. */
export async function ingestBytes(
  db: DB,
  path: string,
  shown: string,
  bytes: Uint8Array,
  indexing: Indexing,
): Promise<FileResult> {
  bindEmbedder(db, indexing.embedder.info);
  const [result] = await writeGroup(db, [await prepare(path, shown, bytes, indexing, parsers())]);
  return result!;
}

/**
 * Ingests uploaded files. An upload is known by its content, not its name: it is stored under
 * the hash of its bytes, so two reports uploaded under one name are both kept, and the same org
 * and year replaces (see writeReport).
 */
export async function ingestUploads(
  db: DB,
  files: { name: string; bytes: Uint8Array }[],
  indexing: Indexing,
): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const f of files) {
    const key = `upload:${createHash('sha256').update(f.bytes).digest('hex').slice(0, 16)}`;
    out.push(await ingestBytes(db, key, f.name, f.bytes, indexing));
  }
  return out;
}

function failed(path: string, reason: string): FileResult {
  return { path, outcome: 'error', error: reason, warnings: [], cells: 0, failed: 0 };
}
